"""The simulated clock and the prospect model: readable waits, time only moving forward, and
odds that reward better answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.scenarios.model import Persona
from trainer.simulation import DurationError, parse_duration
from trainer.simulation.clock import Clock, format_duration
from trainer.simulation.prospect import (
    CRITERIA,
    TouchQuality,
    competitor_rate,
    reply_probability,
    speed_factor,
)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("30m", 30), ("2h", 120), ("3d", 4320), ("1w", 10080), ("1d 4h", 1680), ("2 days", 2880)],
)
def test_waits_are_read_as_people_write_them(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("-2d", "negative"),
        ("0m", "no time"),
        ("soon", "not a duration"),
        ("2 fortnights", "not a unit"),
        ("", "not a duration"),
        ("500d", "longer than"),
    ],
)
def test_bad_waits_say_what_is_wrong(text, says):
    with pytest.raises(DurationError, match=says):
        parse_duration(text)


def test_durations_print_compactly():
    assert format_duration(0) == "0m"
    assert format_duration(1680 + 5) == "1d 4h 5m"


@given(st.lists(st.integers(min_value=0, max_value=100_000), max_size=30))
def test_the_clock_never_runs_backwards(steps):
    clock = Clock(datetime(2026, 1, 1, tzinfo=UTC))
    seen = [clock.now]
    for step in steps:
        clock.advance(step)
        clock.advance_to(step)  # an earlier minute never moves it back
        seen.append(clock.now)
    assert seen == sorted(seen)
    with pytest.raises(ValueError):
        clock.advance(-1)


PERSONA = Persona("Dana", "Reyes", ("text", "email"), "busy", 0.6)
levels = st.fixed_dictionaries({c: st.integers(0, 4) for c in CRITERIA})


@given(
    levels,
    levels,
    st.booleans(),
    st.booleans(),
    st.sampled_from(["email", "text", "voicemail"]),
    st.none() | st.integers(0, 5000),
    st.floats(0, 1),
)
def test_a_better_answer_never_lowers_the_odds_of_a_reply(
    low, bump, pressured, duplicate, channel, waiting, goodwill
):
    better = {c: max(low[c], bump[c]) for c in CRITERIA}
    worse_touch = TouchQuality(low, pressured=pressured, duplicate=duplicate)
    better_touch = TouchQuality(better, pressured=False, duplicate=duplicate)
    kwargs = {"channel": channel, "minutes_waiting": waiting, "goodwill": goodwill}
    assert reply_probability(PERSONA, better_touch, **kwargs) >= reply_probability(
        PERSONA, worse_touch, **kwargs
    )


def test_reconnection_moves_the_prospect_most():
    base = dict.fromkeys(CRITERIA, 2)
    asks = TouchQuality({**base, "reconnection": 4})
    urges = TouchQuality({**base, "urgency": 4})
    assert reply_probability(PERSONA, asks, channel="email") > reply_probability(
        PERSONA, urges, channel="email"
    )


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_answering_sooner_never_hurts(a, b):
    early, late = sorted((a, b))
    assert speed_factor(early) >= speed_factor(late)


def test_silence_and_an_untouched_lead_let_competitors_in():
    touched = competitor_rate(
        "new_lead", touched=True, reconnected=False, days_since_touch=1, fresh_lead=True
    )
    untouched = competitor_rate(
        "new_lead", touched=False, reconnected=False, days_since_touch=1, fresh_lead=True
    )
    neglected = competitor_rate(
        "new_lead", touched=True, reconnected=False, days_since_touch=20, fresh_lead=True
    )
    talking = competitor_rate(
        "new_lead", touched=True, reconnected=True, days_since_touch=1, fresh_lead=True
    )
    assert untouched > neglected > touched > talking
