"""Specific times, days, dates and deadlines in a message ("4:15", "Thursday", "ends May 31").

A specific time is what turns "I'll follow up" into owning the next step, and "soon" into an
honest reason to act. The scan looks for anchor words (a digit, a day or month name, "today")
and only then tries the patterns that can start there, which keeps it fast.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from trainer.scoring.patterns import Span, lowered_for_scan

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
    r"|eight|nine|ten|eleven|twelve)\b(?![,.]\d)(?![\s,.-]+(?:oh|zero|one|two|three|four|five|six|seven"
    r"|eight|nine|\d)\b)",  # "at 8,400 lb" and "at 5.9%" are figures, not times
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?: (?:thirty|fifteen|forty-five|o'clock))? (?:a\.?m\.?|p\.?m\.?|o'clock)",
    r"(?:for|within|in) (?:the next )?(?:\d+|one|two|three|five|seven|ten|fourteen|thirty)"
    r" (?:days?|hours?)",
    r"good (?:for|through) (?:\d+|one|two|three|five|seven|ten|fourteen|thirty) days?",
    r"within the hour|in (?:an|the next) hour|right after this call|in (?:a few|ten|five) minutes",
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r" (?:tonight|today|tomorrow|this (?:morning|afternoon|evening))",
    rf"(?:the )?(?:first|second|third|last) week of {_MONTHS}|(?:early|mid|late)[ -]{_MONTHS}",
]

_HOURS = tuple("one two three four five six seven eight nine ten eleven twelve".split())
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
    _HOURS,
    ("for", "within", "in"),
    ("good",),
    ("within", "in", "right"),
    _HOURS,
    ("the", "first", "second", "third", "last", "early", "mid", "late"),
]
_DAY_PREFIXES = frozenset("mon tue wed thu fri sat sun".split())
_MONTH_PREFIXES = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_WORD_AT = re.compile(r"[A-Za-z0-9]+")


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


# A start word that is also a day or month name tries both sets of parts; they are joined
# once here, not on every call. (No start word is one today, so this is empty.)
_COMBINED = {
    key: re.compile(
        f"{_BY_START[key].pattern}|{_BY_START['#day' if key[:3] in _DAY_PREFIXES else '#month'].pattern}",
        re.I,
    )
    for key in _BY_START
    if key[:3] in _DAY_PREFIXES or key[:3] in _MONTH_PREFIXES
}


def _time_pattern(word: str) -> re.Pattern[str] | None:
    if word[0].isdigit():
        return _BY_START["#d"]
    lowered = word.lower()
    combined = _COMBINED.get(lowered)
    if combined is not None:
        return combined
    prefix = lowered[:3]
    if prefix in _DAY_PREFIXES:
        return _BY_START["#day"]
    if prefix in _MONTH_PREFIXES:
        return _BY_START["#month"]
    return _BY_START.get(lowered)


def _trie(words: dict[str, bool]) -> str:
    """Return a regex matching any of `words`, written as a letter trie.

    `words` maps each word to whether it must end at a word boundary; a word mapped to False
    also matches as the start of a longer word ("mon" in "Mondays"). Python's `re` tries the
    alternatives of a group one by one, so sharing prefixes ("t(?:o(?:day|night)|...)")
    makes a scan that tries the pattern at every word many times faster than a flat list.
    """
    tree: dict = {}
    for word, whole in words.items():
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = node.get("", True) and whole

    def emit(node: dict) -> str:
        if node.get("") is False:
            return ""  # a stem ends here: whatever follows, the word matched
        alternatives = [re.escape(char) + emit(node[char]) for char in sorted(node) if char]
        if "" in node:
            alternatives.append(r"\b")
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return emit(tree)


# Anchors: the word every time expression contains (a digit, a day or month name, "today",
# "noon", a number word...). Prepositions before an anchor ("at", "through the") are picked
# up by looking back, so only a handful of places per message are ever tried.
_ANCHOR_STEMS = [  # an anchor when a word starts with one ("Mondays", "mornings")
    *"noon midnight lunch today tonight tomorrow morning afternoon evening mon tue wed thu fri "
    "sat sun jan feb mar apr may jun jul aug sep oct nov dec twenty thirty".split(),
    "close of business",
]
_ANCHOR_WORDS = [  # an anchor only as a whole word
    *"hour minutes end one two three four five six seven eight nine ten eleven twelve first "
    "second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth".split(),
    "this call",
]
_ANCHOR_TRIE = _trie(dict.fromkeys(_ANCHOR_STEMS, False) | dict.fromkeys(_ANCHOR_WORDS, True))
_ANCHOR_SOURCE = r"\b(?:(?<![\d,.$:/-])\d|" + _ANCHOR_TRIE + ")"
_LEAD_SOURCE = r"\b" + _trie(
    dict.fromkeys(
        "this next on by until till through before after around at for within in the end ends "
        "ending expire expires good right an few ten five first second third last early mid "
        "late".split(),
        True,
    )
)
_ANCHOR = re.compile(_ANCHOR_SOURCE, re.I)
_LEAD_WORDS = re.compile(_LEAD_SOURCE, re.I)
# The same patterns without IGNORECASE, for text already lowered (see time_spans).
_ANCHOR_LOWER = re.compile(_ANCHOR_SOURCE)
_LEAD_WORDS_LOWER = re.compile(_LEAD_SOURCE)


def time_spans(text: str) -> list[Span]:
    """Return spans of specific times, days and dates ("4:15", "Thursday", "Nov 30").

    Anchors and lead words are found in the lowered text with case-sensitive patterns
    when that finds the same places (see `lowered_for_scan`): Python's `re` runs them
    several times faster than IGNORECASE. The time patterns themselves always read `text`.
    """
    lowered = lowered_for_scan(text)
    if lowered is not None:
        scanned, anchors, leads_in = lowered, _ANCHOR_LOWER, _LEAD_WORDS_LOWER
    else:
        scanned, anchors, leads_in = text, _ANCHOR, _LEAD_WORDS
    spans: list[Span] = []
    end = 0
    # Lead words are whole words, so one scan finds the same ones as a scan of each
    # anchor's window would; each window is then a slice found by bisection.
    lead_starts = list(map(_START, leads_in.finditer(scanned)))
    for anchor in anchors.finditer(scanned):
        position = anchor.start()
        if position < end:
            continue
        # Candidate starts: up to three lead words right before the anchor, then the anchor.
        first = bisect_left(lead_starts, max(end, position - 30))
        last = bisect_left(lead_starts, position, first)
        for start in (*lead_starts[first:last], position):
            word = _WORD_AT.match(text, start)
            pattern = _pattern_for(word.group()) if word else None
            match = pattern.match(text, start) if pattern else None
            if match and match.end() > position:
                spans.append(match.span())
                end = match.end()
                break
    return spans


_START = re.Match.start
_PATTERNS: dict[str, re.Pattern[str] | None] = {}


def _pattern_for(word: str) -> re.Pattern[str] | None:
    """`_time_pattern`, remembered per word (bounded: words repeat across messages)."""
    try:
        return _PATTERNS[word]
    except KeyError:
        pattern = _time_pattern(word)
        if len(_PATTERNS) < 20_000:
            _PATTERNS[word] = pattern
        return pattern


_DEADLINE_BEFORE = re.compile(
    r"\b(?:through|thru|until|till|ends?|ending|expires?|expiring|valid (?:through|until)"
    r"|good (?:through|until|till)|runs? (?:through|until)|before|no later than|deadline(?: is)?"
    r"|last day(?: is)?|closes?|held until|hold it (?:for you )?(?:until|till))"
    r"\s+(?:on\s+|at\s+)?(?:the\s+end\s+of\s+)?$",
    re.I,
)
_GOOD_FOR = re.compile(r"good for ", re.I)
_BY_DATE = re.compile(r"\bby $", re.I)
_IS_DATE = re.compile(rf"(?:{_MONTHS}|the \d{{1,2}}(?:st|nd|rd|th)|\d{{1,2}}/\d{{1,2}})", re.I)
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
        elif _BY_DATE.search(text[max(0, start - 4) : start]) and _IS_DATE.match(text, start):
            # "by April 30" is a deadline; "by 3 pm" is only when the writer will act.
            spans.append((start - 3, end))
    return spans
