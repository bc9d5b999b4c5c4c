"""The `trainer` command as a consultant or trainer uses it."""

import csv
import io
import json

from trainer.cli import main

GOOD_EMAIL = (
    "Hi Dana,\n\nYes, the Highlander is here and it has the third row. Would a two-minute call at "
    "12:30 or after 6 work better? Or text me at (555) 014-2290.\n\nI'll text you a video of the "
    "third row by 7 tonight; if I miss you, I'll try you tomorrow at noon.\n\nChris, Lakeside Toyota"
)


def first_scenario(library):
    return sorted(library.catalog.scenarios)[0]


def test_score_reads_standard_input_and_prints_a_readable_scorecard(runner, library):
    result = runner.invoke(
        main, ["score", "--scenario", first_scenario(library), "-"], input=GOOD_EMAIL
    )
    assert result.exit_code == 0, result.output
    for title in ("Reconnection", "Urgency", "Trust", "Follow-up discipline", "Overall:"):
        assert title in result.output


def test_score_json_holds_levels_evidence_and_feedback(runner, tmp_path):
    path = tmp_path / "reply.txt"
    path.write_text(GOOD_EMAIL)
    result = runner.invoke(main, ["score", "--channel", "email", "--json", str(path)])
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    assert set(card["scores"]) == {"reconnection", "urgency", "trust", "follow_up"}
    assert 0 <= card["overall"] <= 100
    assert card["evidence"] and card["feedback"]
    span = card["evidence"][0]["spans"][0]
    assert card["evidence"][0]["quotes"][0] in GOOD_EMAIL[span[0] - 20 : span[1] + 20]


def test_score_a_step_by_number_on_a_scenario_file(runner, tmp_path):
    from trainer.paths import scenarios_dir

    reference = str(scenarios_dir() / "_reference.yaml")
    result = runner.invoke(
        main,
        ["score", "--scenario", reference, "--step", "3", "--json", "-"],
        input="Hi Dana, this is Chris at Lakeside Toyota, 555-0142.",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rubric"] == "voicemail"


def test_unknown_scenario_and_step_say_what_to_do(runner, library):
    result = runner.invoke(main, ["score", "--scenario", "no-such-thing", "-"], input="hi")
    assert result.exit_code != 0
    assert "trainer scenarios list" in result.output
    result = runner.invoke(
        main, ["score", "--scenario", first_scenario(library), "--step", "99", "-"], input="hi"
    )
    assert result.exit_code != 0
    assert "has steps 1-" in result.output


def test_batch_jsonl_gives_one_line_per_input_line_in_order(runner, tmp_path):
    lines = [
        {
            "id": "a",
            "channel": "email",
            "message": GOOD_EMAIL,
            "context": {"customer_name": "Dana", "vehicle": "2022 Toyota Highlander XLE", "day": 0},
        },
        "this is not json",
        {"id": "c", "channel": "fax", "message": "hello"},
        {
            "id": "d",
            "channel": "text",
            "message": "Hi Sam, call or text?",
            "context": {"day": "soon"},
        },
        {"id": "e", "channel": "text", "message": "Hi, is 4:15 or 6 better for a quick call?"},
    ]
    path = tmp_path / "audit.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    for workers in ("1", "2"):
        result = runner.invoke(
            main, ["score", "--batch", str(path), "--workers", workers, "--quiet"]
        )
        assert result.exit_code == 0, result.output
        out = [json.loads(line) for line in result.output.splitlines()]
        assert [o["id"] for o in out] == ["a", None, "c", "d", "e"]
        assert set(out[0]["scores"]) == {"reconnection", "urgency", "trust", "follow_up"}
        assert 0 <= out[0]["overall"] <= 100
        assert {"evidence", "feedback"} <= set(out[0])
        assert "not valid JSON" in out[1]["error"]
        assert "channel" in out[2]["error"]
        assert "context.day" in out[3]["error"]
        assert "error" not in out[4]


def test_batch_accepts_a_scenario_id_instead_of_context(runner, tmp_path, library):
    path = tmp_path / "audit.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "x",
                "channel": "email",
                "message": GOOD_EMAIL,
                "scenario": first_scenario(library),
            }
        )
        + "\n"
    )
    result = runner.invoke(main, ["score", "--batch", str(path), "--quiet"])
    assert "error" not in json.loads(result.output)


def test_batch_csv_with_flattened_context_columns(runner, tmp_path):
    path = tmp_path / "crm-export.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "id",
                "channel",
                "message",
                "stage",
                "day",
                "customer_name",
                "vehicle",
                "customer_message",
                "objection",
            ]
        )
        writer.writerow(
            [
                "r1",
                "email",
                GOOD_EMAIL,
                "new_lead",
                "0",
                "Dana",
                "2022 Toyota Highlander",
                "Is it available?",
                "",
            ]
        )
        writer.writerow(
            ["r2", "text", "Multi-line,\nquoted message", "aged_lead", "three", "", "", "", ""]
        )
    result = runner.invoke(main, ["score", "--batch", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["r1", "r2"]
    assert out[0]["scores"]["reconnection"] >= 3
    assert "day" in out[1]["error"]
    csv_out = runner.invoke(
        main, ["score", "--batch", str(path), "--quiet", "--output-format", "csv"]
    )
    rows = list(csv.DictReader(io.StringIO(csv_out.output)))
    assert [r["id"] for r in rows] == ["r1", "r2"]
    assert rows[0]["reconnection"] == str(out[0]["scores"]["reconnection"])


def test_batch_reports_progress_on_stderr_not_stdout(runner, tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "a", "channel": "text", "message": "hi"}) + "\n")
    result = runner.invoke(main, ["score", "--batch", str(path)])
    assert "lines graded" in result.stderr
    assert "lines graded" not in result.stdout


def test_scenarios_validate_passes_on_the_library_and_fails_with_details(runner, tmp_path):
    assert runner.invoke(main, ["scenarios", "validate"]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad Id\n")
    result = runner.invoke(main, ["scenarios", "validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:1: id: 'Bad Id' is not a valid id" in result.output
    as_json = json.loads(runner.invoke(main, ["scenarios", "validate", "--json", str(bad)]).output)
    assert as_json["problems"][0]["hint"]


def test_scenarios_list_shows_the_catalogue(runner, library):
    result = runner.invoke(main, ["scenarios", "list", "--json"])
    rows = json.loads(result.output)
    assert len(rows) == len(library.catalog.scenarios)
    assert {"id", "title", "stage", "difficulty", "steps"} <= set(rows[0])


def test_rubrics_validate_and_list(runner):
    assert runner.invoke(main, ["rubrics", "validate"]).exit_code == 0
    listed = runner.invoke(main, ["rubrics", "list"]).output
    for rubric in ("email", "text", "voicemail", "follow-up-plan"):
        assert rubric in listed


def test_an_organisation_can_add_its_own_scenario_folder(runner, tmp_path, monkeypatch):
    from trainer.paths import scenarios_dir

    own = tmp_path / "our-store"
    own.mkdir()
    text = (scenarios_dir() / "_reference.yaml").read_text()
    (own / "ours.yaml").write_text(
        text.replace("reference-availability-highlander", "our-own-drill")
    )
    monkeypatch.setenv("TRAINER_SCENARIO_PATH", str(own))
    result = runner.invoke(main, ["scenarios", "list", "--json"])
    assert "our-own-drill" in {row["id"] for row in json.loads(result.output)}


def test_bench_reports_single_core_and_batch_figures(runner):
    result = runner.invoke(
        main, ["bench", "--messages", "20", "--batch-lines", "40", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "emails/s" in result.output
    assert result.output.count("batch: ") == 2
    assert "peak memory" in result.output
