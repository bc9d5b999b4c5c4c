"""Times, money and phone numbers, written and spoken."""

import pytest

from trainer.scoring.patterns import money_spans, normalise_number, phone_numbers
from trainer.scoring.times import time_spans


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("call me at (555) 014-2290", "5550142290"),
        ("my cell is 555-0142", "5550142"),
        ("five five five, oh one four two", "5550142"),
        ("five five five - zero one four two", "5550142"),
        ("double five five, oh one three seven", "5550137"),
        ("five fifty five, oh one four two", "5550142"),
        ("1-555-014-2290", "5550142290"),
    ],
)
def test_phone_numbers_written_and_spoken(text, digits):
    found = phone_numbers(text)
    assert [d for d, _ in found] == [digits]


def test_prices_and_mileage_are_not_phone_numbers():
    assert phone_numbers("It is $38,995 with 31,250 miles, stock P4471.") == []


def test_normalised_numbers_compare_on_the_local_part():
    assert normalise_number("(555) 014-2290") == normalise_number("0142290")


@pytest.mark.parametrize(
    "phrase",
    [
        "4:15",
        "at 4 pm",
        "after 6",
        "tonight",
        "Thursday",
        "Nov 30",
        "11/30",
        "noon",
        "good for 7 days",
    ],
)
def test_specific_times(phrase):
    assert time_spans(f"I can do it {phrase} if that works.")


def test_vague_words_are_not_specific_times():
    assert time_spans("I will follow up soon, sometime later this season.") == []


def test_money_written_and_spoken():
    text = "It is $38,995, or about twenty nine thousand dollars, or 39k."
    assert len(money_spans(text)) == 3
