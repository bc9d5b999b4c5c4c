"""Reconciling two passes' readings of the phone numbers in one recording."""

from __future__ import annotations

import pytest

from trainer.speech.reconcile import (
    NumberReading,
    apply,
    candidates,
    groups_of,
    keep_once,
    number_readings,
    reconcile,
    repeat_edits,
    valid_number,
)


def reading(digits: str, start: float, end: float) -> NumberReading:
    return NumberReading(digits, (0, 0), start, end)


@pytest.mark.parametrize(
    "digits, valid",
    [
        ("6145550142", "6145550142"),
        ("16145550142", "6145550142"),
        ("5550142", "5550142"),
        ("614550142", None),  # 9 digits
        ("60355550169", None),  # 11 digits not starting with 1
        ("1145550142", None),  # an area code cannot start with 1
        ("6140550142", None),  # nor an exchange with 0
        ("0550142", None),
    ],
)
def test_valid_numbers_are_nanp_shaped(digits, valid):
    assert valid_number(digits) == valid


def test_repeat_edits_double_a_digit_or_undo_a_double():
    assert repeat_edits("60355550169") == {"6035550169"}
    assert "6145550142" in repeat_edits("614550142")
    assert "6145550142" not in repeat_edits("614650142")  # a different digit is not a repeat


def test_number_readings_carry_times_and_skip_short_numbers():
    text = "Call 614-555-0142 by 5 for $399"
    times = [(0, 4, 0.0, 0.4), (5, 17, 0.5, 3.0), (18, 20, 3.1, 3.2), (21, 22, 3.3, 3.4)]
    times += [(23, 26, 3.5, 3.6), (27, 31, 3.7, 4.0)]
    found = number_readings(text, times)
    assert [(r.digits, r.span, r.start, r.end) for r in found] == [
        ("6145550142", (5, 17), 0.5, 3.0)
    ]


def test_a_valid_check_reading_replaces_a_misheard_main_reading():
    main = [reading("614550142", 10, 14), reading("6145550142", 16, 20)]
    check = [reading("6145550142", 10.2, 13.9), reading("6145550142", 16, 20)]
    assert reconcile(main, [check]) == {0: "6145550142"}


def test_two_invalid_readings_one_repeat_from_the_same_number_agree():
    main = [reading("60355550169", 11, 14.8)]  # a fourth "five"
    check = [reading("603550169", 11, 14.6)]  # a "five" lost
    assert reconcile(main, [check]) == {0: "6035550169"}


def test_an_invalid_reading_joins_the_number_another_mention_was_heard_as():
    main = [reading("60355550169", 11, 14.8), reading("6035550169", 15.5, 20)]
    check = [reading("603355550169", 11, 14.6), reading("6035550169", 15.6, 19.9)]
    assert reconcile(main, [check]) == {0: "6035550169"}


def test_agreeing_or_unresolvable_readings_change_nothing():
    main = [reading("6145550142", 10, 14)]
    assert reconcile(main, [[reading("6145550142", 10, 14)]]) == {}
    # the same 9 digits from both passes: many numbers are one repeat away, none chosen
    assert reconcile([reading("619555012", 36, 40)], [[reading("619555012", 36, 40)]]) == {}
    # a check reading of other audio says nothing about this one
    assert reconcile([reading("614550142", 10, 14)], [[reading("6145550142", 30, 34)]]) == {}


def test_two_different_numbers_stay_different():
    main = [reading("6145550142", 10, 14), reading("3125550187", 16, 20)]
    check = [reading("6145550142", 10, 14), reading("3125550187", 16, 20)]
    assert reconcile(main, [check]) == {}
    # a disagreement on the second is settled by its own audio, not by the first number
    check = [reading("6145550142", 10, 14), reading("3125550181", 16, 20)]
    assert reconcile(main, [check]) == {}


def test_a_number_said_once_is_not_doubled():
    main = [reading("614550142", 10, 14)]  # only one mention, misheard, no check agreement
    assert reconcile(main, [[]]) == {}


def test_apply_writes_the_chosen_number_into_the_text():
    text = "call 6-1-4-5-5-0-1-4-2 again 614-555-0142"
    main = [NumberReading("614550142", (5, 22), 1, 3), NumberReading("6145550142", (29, 41), 4, 6)]
    assert apply(text, main, {0: "6145550142"}) == "call 614-555-0142 again 614-555-0142"


def test_a_looping_phrase_is_kept_once():
    words = "Again 603. See you next time, see you next time, see you next time, see".split()
    kept = [words[i] for i in keep_once(words)]
    assert kept == "Again 603. See you next time, see".split()


@pytest.mark.parametrize(
    "text",
    [
        "six one four six one four six one four five five five",  # a number said three times
        "five five five five five five oh one",
        "call me, call me back",  # twice is not a loop
    ],
)
def test_numbers_and_short_repeats_are_never_cut(text):
    words = text.split()
    assert keep_once(words) == list(range(len(words)))


def test_candidates_are_the_readings_and_small_edits_of_them():
    found = candidates(["60355550169", "603550169"])
    assert "6035550169" in found  # a fourth "five" undone, a lost "five" restored
    assert all(len(c) == 10 for c in found)  # seven-digit edits dropped when ten exist
    assert "60355550169" not in found  # invalid readings are not candidates themselves


def test_a_reading_with_a_neighbouring_number_word_is_trimmed():
    # "... oh one double eight. One more time" read as 11 digits
    assert "2145550188" in candidates(["21455501881"])
    assert "2145550188" in candidates(["12145550188"])


def test_candidates_never_bring_in_a_number_nobody_heard():
    heard = ["7325550198", "7325550198"]
    found = set(candidates(heard))
    assert "7325550198" in found
    assert found <= {"7325550198"} | repeat_edits("7325550198")  # only what was heard, edited
    assert "6145550142" not in found


def test_groups_hold_each_mentions_readings_from_every_pass():
    main = [reading("6145550142", 3.0, 6.0), reading("614550142", 7.0, 10.0)]
    check = [reading("614555042", 3.1, 6.1)]
    third = [reading("6145550142", 2.9, 6.0), reading("6145550142", 7.2, 9.9)]
    assert groups_of(main, [check, third]) == [
        ["6145550142", "614555042", "6145550142"],
        ["614550142", "6145550142"],
    ]
