"""Reconciling two readings of the same recording's phone numbers.

The whisper engine can decode a clip twice with different prompts (one writing numbers as
words, one as digits); each pass mishears digits in its own way ("five five five" as "55",
"oh" as "four", a fourth "five"). `number_readings` finds every run of digits in a pass
with its time in the recording; `reconcile` takes each number the main pass heard and the
readings the other passes made of the same stretch of audio (overlapping in time), and
keeps the reading most passes agree on that forms a valid North American number (10 digits,
area code and exchange not starting with 0 or 1; or 7 digits). A tie between valid readings
goes to the one heard for another mention of the number in the recording; otherwise the
main pass stands. Each mention is reconciled on its own audio only, so two different
numbers stay two numbers and a number said once is still counted once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from trainer.speech.numbers import _runs

# A run shorter than this is a price, a year or a time, not a phone number being read.
MIN_DIGITS = 6


@dataclass(frozen=True)
class NumberReading:
    """A run of digits one pass heard: digits, its span in the pass's text and its time."""

    digits: str
    span: tuple[int, int]
    start: float
    end: float


def valid_number(digits: str) -> str | None:
    """Return the number as 10 (or 7) digits when it is NANP-shaped, else None."""
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789":
        return digits
    if len(digits) == 7 and digits[0] in "23456789":
        return digits
    return None


def number_readings(text: str, times: list[tuple[int, int, float, float]]) -> list[NumberReading]:
    """Return the digit runs of `text` (at least MIN_DIGITS) with their times.

    `times` holds (start char, end char, start s, end s) for each word of `text`.
    """
    found = []
    for run in _runs(text):
        digits = "".join(d for d, _, _ in run)
        if len(digits) < MIN_DIGITS or len(digits) > 13:
            continue  # short numbers, or a number said twice without a pause (kept as is)
        start, end = run[0][1], run[-1][2]
        inside = [(a, b) for c, d, a, b in times if c < end and d > start]
        if not inside:
            continue
        found.append(NumberReading(digits, (start, end), inside[0][0], inside[-1][1]))
    return found


def _overlap(one: NumberReading, other: NumberReading) -> float:
    return min(one.end, other.end) - max(one.start, other.start)


def _same_audio(reading: NumberReading, others: list[NumberReading]) -> NumberReading | None:
    """Return the reading in `others` that overlaps `reading` most in time, if any does."""
    best = max(others, key=lambda o: _overlap(reading, o), default=None)
    return best if best is not None and _overlap(reading, best) > 0 else None


def _votes(readings: list[str]) -> Counter[str]:
    """Count the valid readings; a 7-digit reading counts for a 10-digit one it ends."""
    valid = [v for v in (valid_number(r) for r in readings) if v]
    longer = [v for v in valid if len(v) == 10]
    votes: Counter[str] = Counter()
    for value in valid:
        if len(value) == 7:
            value = next((v for v in longer if v.endswith(value)), value)
        votes[value] += 1
    return votes


def repeat_edits(digits: str) -> set[str]:
    """Return the valid numbers one repeated digit away: a digit doubled or a double undone.

    Recognisers miscount runs of the same digit ("five five five" as "55", a fourth "five"),
    so a reading one repeat away from a valid number is that number misheard, when another
    reading points the same way.
    """
    out = set()
    for i in range(len(digits)):
        if i + 1 < len(digits) and digits[i] == digits[i + 1]:
            out.add(digits[:i] + digits[i + 1 :])
        out.add(digits[: i + 1] + digits[i] + digits[i + 1 :])
    return {v for v in (valid_number(d) for d in out) if v}


def candidates(group: list[str]) -> list[str]:
    """Return the numbers the readings of one mention could be, for rescoring against the audio.

    Each valid reading; each number one repeated digit away from a reading (`repeat_edits`);
    and a reading too long by a neighbouring number word ("... oh one double eight. One more
    time" read as 11 digits) without its first or last digit. Only what the passes heard and
    these edits of it: never a number from elsewhere, so a wrong number said stays wrong.
    Ten-digit numbers are preferred over seven when there are any.
    """
    found: set[str] = set()
    for digits in group:
        found |= {v for v in (valid_number(digits),) if v}
        found |= repeat_edits(digits)
        if len(digits) > 10:
            found |= {v for v in (valid_number(digits[1:]), valid_number(digits[:-1])) if v}
    ten = {v for v in found if len(v) == 10}
    return sorted(ten or found)


def groups_of(main: list[NumberReading], others: list[list[NumberReading]]) -> list[list[str]]:
    """Return, for each main-pass number, its digits and the other passes' readings of it."""
    groups = []
    for reading in main:
        group = [reading.digits]
        for other in others:
            same = _same_audio(reading, other)
            if same is not None:
                group.append(same.digits)
        groups.append(group)
    return groups


def _choose(group: list[str], elsewhere: Counter[str]) -> str | None:
    """Return the reading of one mention the evidence supports, or None to keep the main one."""
    votes = _votes(group)
    if not votes:
        # No reading is a valid number: one repeat away from a valid number that another
        # reading of the same audio, or of another mention, also points to.
        near = Counter(v for digits in set(group) for v in repeat_edits(digits))
        agreed = [v for v, n in near.items() if n > 1]
        if len(agreed) != 1:
            agreed = [v for v in near if elsewhere.get(v)]
        return agreed[0] if len(agreed) == 1 else None
    top = max(votes.values())
    tied = [v for v, n in votes.items() if n == top]
    if len(tied) > 1:
        supported = [v for v in tied if elsewhere.get(v)]
        own = valid_number(group[0])
        if len(supported) == 1:
            tied = supported
        elif own in tied:
            tied = [own]
        else:
            return None
    return tied[0]


def reconcile(main: list[NumberReading], others: list[list[NumberReading]]) -> dict[int, str]:
    """Return {index in main: digits} for the main-pass numbers another reading corrects."""
    groups = groups_of(main, others)
    changes: dict[int, str] = {}
    for index, group in enumerate(groups):
        elsewhere = _votes([d for i, g in enumerate(groups) if i != index for d in g])
        chosen = _choose(group, elsewhere)
        if chosen is not None and chosen != valid_number(group[0]):
            changes[index] = chosen
    return changes


def _plain(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalnum())


def keep_once(words: list[str], times: int = 3) -> list[int]:
    """Return the indexes of `words` to keep when a phrase repeats `times` or more in a row.

    A decoder stuck in a loop ("see you in the next video, see you in the next video, ...")
    keeps the first time only. A phrase needs two words or more, one of them not a number
    word, so a number said twice or three times ("five five five", "six one four ...
    six one four ...") is never cut.
    """
    plain = [_plain(w) for w in words]
    keep = list(range(len(words)))
    i = 0
    out: list[int] = []
    while i < len(plain):
        cut = 0
        for size in range(2, (len(plain) - i) // times + 1):
            unit = plain[i : i + size]
            if all(w.isdigit() or w in _NUMBER_WORDS for w in unit):
                continue
            count = 1
            while plain[i + count * size : i + (count + 1) * size] == unit:
                count += 1
            if count >= times:
                cut = max(cut, size * count)
                out.extend(keep[i : i + size])
                break
        if cut:
            i += cut
        else:
            out.append(keep[i])
            i += 1
    return out


_NUMBER_WORDS = {
    "zero", "oh", "o", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "double", "triple", "",
}  # fmt: skip


def written(digits: str) -> str:
    """Return 10 or 7 digits in the written form the grader reads: 614-555-0142."""
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return f"{digits[:3]}-{digits[3:]}"


def apply(text: str, main: list[NumberReading], changes: dict[int, str]) -> str:
    """Return `text` with the changed numbers written in."""
    for index in sorted(changes, reverse=True):
        start, end = main[index].span
        text = text[:start] + written(changes[index]) + text[end:]
    return text
