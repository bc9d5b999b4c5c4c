"""Word error rate normalising, tidying recogniser spellings of numbers, and the scripts."""

from __future__ import annotations

import re

import pytest

from trainer.speech.numbers import original_offset, tidy_numbers
from trainer.speech.wer import normalise, word_error_rate


@pytest.mark.parametrize(
    "spoken, written",
    [
        ("six one four, five five five, oh one four two", "614-555-0142"),
        ("four oh two, double five five, zero one three nine", "(402) 555-0139"),
        ("three hundred ninety nine a month", "$399 a month"),
        ("twenty eight thousand five hundred", "28,500"),
        ("It's fifty five", "its 55"),
    ],
)
def test_numbers_compare_as_single_digits(spoken, written):
    assert normalise(spoken) == normalise(written)
    assert word_error_rate(spoken, written) == 0.0


def test_word_error_rate_counts_substitutions_deletions_and_insertions():
    assert normalise("Oh, I see. Call ME!") == ["oh", "i", "see", "call", "me"]
    assert word_error_rate("call me back today", "call you back") == 0.5
    assert word_error_rate("call me", "well call me now") == 1.0


@pytest.mark.parametrize(
    "heard, tidied",
    [
        ("text 2-1-4, 5-5-5, 0-1-8-8. One more time", "text 214-555-0188. One more time"),
        ("at 808 5 5 5 Oh 1 5 3 thanks", "at 808-555-0153 thanks"),
        ("me at 9-5 for 5-5-5, 0-1-2-1.", "me at 954-555-0121."),
        ("call 8165550150 8165550150 today", "call 816-555-0150, 816-555-0150 today"),
        ("four oh two, double five five, oh one three nine", "402-555-0139"),
        # sound-alikes inside a run of digits: "so" for "oh", "to" for "two", "won" for "one"
        ("a ring at six so to triple five oh one one eight.", "a ring at 602-555-0118."),
        ("call six won four, five five five, oh one four two", "call 614-555-0142"),
        ("me at two oh ate, five five five, oh one oh seven", "me at 208-555-0107"),
    ],
)
def test_recogniser_spellings_of_a_number_are_tidied(heard, tidied):
    assert tidy_numbers(heard)[0] == tidied


@pytest.mark.parametrize(
    "text",
    [
        "It is $28,500 or 399 a month; the 2019 has 45,000 miles.",
        "Oh, I see. I have one for you to look at, two or three days.",
        "Call 614-555-0142 today.",
        "I am here for 2 to 3 hours.",
        "So to speak, I have two so two of them.",
        "I won one at 5 so to speak, for 2 or 3 to 4 of them.",
        "Call 614-555-0142 for 2 days, or six so to speak.",
        "It is five so I can do two to four tomorrow.",
    ],
)
def test_other_numbers_are_left_alone(text):
    assert tidy_numbers(text) == (text, [])


def test_offsets_in_the_tidied_text_map_back():
    text = "Call 6 1 4 5 5 5 0 1 4 2 now, or 6 1 4 5 5 5 0 1 4 2."
    tidied, rewrites = tidy_numbers(text)
    assert tidied == "Call 614-555-0142 now, or 614-555-0142."
    assert text[original_offset(tidied.index("now"), rewrites) :].startswith("now")
    second = tidied.rindex("614")
    assert text[original_offset(second, rewrites) :] == "6 1 4 5 5 5 0 1 4 2."


def test_the_scripts_are_enough_and_say_their_numbers(scripts):
    assert len(scripts) >= 24
    kinds = {s.kind for s in scripts.values()}
    assert {"good", "number_once", "price", "too_long", "rambling"} <= kinds
    for script in scripts.values():
        assert re.fullmatch(r"\d{3}55501\d\d", script.callback), script.id
        assert "".join(normalise(script.spoken)[-10:]) == script.callback, script.id
        assert not re.search(r"\d", script.spoken), script.id
        times = script.text.count("{number}")
        assert times == (1 if script.kind == "number_once" else times) and times in (1, 2)


def test_a_sound_alike_that_makes_no_phone_number_splits_the_run():
    from trainer.speech.numbers import _runs

    text = "call 614-555-0142 for 2 days"
    assert ["".join(d for d, _, _ in run) for run in _runs(text)] == ["6145550142", "2"]
    # two different numbers joined by a sound-alike stay two numbers
    text = "614-555-0142 so 312-555-0187"
    assert tidy_numbers(text)[0] == text


def test_a_number_read_through_a_sound_alike_once_is_written_once():
    tidied, rewrites = tidy_numbers("call six so to triple five oh one one eight, bye")
    assert tidied == "call 602-555-0118, bye"
    assert len(rewrites) == 1
