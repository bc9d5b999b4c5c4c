"""The faster forms of the scorer's scans find exactly what the plain forms find."""

import random
import re

from trainer.scoring.detectors.voice import _FROM_STORE
from trainer.scoring.patterns import Span
from trainer.scoring.text import _SENTENCE_END, analyse
from trainer.scoring.times import _LEAD_WORDS, _WORD_AT, _time_pattern, time_spans

# The patterns as they were written before they were reshaped to start with a character set.
PLAIN_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)|\n\s*\n|\n(?![ \t]*[a-z(])")
PLAIN_FROM_STORE = re.compile(
    r"\b(?:from|with|at|over at|here at)\s+(?:the\s+)?([A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,3})"
)

SAMPLES = [
    "Hi Priya,\n\nI'll call you at 4:15 on Thursday. Is that OK?! See you then...\n- Dan",
    "Mike from Harborview Honda here. Call 555-201-3344 by the 30th; it ends May 31.\nthanks",
    "at 5 pm, through Saturday, within the hour, good for 7 days, the end of the month (ok)",
    "İstanbul ß ﬁ — we’re here ’til 6. Don't wait! with The Team at Eastlake Ford",
    "",
    "?!.\n\n\n  \n(a) b\n[c]",
]


def _fuzz(alphabet: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))) for _ in range(count)]


def _spans(pattern: re.Pattern[str], text: str) -> list[Span]:
    return [m.span() for m in pattern.finditer(text)]


def test_sentence_ends_are_found_where_the_plain_pattern_finds_them():
    for text in SAMPLES + _fuzz(".!?\n \t\"')]ab(X1\r\u2028", 20_000, 1):
        assert _spans(_SENTENCE_END, text) == _spans(PLAIN_SENTENCE_END, text), repr(text)


def test_the_store_name_scan_matches_the_plain_pattern():
    for text in SAMPLES + _fuzz("fromwithathereovr _TAB,-'é\n", 20_000, 2):
        plain, fast = PLAIN_FROM_STORE.search(text), _FROM_STORE.search(text)
        assert (plain and plain.span(1)) == (fast and fast.span(1)), repr(text)


def _plain_time_spans(text: str) -> list[Span]:
    """time_spans with each anchor's lead words found by scanning its own window."""
    from trainer.scoring.times import _ANCHOR

    spans: list[Span] = []
    end = 0
    for anchor in _ANCHOR.finditer(text):
        position = anchor.start()
        if position < end:
            continue
        leads = [m.start() for m in _LEAD_WORDS.finditer(text, max(end, position - 30), position)]
        for start in [*leads, position]:
            word = _WORD_AT.match(text, start)
            pattern = _time_pattern(word.group()) if word else None
            match = pattern.match(text, start) if pattern else None
            if match and match.end() > position:
                spans.append(match.span())
                end = match.end()
                break
    return spans


def test_time_spans_match_a_window_by_window_scan():
    words = "at by the end of on 4 pm 10:30 monday may 31st first week five tonight, in 3 days "
    rng = random.Random(3)
    texts = SAMPLES + [
        " ".join(rng.choice(words.split()) for _ in range(rng.randint(0, 20))) for _ in range(3000)
    ]
    for text in texts:
        assert time_spans(text) == _plain_time_spans(text), repr(text)


def test_words_and_tokens_from_the_column_helpers_match_the_tokens():
    for text in SAMPLES:
        message = analyse(text)
        assert message.norm_list == [t.norm for t in message.tokens]
        assert message.sentence_list == [t.sentence for t in message.tokens]
        assert message.alpha_words == [t.norm for t in message.tokens if t.norm.isalpha()]
        for words in ({"i", "will"}, {"priya", "call"}, {"missing"}, set()):
            assert message.word_spans(words) == [
                (t.start, t.end) for t in message.tokens if t.norm in words
            ]
