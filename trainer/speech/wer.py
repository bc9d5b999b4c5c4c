"""Word error rate between a script and a transcript, with numbers compared as digits.

Both sides are normalised the same way before counting: lowercase, punctuation stripped,
numbers spoken as words ("five five five", "oh", "double eight", "three hundred ninety
nine") and numbers written as digits ("555-0142", "$28,500") both become single digits, so
"oh one four two" and "0142" count as the same four words.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}
_REPEATS = {"double": 2, "triple": 3}
_NUMBER_WORDS = set(_UNITS) | set(_TEENS) | set(_TENS) | set(_SCALES)


def _tokens(text: str) -> list[str]:
    text = text.lower()
    text = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", text)  # 28,500 -> 28500
    text = re.sub(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)", " ", text)  # cx5 -> cx 5
    text = text.replace("'", "")
    return re.findall(r"[a-z]+|\d+", text)


def _is_number(token: str | None) -> bool:
    return token is not None and (token.isdigit() or token in _NUMBER_WORDS or token in _REPEATS)


def normalise(text: str) -> list[str]:
    """Return the words of `text`, lowercased, without punctuation, numbers as single digits."""
    tokens = _tokens(text)
    out: list[str] = []
    value: int | None = None  # the number being composed from words
    open_slot = 0  # the largest value the next word may add (90 after "thirty" is 9)
    repeat = 1

    def flush() -> None:
        nonlocal value, open_slot
        if value is not None:
            out.extend(str(value))
        value, open_slot = None, 0

    for index, token in enumerate(tokens):
        before = tokens[index - 1] if index else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.isdigit():
            flush()
            out.extend(token)
            continue
        if token in ("oh", "o") and not (_is_number(before) or _is_number(after)):
            flush()
            out.append(token)  # an "oh" that is not a digit
            continue
        if token in _REPEATS and after in _UNITS:
            flush()
            repeat = _REPEATS[token]
            continue
        if token in _UNITS:
            digit = _UNITS[token]
            if repeat > 1:
                out.extend(str(digit) * repeat)
                repeat = 1
            elif value is not None and digit and digit <= open_slot and token not in ("oh", "o"):
                value += digit
                open_slot = 0
            else:
                flush()
                value, open_slot = digit, 0
        elif token in _TEENS or token in _TENS:
            number = _TEENS.get(token) or _TENS[token]
            if value is not None and open_slot >= 99 and number <= open_slot:
                value += number
            else:
                flush()
                value = number
            open_slot = 9 if token in _TENS else 0
        elif token in _SCALES and value is not None:
            scale = _SCALES[token]
            if scale == 1000:
                value *= 1000
            else:
                thousands, rest = divmod(value, 1000)
                value = thousands * 1000 + rest * 100
            open_slot = 99 if scale == 100 else 999
        else:
            flush()
            repeat = 1
            out.append(token)
    flush()
    return out


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Return the word-level Levenshtein distance (substitutions, deletions, insertions)."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, 1):
        current = [i]
        for j, hyp_word in enumerate(hypothesis, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word))
            )
        previous = current
    return previous[-1]


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """Return (word errors, reference words) after normalising both texts."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    return edit_distance(ref, hyp), len(ref)


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Return the word error rate of `hypothesis` against `reference` (0.0 is perfect)."""
    errors, words = word_errors(reference, hypothesis)
    return errors / words if words else float(bool(normalise(hypothesis)))
