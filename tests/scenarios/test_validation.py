"""A mistake in a scenario file is reported with file, line, field and a hint."""

from pathlib import Path

import pytest

from trainer.paths import scenarios_dir
from trainer.scenarios import load_scenario
from trainer.yamldoc import FileError

REFERENCE = (scenarios_dir() / "_reference.yaml").read_text()
RUBRICS = {"email", "text", "voicemail", "follow-up-plan"}


def problems_for(tmp_path: Path, text: str):
    path = tmp_path / "scenario.yaml"
    path.write_text(text)
    with pytest.raises(FileError) as caught:
        load_scenario(path, RUBRICS)
    return caught.value.problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "field", "hint_word"),
    [
        ("stage: new_lead", "stage: brand_new", "stage", "new_lead"),
        ("  temperament: busy", "  temperament: grumpy", "persona.temperament", "analytical"),
        ("  responsiveness: 0.6", "  responsiveness: 1.6", "persona.responsiveness", "0.0"),
        ("    rubric: email", "    rubric: emial", "steps[0].rubric", "known rubrics"),
        (
            "    must_mention: [customer_name, vehicle, availability]",
            "    must_mention: [customer_name, vehicle, avaliability]",
            "steps[0].must_mention[2]",
            "availability",
        ),
        (
            "        next: trade-question",
            "        next: no-such-step",
            "steps[0].branches[0].next",
            "steps",
        ),
        ("  provided: [email, phone]", "  provided: [email, fax]", "lead.provided[1]", "phone"),
    ],
)
def test_a_wrong_value_names_its_line_field_and_a_hint(tmp_path, old, new, field, hint_word):
    assert old in REFERENCE
    text = REFERENCE.replace(old, new, 1)
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.field == field
    assert problem.line == line_of(text, new.strip())
    assert hint_word in problem.hint


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    text = REFERENCE.replace("stage: new_lead", "stage: nope").replace(
        "difficulty: 2", "difficulty: 9"
    )
    fields = {p.field for p in problems_for(tmp_path, text)}
    assert fields == {"stage", "difficulty"}


def test_an_unknown_key_is_reported_as_a_probable_typo(tmp_path):
    text = REFERENCE.replace("summary: >", "sumary: >")
    problems = problems_for(tmp_path, text)
    assert [p.field for p in problems] == ["sumary", "(top level)"] or any(
        p.field == "sumary" and "unknown key" in p.message for p in problems
    )


def test_steps_must_move_forward_in_time(tmp_path):
    text = REFERENCE.replace("at: {hours: 2}", "at: {minutes: 1}")
    problems = problems_for(tmp_path, text)
    assert any(p.field == "steps[1].at" and "after" in p.message for p in problems)


def test_the_last_branch_must_be_the_default(tmp_path):
    text = REFERENCE.replace(
        "      - prospect: goes_quiet\n        next: day-two\n\n  - id: trade-question",
        '      - prospect: goes_quiet\n        when: {trust: "<2"}\n        next: day-two\n\n  - id: trade-question',
    )
    problems = problems_for(tmp_path, text)
    assert any("last branch" in p.message for p in problems)


def test_a_speaking_branch_needs_words(tmp_path):
    text = REFERENCE.replace(
        '        message: "Saturday at 10 works. I\'ll bring the Pilot."\n', ""
    ).replace("prospect: sets_appointment", "prospect: replies")
    problems = problems_for(tmp_path, text)
    assert any("needs the prospect's message" in p.message for p in problems)


def test_a_bad_comparison_says_how_to_write_one(tmp_path):
    text = REFERENCE.replace('{reconnection: ">=3", trust: ">=2"}', '{reconnection: "at least 3"}')
    problems = problems_for(tmp_path, text)
    assert problems[0].field == "steps[0].branches[0].when.reconnection"
    assert ">=3" in problems[0].hint
