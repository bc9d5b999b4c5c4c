"""Track files: the bundled ones load cleanly; a wrong one is reported with file, line, field."""

from __future__ import annotations

import pytest

from trainer.certification import load_track, load_tracks
from trainer.paths import rubrics_dir
from trainer.yamldoc import FileError

TRACKS = rubrics_dir() / "tracks"


def test_the_bundled_tracks_load_and_name_real_scenarios(library):
    catalog = load_tracks([TRACKS], set(library.catalog.scenarios))
    assert catalog.problems == []
    assert {
        "internet-lead-response-1",
        "follow-up-discipline-2",
        "voicemail-1",
        "unsold-customer-recovery-1",
    } <= set(catalog.tracks)
    level2 = catalog.tracks["follow-up-discipline-2"]
    assert level2.prerequisites == ("internet-lead-response-1",)
    assert level2.release == "review"
    assert level2.rules.min_discipline == 60


def test_the_reference_file_is_a_valid_track(library):
    track = load_track(TRACKS / "_reference.yaml", set(library.catalog.scenarios))
    assert track.rules.min_mean["urgency"] == 2.5
    assert track.rules.max_speed_to_lead == 15


def _problems(tmp_path, text: str, scenarios=frozenset({"new-availability-cr-v"})):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileError) as caught:
        load_track(path, set(scenarios))
    return caught.value.problems


def test_every_problem_in_a_track_is_reported_with_its_line(tmp_path):
    problems = _problems(
        tmp_path,
        "id: Bad Id\n"
        "title: A track\n"
        "version: 1\n"
        "exam:\n"
        "  pool: [new-availability-cr-v, no-such-scenario]\n"
        "  time_limit_minutes: 2\n"
        "  release: whenever\n"
        "pass:\n"
        "  min_mean: {trust: 5, charm: 3}\n"
        "validity: {months: 12}\n",
    )
    found = {(p.field, p.line) for p in problems}
    assert ("id", 1) in found
    assert ("exam.pool[1]", 5) in found
    assert ("exam.time_limit_minutes", 6) in found
    assert ("exam.release", 7) in found
    assert ("pass.min_mean.trust", 9) in found
    assert ("pass.min_mean.charm", 9) in found
    assert all(p.file.endswith("broken.yaml") for p in problems)
    by_field = {p.field: p for p in problems}
    assert "no-such-scenario" in by_field["exam.pool[1]"].message
    assert "trainer scenarios list" in by_field["exam.pool[1]"].hint


def test_a_track_without_rules_or_pool_is_refused(tmp_path):
    problems = _problems(
        tmp_path,
        "id: empty\ntitle: Empty\nversion: 1\nexam: {pool: [], time_limit_minutes: 30}\n"
        "pass: {}\nvalidity: {months: 12}\n",
    )
    messages = " ".join(f"{p.field}: {p.message}" for p in problems)
    assert "exam.pool: is empty" in messages
    assert "pass: has no rules" in messages


def test_one_broken_file_never_stops_the_others(tmp_path):
    (tmp_path / "good.yaml").write_text(
        (TRACKS / "voicemail-1.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "bad.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (tmp_path / "needs.yaml").write_text(
        "id: needs-missing\ntitle: T\nversion: 1\nexam: {pool: [a], time_limit_minutes: 30}\n"
        "pass: {min_overall: 50}\nvalidity: {months: 6}\nprerequisites: [nowhere]\n",
        encoding="utf-8",
    )
    catalog = load_tracks([tmp_path])
    assert set(catalog.tracks) == {"voicemail-1", "needs-missing"}
    fields = {(p.file.rsplit("/", 1)[-1], p.field) for p in catalog.problems}
    assert ("bad.yaml", "(syntax)") in fields
    assert ("needs.yaml", "prerequisites[0]") in fields
