"""`trainer play` and `trainer replay`: scripted and interactive play, golden replays, and
clear messages for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA
from trainer.cli import main

REPLAYS = DATA / "replays"
GOLDEN = sorted(REPLAYS.glob("*.script.yaml"))


def test_there_are_golden_replays():
    assert len(GOLDEN) >= 3


@pytest.mark.parametrize("script", GOLDEN, ids=lambda p: p.name.split(".")[0])
def test_golden_replays_are_byte_identical(runner, script: Path):
    golden = script.with_name(script.name.replace(".script.yaml", ".json"))
    scenario = yaml.safe_load(script.read_text())["scenario"]
    played = runner.invoke(main, ["play", scenario, "--script", str(script), "--json"])
    assert played.exit_code == 0, played.output
    assert played.stdout == golden.read_text(encoding="utf-8")
    replayed = runner.invoke(main, ["replay", str(golden)])
    assert replayed.exit_code == 0, replayed.output
    assert "matches the replay exactly" in replayed.output


def test_a_changed_replay_is_reported_with_where_it_differs(runner, tmp_path):
    data = json.loads((REPLAYS / "aged-day-14-camry.json").read_text())
    data["result"]["outcome"]["kind"] = "appointment_set"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(data))
    result = runner.invoke(main, ["replay", str(tampered)])
    assert result.exit_code == 1
    assert 'result.outcome.kind: "appointment_set" -> "marked_lost"' in result.output
    updated = runner.invoke(main, ["replay", str(tampered), "--update"])
    assert updated.exit_code == 0
    assert runner.invoke(main, ["replay", str(tampered)]).exit_code == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not yaml", "not valid YAML"),
        ("actions:\n  - wait: -2d\n", "negative"),
        ("actions:\n  - wait: 1d\n  - dance: now\n", "'dance' is not an action"),
        ("actions:\n  - email: '   '\n", "the message is empty"),
        ("actions: []\n", "non-empty list"),
        ("seed: lots\nactions:\n  - call\n", "whole number"),
    ],
)
def test_a_bad_script_says_what_and_where(runner, tmp_path, content, says):
    script = tmp_path / "script.yaml"
    script.write_text(content)
    result = runner.invoke(main, ["play", "new-availability-cr-v", "--script", str(script)])
    assert result.exit_code == 2
    assert says in result.output
    assert "script.yaml" in result.output


def test_a_bad_script_line_number_is_given(runner, tmp_path):
    script = tmp_path / "script.yaml"
    script.write_text("actions:\n  - call\n  - wait: soon\n")
    result = runner.invoke(main, ["play", "new-availability-cr-v", "--script", str(script)])
    assert result.exit_code == 2
    assert "script.yaml:3" in result.output


def test_an_unknown_scenario_or_missing_script_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["play", "no-such-scenario", "--script", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "no-such-scenario" in result.output
    missing = runner.invoke(
        main, ["play", "new-availability-cr-v", "--script", str(tmp_path / "x.yaml")]
    )
    assert missing.exit_code == 2
    assert "does not exist" in missing.output


def test_a_replay_that_is_not_one_is_refused(runner, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    result = runner.invoke(main, ["replay", str(bad)])
    assert result.exit_code == 2
    assert "not a Reconnect replay" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert "not valid JSON" in runner.invoke(main, ["replay", str(broken)]).output


SESSION = """\
:help
:dance
:wait -2d
:wait soon
:text
Hi Priya, it's Marisol at Harborview Honda. Yes, the blue CR-V EX-L is here with
heated seats. Quick call at 6:15 tonight, or is text easier?
.
:status
:call
:wait 1d
:end
"""


def test_interactive_play_at_a_terminal(runner, tmp_path):
    saved = tmp_path / "session.json"
    result = runner.invoke(
        main, ["play", "new-availability-cr-v", "--seed", "5", "--save", str(saved)], input=SESSION
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "LEAD  Priya Raman" in out
    assert "YOUR TASK (Text)" in out
    assert ":wait 2h" in out  # the help text
    assert "Unknown command :dance" in out
    assert "negative" in out and "not a duration" in out
    assert "You sent a text. Graded: reconnection" in out
    assert "Called." in out
    assert "OUTCOME:" in out and "SPEED TO LEAD:" in out and "FOLLOW-UP DISCIPLINE:" in out
    replayed = runner.invoke(main, ["replay", str(saved)])
    assert replayed.exit_code == 0, replayed.output


def test_a_message_that_cannot_be_sent_stays_in_the_draft(runner):
    session = ":email\n" + ("word " * 11_000) + "\n.\n:draft\n:clear\n:end\n"
    result = runner.invoke(main, ["play", "new-availability-cr-v", "--seed", "1"], input=session)
    assert result.exit_code == 0, result.output
    assert "Not sent: email: the message is longer than 50,000 characters" in result.output
    assert "Your draft is kept" in result.output
    assert "Draft thrown away." in result.output


def test_stopping_with_a_draft_shows_it_rather_than_losing_it(runner):
    result = runner.invoke(
        main, ["play", "new-availability-cr-v", "--seed", "1"], input="Hi Priya, the CR-V is"
    )
    assert result.exit_code == 0, result.output
    assert "An unsent draft was left" in result.output
    assert "Hi Priya, the CR-V is" in result.output
