"""Turn a raw message into the analysed form every detector reads.

HTML email bodies are reduced to their text, CRM placeholders are recognised, and the text is
split into sentences and normalised word tokens that keep their character spans, so evidence
can point at the trainee's own words. Contractions are expanded ("I'll" -> "i will") so phrase
lists match either spelling.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

MAX_ANALYSED_CHARS = 20_000  # a 50 KB paste is graded on its first 20,000 characters

_TAG = re.compile(
    r"<(script|style)\b.{0,20000}?</\1\s*>|<!--.{0,20000}?-->|<[^>]{1,500}>", re.S | re.I
)
_BLOCK_TAG = re.compile(r"<\s*(br|/p|/div|/li|/h\d|/tr|p|div|li|tr)\b[^>]*>", re.I)
_LOOKS_HTML = re.compile(r"<\s*(html|body|p|br|div|span|table|td|li|ul|b|strong|a|font)\b", re.I)
PLACEHOLDER = re.compile(
    r"\{\{\s*[A-Za-z_][\w .]*\}\}|\[\s*[A-Z][A-Za-z _]*\]|\{\s*[A-Za-z][A-Za-z_]*\s*\}"
)
_NAME_PLACEHOLDER = re.compile(r"first|name|customer|client|prospect", re.I)
# Letters/digits/"$", then joined parts ("o'clock", "cr-v", "4:15", "38,995"). Possessive
# (`++`, `*+`) because nothing after a run can match a letter, so backtracking never finds
# another match; it only made the scan slower.
_TOKEN = re.compile(r"(?:[^\W_]++|\$)++(?:['’\-.,:/][^\W_]++)*+")
# A single line break ends a sentence unless the next line carries on in lower case (a hard
# wrap in a plain-text email); blank lines and list items always do.
# Written to start with one character set (then each form checks which character it was),
# so `re` skips ahead to the next candidate instead of trying three forms at every position:
# r"[.!?]+[\"')\]]*(?=\s|$)|\n\s*\n|\n(?![ \t]*[a-z(])", about four times faster.
_SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*[\"')\]]*(?=\s|$)|(?<=\n)\s*\n|(?<=\n)(?![ \t]*[a-z(]))"
)

CONTRACTIONS = {
    "i'll": ("i", "will"),
    "we'll": ("we", "will"),
    "you'll": ("you", "will"),
    "i'd": ("i", "would"),
    "we'd": ("we", "would"),
    "you'd": ("you", "would"),
    "i'm": ("i", "am"),
    "i've": ("i", "have"),
    "we've": ("we", "have"),
    "you've": ("you", "have"),
    "we're": ("we", "are"),
    "you're": ("you", "are"),
    "they're": ("they", "are"),
    "it's": ("it", "is"),
    "it'll": ("it", "will"),
    "that'll": ("that", "will"),
    "they'll": ("they", "will"),
    "he'll": ("he", "will"),
    "she'll": ("she", "will"),
    "there'll": ("there", "will"),
    "that's": ("that", "is"),
    "what's": ("what", "is"),
    "there's": ("there", "is"),
    "here's": ("here", "is"),
    "let's": ("let", "us"),
    "don't": ("do", "not"),
    "doesn't": ("does", "not"),
    "didn't": ("did", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "won't": ("will", "not"),
    "isn't": ("is", "not"),
    "aren't": ("are", "not"),
    "wasn't": ("was", "not"),
    "haven't": ("have", "not"),
    "hasn't": ("has", "not"),
    "shouldn't": ("should", "not"),
    "wouldn't": ("would", "not"),
    "couldn't": ("could", "not"),
    "im": ("i", "am"),
    "ill": ("i", "will"),
    "dont": ("do", "not"),
    "u": ("you",),
    "ur": ("your",),
    "pls": ("please",),
    "thx": ("thanks",),
}


_CONTRACTION_WORDS = frozenset(CONTRACTIONS)


class Token(NamedTuple):
    """A normalised word and where it stands in the analysed text."""

    norm: str
    start: int
    end: int
    sentence: int


_norm_of = itemgetter(0)
_sentence_of = itemgetter(3)


class Sentence(NamedTuple):
    """A sentence (or line) of the analysed text."""

    start: int
    end: int
    is_question: bool
    first_token: int
    last_token: int  # exclusive


@dataclass
class Message:
    """The analysed form of one message: text, tokens, sentences and placeholders."""

    text: str
    tokens: list[Token]
    sentences: list[Sentence]
    placeholders: list[tuple[int, int, str]]
    was_html: bool = False
    truncated: bool = False
    cache: dict = field(default_factory=dict)

    @property
    def word_count(self) -> int:
        """Return the number of words as a reader counts them."""
        return self.cache.setdefault("word_count", len(self.text.split()))

    def sentence_of(self, start: int) -> int:
        """Return the index of the sentence containing character `start`."""
        starts = self.cache.get("sentence_starts")
        if starts is None:
            starts = self.cache["sentence_starts"] = [s.start for s in self.sentences]
        return max(bisect_right(starts, start) - 1, 0)

    @property
    def norm_list(self) -> list[str]:
        """Return the normalised word of each token, in order."""
        found = self.cache.get("norm_list")
        if found is None:
            found = self.cache["norm_list"] = list(map(_norm_of, self.tokens))
        return found

    @property
    def sentence_list(self) -> list[int]:
        """Return the sentence index of each token, in order."""
        found = self.cache.get("sentence_list")
        if found is None:
            found = self.cache["sentence_list"] = list(map(_sentence_of, self.tokens))
        return found

    @property
    def alpha_words(self) -> list[str]:
        """Return the normalised words made only of letters, in order."""
        found = self.cache.get("alpha_words")
        if found is None:
            found = self.cache["alpha_words"] = list(filter(str.isalpha, self.norm_list))
        return found

    def word_spans(self, words: Iterable[str]) -> list[tuple[int, int]]:
        """Return the spans of the tokens whose normalised word is one of `words`, in order.

        `list.index` scans the words in C, so a handful of words costs far less than a
        Python loop over every token.
        """
        norms = self.norm_list
        found: list[int] = []
        for word in words:
            index = -1
            try:
                while True:
                    index = norms.index(word, index + 1)
                    found.append(index)
            except ValueError:
                pass
        tokens = self.tokens
        return [(tokens[i].start, tokens[i].end) for i in sorted(found)]

    @property
    def norms(self) -> frozenset[str]:
        """Return the set of normalised words in the message."""
        found = self.cache.get("norms")
        if found is None:
            found = self.cache["norms"] = frozenset(self.norm_list)
        return found


def strip_html(raw: str) -> str:
    """Reduce an HTML body to readable text, keeping paragraph breaks."""
    text = _BLOCK_TAG.sub("\n", raw)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n\s*(\n\s*)+", "\n\n", text).strip()


def _split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def analyse(raw: str) -> Message:
    """Analyse a message: strip HTML, find placeholders, tokenise and split sentences."""
    raw = raw if isinstance(raw, str) else str(raw)
    was_html = bool(_LOOKS_HTML.search(raw[:5000]))
    # Plain text is graded exactly as given, so evidence spans index the caller's message.
    # HTML is cut before stripping so a huge or unclosed body cannot stall the scorer.
    text = strip_html(raw[: 4 * MAX_ANALYSED_CHARS]) if was_html else raw
    if "\r" in text:
        # CRM exports and browsers break lines with CRLF (or a lone CR). Read each CR as a
        # space before the line break, or as the break itself, so line rules (signatures,
        # sign-offs) see the same lines and spans still index the caller's message.
        text = text.replace("\r\n", " \n").replace("\r", "\n")
    truncated = len(text) > MAX_ANALYSED_CHARS or len(raw) > 4 * MAX_ANALYSED_CHARS
    if truncated:
        text = text[:MAX_ANALYSED_CHARS]
    placeholders = [(m.start(), m.end(), m.group()) for m in PLACEHOLDER.finditer(text)]

    sentence_spans = _split_sentences(text)
    tokens = _tokenise(text, sentence_spans)
    # Tokens come in sentence order, so each sentence's tokens are one run of the list.
    of_sentence = [token.sentence for token in tokens]
    sentences: list[Sentence] = []
    first = 0
    for index, (s_start, s_end) in enumerate(sentence_spans):
        last = bisect_right(of_sentence, index, first)
        chunk = text[s_start:s_end].rstrip().rstrip("\"')]")
        sentences.append(Sentence(s_start, s_end, chunk.endswith("?"), first, last))
        first = last
    return Message(text, tokens, sentences, placeholders, was_html, truncated)


_new_token = tuple.__new__  # builds a Token without a Python-level __new__ call (hot path)
_start = re.Match.start
_end = re.Match.end
_group = re.Match.group


def _sentence_numbers(starts: list[int], sentence_spans: list[tuple[int, int]]) -> list[int]:
    """Return the sentence index of each token start (sorted): the number of sentences that
    end at or before it, at most the last sentence's index."""
    numbers: list[int] = []
    done = 0
    for index, (_, end) in enumerate(sentence_spans[:-1]):
        upto = bisect_left(starts, end, done)
        numbers += [index] * (upto - done)
        done = upto
    numbers += [max(len(sentence_spans) - 1, 0)] * (len(starts) - done)
    return numbers


def _tokenise(text: str, sentence_spans: list[tuple[int, int]]) -> list[Token]:
    """Return the normalised tokens of `text`, each tagged with its sentence index.

    Built a column at a time (spans, words, sentence numbers) so the per-token work runs in
    C; only words with an apostrophe or in CONTRACTIONS need a Python step. A word never
    ends in "." "," or ":" (the pattern ends every token on a letter, digit or "$").
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lowered
        lowered = text
    matches = list(_TOKEN.finditer(lowered))
    words = list(map(_group, matches))
    if lowered is text:
        words = [word.lower() for word in words]
    starts = list(map(_start, matches))
    numbers = _sentence_numbers(starts, sentence_spans)
    contractions = CONTRACTIONS
    tokens = list(
        map(
            _new_token,
            repeat(Token),
            zip(words, starts, map(_end, matches), numbers, strict=True),
        )
    )
    # The words needing a Python step, found per distinct word (set operations run in C),
    # then their places with `list.index`; most words of most messages need none.
    distinct = set(words)
    odd = distinct & _CONTRACTION_WORDS
    if "'" in lowered or "’" in lowered:
        odd.update(word for word in distinct if "'" in word or "’" in word)
    special: list[int] = []
    for odd_word in odd:
        index = -1
        try:
            while True:
                index = words.index(odd_word, index + 1)
                special.append(index)
        except ValueError:
            pass
    special.sort()
    for index in reversed(special):  # from the end, so earlier indices stay valid
        word = words[index].replace("’", "'")
        if word.endswith("'s") and word not in contractions:
            word = word[:-2]  # "program's" reads as "program"
        _, start, end, sentence = tokens[index]
        parts = contractions.get(word) or (word,)
        tokens[index : index + 1] = [
            _new_token(Token, (part, start, end, sentence)) for part in parts
        ]
    return tokens


def is_name_placeholder(placeholder: str) -> bool:
    """Return True if a CRM placeholder stands for the customer's name."""
    return bool(_NAME_PLACEHOLDER.search(placeholder))
