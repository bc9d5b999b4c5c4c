"""Rubric files: the bundled ones load, the reference stays true, mistakes are reported."""

import shutil
from pathlib import Path

import pytest

from trainer.paths import rubrics_dir
from trainer.scoring import Context, grade, load_rubric_files
from trainer.scoring.detectors import REGISTRY
from trainer.scoring.rubric import CRITERIA


def test_every_bundled_rubric_loads_with_all_four_criteria(library):
    assert library.rubric_problems == []
    assert set(library.rubrics) == {"email", "text", "voicemail", "follow-up-plan"}
    for rubric in library.rubrics.values():
        assert tuple(c.id for c in rubric.criteria) == CRITERIA
        for criterion in rubric.criteria:
            assert set(criterion.levels) == {0, 1, 2, 3, 4}


def copy_with(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "rubrics"
    folder.mkdir(exist_ok=True)
    shutil.copy(rubrics_dir() / "_phrases.yaml", folder / "_phrases.yaml")
    (folder / name).write_text(text)
    return folder


def test_the_reference_rubric_is_valid_and_grades(tmp_path):
    reference = (rubrics_dir() / "_reference.yaml").read_text()
    rubrics, problems = load_rubric_files([copy_with(tmp_path, "reference.yaml", reference)])
    assert problems == []
    card = grade(
        "Hi Dana, is 12:30 or after 6 better for a quick call? 555-0142",
        rubrics["reference"],
        Context(customer_name="Dana"),
    )
    assert card.scores["reconnection"] == 4


def test_the_reference_documents_every_detector_type():
    reference = (rubrics_dir() / "_reference.yaml").read_text()
    for type_name in REGISTRY:
        assert type_name in reference, f"document detector type '{type_name}' in the reference"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    type: phrases\n    label: leaves it",
            "    type: phrase\n    label: leaves it",
            "unknown indicator type 'phrase'",
        ),
        (
            "    any: [passive_close]\n    coach: Replace",
            "    any: [pasive_close]\n    coach: Replace",
            "phrase family 'pasive_close' is not defined",
        ),
        ("      2: ask_to_talk\n", "      2: ask_to_tlak\n", "unknown indicator 'ask_to_tlak'"),
        (
            "    min_words: 2\n",
            "    min_words: 2\n    max_words: 5\n",
            "'max_words' is not a setting of type caps",
        ),
    ],
)
def test_rubric_mistakes_are_reported_with_line_and_hint(tmp_path, old, new, expected):
    reference = (rubrics_dir() / "_reference.yaml").read_text()
    assert old in reference
    text = reference.replace(old, new, 1)
    _, problems = load_rubric_files([copy_with(tmp_path, "reference.yaml", text)])
    assert any(expected in p.message for p in problems), problems
    problem = next(p for p in problems if expected in p.message)
    assert problem.line is not None and problem.file.endswith("reference.yaml")


def test_a_phrase_cut_short_by_a_yaml_comment_is_reported(tmp_path):
    folder = tmp_path / "rubrics"
    folder.mkdir()
    phrases = (rubrics_dir() / "_phrases.yaml").read_text()
    assert "canned_strong:\n" in phrases
    phrases = phrases.replace("canned_strong:\n", "canned_strong:\n  - our #1 priority\n", 1)
    (folder / "_phrases.yaml").write_text(phrases)
    shutil.copy(rubrics_dir() / "email.yaml", folder / "email.yaml")
    _, problems = load_rubric_files([folder])
    cut = [p for p in problems if "cut short" in p.message]
    assert len(cut) == 1
    assert cut[0].line == phrases.splitlines().index("  - our #1 priority") + 1
    assert "quotes" in cut[0].hint
