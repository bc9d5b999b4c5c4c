"""Tidying phone numbers in a transcript: recogniser spellings into one written form.

Recognisers write a spoken number many ways: "2-1-4, 5-5-5, 0-1-8-8", "808 5 5 5 Oh 1 5 3",
"four oh two, double five five ...", sometimes with a sound-alike word inside the run ("9-5
for 5-5-5"). `tidy_numbers` rewrites each run that holds a phone number (7, 10 or 11 digits,
or one of those said twice without a pause) as "614-555-0142", so the grader reads it the
same way every time, and returns where each rewrite came from so times in the recording can
still be found. Runs of any other length (prices, years, mileage) are left alone.
"""

from __future__ import annotations

import re
from itertools import pairwise

_UNITS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
# Sound-alikes a recogniser writes for a digit ("six so to triple five" for "six oh two ..."):
# read as digits only inside a run of digits (after a digit, before a digit, a repeat word or
# another sound-alike leading to one), and kept only when the run then forms a phone number.
_SOUND_ALIKES = {
    "to": "2", "too": "2", "for": "4", "free": "3", "tree": "3", "ate": "8", "so": "0",
    "won": "1",
}  # fmt: skip
_REPEATS = {"double": 2, "triple": 3}
_PIECE = re.compile(r"\d+|[A-Za-z]+")
_SEPARATOR = re.compile(r"[\s,.\-–—]*")

# (start, end) in the tidied text, (start, end) in the original text
Rewrite = tuple[tuple[int, int], tuple[int, int]]


def _pieces(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _PIECE.finditer(text)]


def _digit(pieces: list[tuple[str, int, int]], index: int) -> bool:
    """Return True when the piece at `index` is a digit or a digit word."""
    if not 0 <= index < len(pieces):
        return False
    word = pieces[index][0]
    return word.isdigit() or (word in _UNITS and word != "o")


def _value(pieces: list[tuple[str, int, int]], index: int, in_run: bool) -> str | None:
    """Return the digits the piece at `index` stands for inside a run, or None."""
    word = pieces[index][0]
    if word.isdigit():
        return word
    if word in ("oh", "o"):
        return "0" if in_run or _digit(pieces, index + 1) else None
    if word in _UNITS:
        return _UNITS[word]
    if word in _SOUND_ALIKES and in_run and _digit_ahead(pieces, index + 1):
        return _SOUND_ALIKES[word]
    return None


def _digit_ahead(pieces: list[tuple[str, int, int]], index: int, depth: int = 2) -> bool:
    """Return True when the piece at `index` is a digit, or leads to one through a repeat word
    ("triple five") or at most `depth` sound-alikes ("so to five")."""
    if _digit(pieces, index):
        return True
    if not 0 <= index < len(pieces):
        return False
    word = pieces[index][0]
    if word in _REPEATS:
        return _digit(pieces, index + 1)
    return depth > 0 and word in _SOUND_ALIKES and _digit_ahead(pieces, index + 1, depth - 1)


def _runs(text: str) -> list[list[tuple[str, int, int]]]:
    """Return each run of digits (spoken or written) as its pieces: digits and span.

    A run read through a sound-alike ("six so to ...") that does not form a phone number is
    split there instead, the sound-alikes dropped, as if they had not been read as digits.
    """
    runs = []
    for run in _raw_runs(text):
        alike = [i for i, (_, s, e) in enumerate(run) if text[s:e].lower() in _SOUND_ALIKES]
        if not alike or _phone_part(text, run) is not None:
            runs.append(run)
            continue
        bounds = [-1, *alike, len(run)]
        runs.extend(run[a + 1 : b] for a, b in pairwise(bounds) if run[a + 1 : b])
    return runs


def _raw_runs(text: str) -> list[list[tuple[str, int, int]]]:
    """Return each run of digits, sound-alikes inside a run read as digits."""
    pieces = _pieces(text)
    runs: list[list[tuple[str, int, int]]] = []
    run: list[tuple[str, int, int]] = []
    repeat, repeat_start, last_end = 1, -1, -1  # last_end: the run's last piece, or "double"
    for index, (word, begin, finish) in enumerate(pieces):
        if last_end >= 0 and not _SEPARATOR.fullmatch(text, last_end, begin):
            if run:
                runs.append(run)
            run, repeat, last_end = [], 1, -1
        if word in _REPEATS and _digit(pieces, index + 1):
            repeat, repeat_start, last_end = _REPEATS[word], begin, finish
            continue
        value = _value(pieces, index, bool(run) or repeat > 1)
        if value is None:
            if run:
                runs.append(run)
            run, repeat, last_end = [], 1, -1
            continue
        start = repeat_start if repeat > 1 else begin
        run.append((value * repeat if len(value) == 1 else value, start, finish))
        repeat, last_end = 1, finish
    if run:
        runs.append(run)
    return runs


def _phone_part(text: str, run: list[tuple[str, int, int]]) -> tuple[str, int, int, str] | None:
    """Return (digits, start, end, written) for the run, or for it without a number word at
    either end ("... 0-1-8-8. One more time"), when that is a phone number."""
    word_at = [not text[start:end].isdigit() for _, start, end in run]
    for first in (0, 1):
        for last in (len(run), len(run) - 1):
            if (first and not word_at[0]) or (last < len(run) and not word_at[-1]):
                continue
            part = run[first:last]
            if not part:
                continue
            digits = "".join(d for d, _, _ in part)
            written = _written(digits)
            if written:
                return digits, part[0][1], part[-1][2], written
    return None


def _written(digits: str) -> str | None:
    """Return a phone number's written form, or None when the digits are not one."""
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 7:
        return f"{digits[:3]}-{digits[3:]}"
    for size in (10, 7):  # said twice without a pause
        if len(digits) == 2 * size and digits[:size] == digits[size:]:
            once = _written(digits[:size])
            return f"{once}, {once}"
    return None


def tidy_numbers(text: str) -> tuple[str, list[Rewrite]]:
    """Rewrite phone numbers however a recogniser spelled them; return the text and rewrites."""
    out: list[str] = []
    rewrites: list[Rewrite] = []
    position = shift = 0
    for run in _runs(text):
        found = _phone_part(text, run)
        if found is None:
            continue
        _, start, end, written = found
        if (start and text[start - 1] == "$") or written == text[start:end]:
            continue  # an amount of money, or already written that way
        out.append(text[position:start])
        new_start = start + shift
        out.append(written)
        rewrites.append(((new_start, new_start + len(written)), (start, end)))
        shift += len(written) - (end - start)
        position = end
    out.append(text[position:])
    return "".join(out), rewrites


def original_offset(offset: int, rewrites: list[Rewrite]) -> int:
    """Return where an offset in the tidied text was in the original text."""
    shift = 0
    for (new_start, new_end), (old_start, old_end) in rewrites:
        if offset < new_start:
            break
        if offset < new_end:
            return old_start
        shift = old_end - new_end
    return offset + shift
