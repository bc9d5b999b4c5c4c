"""The follow-up plan drill and the discipline score, on the bundled cadence."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.services.simulation import ScenarioGrader
from trainer.simulation import load_cadence, parse_plan, score_plan
from trainer.simulation.cadence import Cadence, CadencePoint
from trainer.simulation.discipline import discipline, near_duplicate
from trainer.simulation.events import Touch
from trainer.yamldoc import FileError

THIN_PLAN = """\
Day 1 - call - just checking in
Day 2 - call - just checking in
Day 40 - call - just checking in
"""


@pytest.fixture(scope="module")
def cadence():
    return load_cadence()


@pytest.fixture(scope="module")
def tacoma(library):
    scenario = library.scenario("unsold-trade-value-tacoma")
    return scenario, ScenarioGrader(library, scenario)


def _score(text, cadence, scenario, grader):
    return score_plan(
        text,
        cadence,
        objection=scenario.objections[0].type,
        works_on_objection=grader.works_on_objection,
        is_hollow=grader.is_hollow,
    )


def test_plans_are_read_one_touch_per_line():
    touches, unread = parse_plan(
        "Day 3 - text - new appraisal - Hi Sam, the number went up.\n"
        "• day 10: phone call | ask about the spouse's view\n"
        "call him sometime\n"
    )
    assert [(t.day, t.channel) for t in touches] == [(3, "text"), (10, "call")]
    assert touches[0].purpose == "new appraisal"
    assert touches[0].message == "Hi Sam, the number went up."
    assert unread == ["line 3: call him sometime"]


def test_the_model_plan_scores_high_and_a_thin_plan_low(cadence, tacoma):
    scenario, grader = tacoma
    model = next(s for s in scenario.steps if s.channel == "follow_up_plan").model_answer
    good = _score(model, cadence, scenario, grader)
    thin = _score(THIN_PLAN, cadence, scenario, grader)
    assert good.score >= 85
    assert thin.score <= 40
    assert thin.components["channel_mix"].score < good.components["channel_mix"].score
    assert thin.components["value"].score == 0  # "just checking in" every time
    assert thin.components["objection"].score == 0
    assert "day 2 to 40" in thin.components["spacing"].detail


def test_an_empty_plan_scores_zero_and_says_how_to_write_one(cadence, tacoma):
    scenario, grader = tacoma
    result = _score("I'll keep in touch.", cadence, scenario, grader)
    assert result.score == 0
    assert "one touch per line" in result.coaching[0]


def test_near_duplicates_are_caught_but_new_news_is_not():
    a = "Hi Sam, just following up on the Tacoma. Let me know if you have any questions at all."
    b = "Hi Sam, just following up on the Tacoma! Let me know if you have any questions at all"
    c = "Sam, the used-car manager re-ran your trade at $22,100, good through Saturday."
    assert near_duplicate(a, b)
    assert not near_duplicate(a, c)


def _touch(day, channel, text="x", minute=0):
    return Touch(day * 1440 + minute, channel, text, None)


def test_discipline_follows_the_cadence_days_and_channels():
    cadence = Cadence(
        "t", "test", 90, (CadencePoint(0, ("email", "call"), 0), CadencePoint(2, ("text",), 1))
    )
    full = [
        _touch(0, "email", "one"),
        _touch(0, "call", ""),
        _touch(3, "text", "something else entirely"),
    ]
    half = [_touch(0, "email", "one")]
    kwargs = {"start": 0, "end": 10 * 1440, "lost_early": False, "objection": None}
    assert discipline(full, cadence, **kwargs).components["on_time"].score == 100
    partial = discipline(half, cadence, **kwargs)
    assert partial.components["on_time"].score < 50
    assert "day 2: text" in partial.missed


def test_a_broken_cadence_file_is_reported_with_lines(tmp_path: Path):
    path = tmp_path / "cadence.yaml"
    path.write_text(
        "id: x\ntitle: t\nhorizon_days: 90\ntouches:\n  - {day: 3, channels: [fax]}\n  - {day: 1, channels: [text]}\n"
    )
    with pytest.raises(FileError) as caught:
        load_cadence(path)
    text = str(caught.value)
    assert "cadence.yaml:5" in text and "'fax' is not allowed" in text
    assert "day 1 is not after day 3" in text


def test_the_bundled_cadence_is_the_documented_default(cadence):
    assert cadence.horizon_days == 90
    assert [p.day for p in cadence.points] == [0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90]
    assert set(cadence.points[0].channels) == {"email", "call", "text"}
    assert [p.day for p in cadence.points_between(100, 160)] == [120, 150]
