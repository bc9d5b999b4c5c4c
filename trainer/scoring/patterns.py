"""Built-in text patterns: specific times and dates, phone numbers, money amounts.

Phone numbers are found written ("(555) 014-2290") and spoken ("five five five, oh one four
two", "double five"), because voicemail transcripts spell digits out. Every function returns
character spans in the analysed text.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_DAYS = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?"
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINALS = (
    r"(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|thirtieth"
)
_TIME_PARTS = [
    r"\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])",  # 4 pm, 10:30am
    r"\d{1,2}:\d{2}",  # 4:15
    r"noon|midnight|lunch ?time|end of (?:the )?(?:day|business)|close of business",
    rf"(?:the )?end of (?:the month|this month|{_MONTHS})",
    r"(?:today|tonight|tomorrow)(?: (?:morning|afternoon|evening|night))?",
    r"this (?:morning|afternoon|evening)",
    rf"(?:this|next|on|by|until|through|before|after) {_DAYS}",
    rf"{_DAYS}(?: (?:morning|afternoon|evening|night))?",
    rf"{_MONTHS}\.? \d{{1,2}}(?:st|nd|rd|th)?",
    rf"{_MONTHS} (?:{_ORDINALS})",
    rf"\d{{1,2}}(?:st|nd|rd|th)? of {_MONTHS}",
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?",
    r"the \d{1,2}(?:st|nd|rd|th)",
    rf"(?:through|until|till|on|by|before|after|ends?|ending|expires?) the (?:{_ORDINALS})",
    # "at five" is a time, but "at five five five, oh one..." is a phone number being read out
    r"(?:after|before|by|around|at) (?:\d{1,2}(?::\d{2})?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve)\b(?![\s,.-]+(?:oh|zero|one|two|three|four|five|six|seven"
    r"|eight|nine|\d)\b)",
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?: (?:thirty|fifteen|forty-five|o'clock))? (?:a\.?m\.?|p\.?m\.?|o'clock)",
    r"(?:for|within|in) (?:the next )?(?:\d+|one|two|three|five|seven|ten|fourteen|thirty)"
    r" (?:days?|hours?)",
    r"good (?:for|through) (?:\d+|one|two|three|five|seven|ten|fourteen|thirty) days?",
    r"within the hour|in (?:an|the next) hour|right after this call|in (?:a few|ten|five) minutes",
    rf"(?:the )?(?:first|second|third|last) week of {_MONTHS}|(?:early|mid|late)[ -]{_MONTHS}",
]
_TIME = re.compile(r"\b(?:" + "|".join(_TIME_PARTS) + r")\b", re.I)
# A deadline: the word that makes a date a limit, right before the date itself.
_DEADLINE = re.compile(
    r"\b(?:through|thru|until|till|ends?|ending|expires?|expiring|valid (?:through|until)"
    r"|good (?:through|until|till)|runs? (?:through|until)|before|no later than|deadline(?: is)?"
    r"|last day(?: is)?|closes?|held until|hold it until|hold it (?:for you )?(?:until|till))"
    r"\s+(?:on\s+|at\s+)?(?:the\s+end\s+of\s+)?"
    r"(?=(?:" + "|".join([*_TIME_PARTS, rf"the (?:{_ORDINALS})"]) + r")\b)",
    re.I,
)
_ORDINAL_DAY = re.compile(rf"the (?:{_ORDINALS})\b", re.I)
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

_DIGIT = re.compile(r"\d")
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


# The words each part of _TIME_PARTS can start with ("#d": a digit, "#day"/"#month": a day
# or month name). time_spans tries only the parts a word can start, which keeps it fast.
_PART_STARTS: list[tuple[str, ...]] = [
    ("#d",),
    ("#d",),
    ("noon", "midnight", "lunch", "lunchtime", "end", "close"),
    ("the", "end"),
    ("today", "tonight", "tomorrow"),
    ("this",),
    ("this", "next", "on", "by", "until", "through", "before", "after"),
    ("#day",),
    ("#month",),
    ("#month",),
    ("#d",),
    ("#d",),
    ("the",),
    (
        "through",
        "until",
        "till",
        "on",
        "by",
        "before",
        "after",
        "end",
        "ends",
        "ending",
        "expire",
        "expires",
    ),
    ("after", "before", "by", "around", "at"),
    (
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ),
    ("for", "within", "in"),
    ("good",),
    ("within", "in", "right"),
    ("the", "first", "second", "third", "last", "early", "mid", "late"),
]
_DAY_PREFIXES = frozenset("mon tue wed thu fri sat sun".split())
_MONTH_PREFIXES = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_WORD_AT = re.compile(r"[A-Za-z0-9]+")
# Candidate first words, found in one C-level scan; only these are dispatched in Python.
_WORD_START = re.compile(
    r"\b(?:\d+|noon|midnight|lunch(?:time)?|end|ends|ending|close|today|tonight|tomorrow|this"
    r"|next|on|by|until|till|through|before|after|around|at|for|within|in|good|the|expires?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b",
    re.I,
)


def _dispatch() -> dict[str, re.Pattern[str]]:
    keys: dict[str, list[int]] = {}
    for index, starts in enumerate(_PART_STARTS):
        for key in starts:
            keys.setdefault(key, []).append(index)
    return {
        key: re.compile(r"(?:" + "|".join(_TIME_PARTS[i] for i in parts) + r")\b", re.I)
        for key, parts in keys.items()
    }


_BY_START = _dispatch()
assert len(_PART_STARTS) == len(_TIME_PARTS)


def _time_pattern(word: str) -> re.Pattern[str] | None:
    if word[0].isdigit():
        return _BY_START["#d"]
    lowered = word.lower()
    found = _BY_START.get(lowered)
    prefix = lowered[:3]
    if prefix in _DAY_PREFIXES or prefix in _MONTH_PREFIXES:
        extra = _BY_START["#day" if prefix in _DAY_PREFIXES else "#month"]
        if found is None:
            return extra
        return re.compile(f"{found.pattern}|{extra.pattern}", re.I)
    return found


# Anchors: the word every time expression contains (a digit, a day or month name, "today",
# "noon", a number word...). Prepositions before an anchor ("at", "through the") are picked
# up by looking back, so only a handful of places per message are ever tried.
_ANCHOR = re.compile(
    r"\b(?:\d|noon|midnight|lunch|today|tonight|tomorrow|morning|afternoon|evening|hour\b"
    r"|minutes\b|call\b|week\b|end\b"
    r"|close\b|good\b"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
    r"|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|(?:twenty|thirty)|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|thirtieth)\b)",
    re.I,
)
_LEAD_WORDS = re.compile(
    r"\b(?:this|next|on|by|until|till|through|before|after|around|at|for|within|in|the|ends?"
    r"|ending|expires?|good|right|an|few|ten|five|first|second|third|last|early|mid|late)\b",
    re.I,
)


def time_spans(text: str) -> list[Span]:
    """Return spans of specific times, days and dates ("4:15", "Thursday", "Nov 30")."""
    spans: list[Span] = []
    end = 0
    for anchor in _ANCHOR.finditer(text):
        position = anchor.start()
        if position < end:
            continue
        # Candidate starts: up to three lead words right before the anchor, then the anchor.
        window_start = max(end, position - 30)
        leads = [m.start() for m in _LEAD_WORDS.finditer(text, window_start, position)]
        for start in [*leads, position]:
            word = _WORD_AT.match(text, start)
            pattern = _time_pattern(word.group()) if word else None
            match = pattern.match(text, start) if pattern else None
            if match and match.end() > position:
                spans.append(match.span())
                end = match.end()
                break
    return spans


_DEADLINE_BEFORE = re.compile(
    r"\b(?:through|thru|until|till|ends?|ending|expires?|expiring|valid (?:through|until)"
    r"|good (?:through|until|till)|runs? (?:through|until)|before|no later than|deadline(?: is)?"
    r"|last day(?: is)?|closes?|held until|hold it (?:for you )?(?:until|till))"
    r"\s+(?:on\s+|at\s+)?(?:the\s+end\s+of\s+)?$",
    re.I,
)
_GOOD_FOR = re.compile(r"good for ", re.I)
# Time spans that carry their own limit word ("through Saturday", "until the 30th").
_DEADLINE_INSIDE = re.compile(r"(?:through|thru|until|till|before|ends?|ending|expires?)\b", re.I)


def deadline_spans(text: str, times: list[Span] | None = None) -> list[Span]:
    """Return spans of deadlines: a limit word right before a date or time ("ends May 31")."""
    spans = []
    for start, end in times if times is not None else time_spans(text):
        if _GOOD_FOR.match(text, start) or _DEADLINE_INSIDE.match(text, start):
            spans.append((start, end))
            continue
        before = _DEADLINE_BEFORE.search(text[max(0, start - 40) : start])
        if before:
            spans.append((max(0, start - 40) + before.start(), end))
    return spans


_MONEY_START = re.compile(r"[$\d]")


def money_spans(text: str) -> list[Span]:
    """Return spans of money amounts, written or spoken ("$38,995", "twenty nine thousand")."""
    spans: list[Span] = []
    end = 0
    for candidate in _MONEY_START.finditer(text):
        position = candidate.start()
        if position < end or (position and text[position - 1].isalnum() and text[position] != "$"):
            continue
        match = _MONEY.match(text, position)
        if match:
            spans.append(match.span())
            end = match.end()
    if _MONEY_WORD.search(text):
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


def _spoken_runs(text: str) -> list[tuple[str, Span]]:
    """Collect runs of spoken or written digits: each run's digits and its span."""
    if len(_NUMBER_WORD.findall(text)) < 4:  # a spoken number needs several number words
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


_PHONE_START = re.compile(r"[+(\d]")


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
