"""Built-in number patterns: phone numbers and money amounts, written and spoken.

Phone numbers are found written ("(555) 014-2290") and spoken ("five five five, oh one four
two", "double five"), because voicemail transcripts spell digits out. Every function returns
character spans in the analysed text. Times and dates are in `trainer.scoring.times`.
"""

from __future__ import annotations

import re

Span = tuple[int, int]


def lowered_for_scan(text: str) -> str | None:
    """Return `text` lowered, for scanning with case-sensitive lowercase patterns instead of
    IGNORECASE ones (which Python's `re` runs several times slower), or None when that could
    find different places.

    For patterns made of lowercase ASCII letters, `\\b`, `\\w`, `\\d`, `\\s` and punctuation
    the two scans agree when lowering keeps every character in place (the same length)
    and leaves no letter that IGNORECASE folds to another ASCII letter ("ı" matches "i",
    "ſ" matches "s"). Lowering never changes whether a character is a word character or
    a digit (checked over all of Unicode).
    """
    lowered = text.lower()
    if len(lowered) != len(text) or "ı" in lowered or "ſ" in lowered:
        return None
    return lowered


_PHONE = re.compile(
    r"(?<![\d$])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)|\b\d{3}-\d{4}\b"
)
_MONEY = re.compile(
    r"\$\s?\d[\d,]*(?:\.\d+)?\s?[kK]?\b|\b\d[\d,]{2,}(?:\.\d\d)? ?(?:dollars|bucks)\b"
    r"|\b\d+(?:\.\d+)?\s?(?:k|grand)\b(?! miles)",
    re.I,
)
_SPOKEN_MONEY = re.compile(
    r"\b(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred)[\s-]+)+(?:thousand|hundred|dollars|bucks|grand)\b(?! miles)",
    re.I,
)

_MONEY_WORD = re.compile(r"\b(?:thousand|hundred|dollars|bucks|grand)\b", re.I)
_DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_TEENS_TENS = {
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}
_REPEAT = {"double": 2, "triple": 3}
_NUMBER_PIECE = re.compile(r"\d+|[a-z]+", re.I)
_SEPARATORS = re.compile(r"^[\s,.\-–—()/]*(?:dash|hyphen|and)?[\s,.\-–—()/]*$", re.I)


# Where an amount can start: a "$", or a digit not right after a letter or digit. (The
# lookbehind comes after the character, so `re` can skip ahead to the next "$" or digit;
# `[^\W_]` is exactly `str.isalnum`.)
_MONEY_START = re.compile(r"[$\d](?<![^\W_][^$])")
_MONEY_WORDS = ("thousand", "hundred", "dollars", "bucks", "grand")
_MONEY_WORD_LOWER = re.compile(_MONEY_WORD.pattern)


def _has_money_word(text: str) -> bool:
    lowered = lowered_for_scan(text)
    if lowered is None:
        return bool(_MONEY_WORD.search(text))
    # Most messages have none of the words at all: a substring test settles it.
    return any(word in lowered for word in _MONEY_WORDS) and bool(_MONEY_WORD_LOWER.search(lowered))


def money_spans(text: str) -> list[Span]:
    """Return spans of money amounts, written or spoken ("$38,995", "twenty nine thousand")."""
    spans: list[Span] = []
    end = 0
    for candidate in _MONEY_START.finditer(text):
        position = candidate.start()
        if position < end:
            continue
        match = _MONEY.match(text, position)
        if match:
            spans.append(match.span())
            end = match.end()
    if _has_money_word(text):
        spans += [m.span() for m in _SPOKEN_MONEY.finditer(text)]
    return sorted(spans)


_NUMBER_WORD = re.compile(
    r"\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)\b", re.I
)


def _split_repeats(digits: str, span: Span) -> list[tuple[str, Span]]:
    """Split a number read out twice without a pause ("555 0119, 555 0119") into two."""
    for size in (10, 7):
        if len(digits) == 2 * size and digits[:size] == digits[size:]:
            middle = span[0] + (span[1] - span[0]) // 2
            return [(digits[:size], (span[0], middle)), (digits[size:], (middle, span[1]))]
    return [(digits, span)]


_NUMBER_WORDS = tuple("zero oh one two three four five six seven eight nine double triple".split())
_NUMBER_WORD_LOWER = re.compile(_NUMBER_WORD.pattern)


def _few_number_words(text: str) -> bool:
    """Return True when the text has fewer than four number words (no spoken number)."""
    lowered = lowered_for_scan(text)
    if lowered is None:
        return len(_NUMBER_WORD.findall(text)) < 4
    # Counting substrings ("one" in "phone" too) bounds the words from above, cheaply.
    if sum(lowered.count(word) for word in _NUMBER_WORDS) < 4:
        return True
    return len(_NUMBER_WORD_LOWER.findall(lowered)) < 4


def _spoken_runs(text: str) -> list[tuple[str, Span]]:
    """Collect runs of spoken or written digits: each run's digits and its span."""
    if _few_number_words(text):  # a spoken number needs several number words
        return []
    runs: list[tuple[str, Span]] = []
    digits, start, end, last_end = "", -1, -1, 0
    repeat = 1
    pending_tens = False

    def close() -> None:
        nonlocal digits, start, repeat, pending_tens
        if len(digits) >= 7:
            runs.extend(_split_repeats(digits, (start, end)))
        digits, start, repeat, pending_tens = "", -1, 1, False

    for match in _NUMBER_PIECE.finditer(text):
        piece = match.group().lower()
        gap = text[last_end : match.start()]
        if digits and not _SEPARATORS.match(gap):
            close()
        last_end = match.end()
        if piece.isdigit():
            value = piece
        elif piece in _DIGIT_WORDS and not (piece == "o" and not digits):
            value = _DIGIT_WORDS[piece]
            if pending_tens and value != "0":
                digits = digits[:-1]  # "fifty five" -> 55, not 505
        elif piece in _TEENS_TENS:
            value = _TEENS_TENS[piece]
            if len(value) == 1:
                value += "0"
        elif piece in _REPEAT and (digits or start == -1):
            repeat = _REPEAT[piece]
            if start == -1:
                start = match.start()
            continue
        else:
            if digits:
                close()
            repeat = 1
            continue
        if start == -1:
            start = match.start()
        pending_tens = piece in _TEENS_TENS and len(_TEENS_TENS[piece]) == 1
        digits += value * repeat if len(value) == 1 else value
        repeat = 1
        end = match.end()
    if digits:
        close()
    return runs


# Where a written number can start; the lookbehind (after the character, so `re` can skip
# ahead) drops places right after a digit or "$", which the loop below would skip anyway.
_PHONE_START = re.compile(r"[+(\d](?<![\d$].)")


def _written_phones(text: str):
    end = 0
    for candidate in _PHONE_START.finditer(text):
        position = candidate.start()
        if position < end or (
            position and (text[position - 1].isdigit() or text[position - 1] == "$")
        ):
            continue
        match = _PHONE.match(text, position)
        if match:
            end = match.end()
            yield match


def phone_numbers(text: str) -> list[tuple[str, Span]]:
    """Return every phone number (digits only) with its span, written or spoken."""
    found: list[tuple[str, Span]] = []
    for match in _written_phones(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        found.append((digits, match.span()))
    for digits, span in _spoken_runs(text):
        if any(s[0] <= span[0] < s[1] or span[0] <= s[0] < span[1] for _, s in found):
            continue
        if len(digits) in (7, 10) or (len(digits) == 11 and digits.startswith("1")):
            found.append((digits[-10:] if len(digits) == 11 else digits, span))
    return sorted(found, key=lambda item: item[1])


def normalise_number(digits: str) -> str:
    """Return the comparable form of a phone number: the last seven digits."""
    return re.sub(r"\D", "", digits)[-7:]
