"""Detectors about how a message is written: shouting, exclamation runs, length, walls of
text, repetition and keyword salad."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from typing import Any

from trainer.checker import Checker
from trainer.scoring.analysis import Analysis
from trainer.scoring.detectors import Detector, Finding, register
from trainer.scoring.language import FUNCTION_WORDS
from trainer.yamldoc import PathKey

# `\b[A-Z]...`, with the boundary test moved after the first letter (a capital is a word
# character, so "not after a word character" is the same test) so `re` can skip ahead to
# the next capital instead of trying every position.
_CAPS_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z'’]{2,}\b")
_EXCLAMATION_RUN = re.compile(r"!{2,}|(?:!\s*){3,}")
_ACRONYMS = frozenset(
    """AWD FWD RWD 4WD APR OTD MSRP VIN SUV SUVS CPO GPS USB LED MPG HEV PHEV DMV BDC ISM CEO
    USA XLE XLT SEL LTZ RST SXT TRD SR5 EXL LTD AMG BMW GMC CARFAX AUTOCHECK OEM DOC FAQ
    ASAP LLC INC TOYOTA HONDA FORD NISSAN KIA HYUNDAI JEEP RAM MAZDA SUBARU CHEVY GM AM PM
    YES STOP CDJR CJDR CDJRF SRT 4XE HEMI DCT CVT MPGE ZIP PDF
    CAR SMS URL ATM EOD COB PST EST CST MST HOA GAP KBB NADA JD APP ADAS ACC DVD CD""".split()
)
_PARAGRAPH = re.compile(r"\n\s*\n")


@register("caps")
class Caps(Detector):
    """Fires when at least `min_words` words (three letters or more) are in capitals,
    ignoring common acronyms and the vehicle's own name."""

    settings = {"min_words": "how many shouted words fire it (default 2)"}

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.min_words = check.integer(
            config, "min_words", path, required=False, minimum=1, default=2
        )

    def detect(self, analysis: Analysis) -> Finding | None:
        vehicle = {w.upper() for w in (analysis.context.vehicle or "").replace("-", " ").split()}
        spans = [
            m.span()
            for m in _CAPS_WORD.finditer(analysis.message.text)
            if m.group().strip("'’") not in _ACRONYMS and m.group() not in vehicle
        ]
        if len(spans) < self.min_words:
            return None
        return Finding(tuple(spans), f"{len(spans)} words in capitals")


@register("exclamations")
class Exclamations(Detector):
    """Fires on hype punctuation: a run of three or more exclamation marks, two runs of two,
    or more than `max_total` in all."""

    settings = {"max_total": "how many single exclamation marks are tolerated (default 2)"}

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.max_total = check.integer(
            config, "max_total", path, required=False, minimum=0, default=2
        )

    def detect(self, analysis: Analysis) -> Finding | None:
        text = analysis.message.text
        if "!" not in text:  # no runs and no marks; the scan below is the slow part
            return None
        runs = [m.span() for m in _EXCLAMATION_RUN.finditer(text)]
        if any(end - start >= 3 for start, end in runs) or len(runs) >= 2:
            return Finding(tuple(runs), "runs of exclamation marks")
        marks = [(m.start(), m.end()) for m in re.finditer("!", text)]
        if len(marks) > self.max_total + 1:
            return Finding(tuple(marks), f"{len(marks)} exclamation marks")
        return None


@register("length")
class Length(Detector):
    """Fires when the message is longer than `over` or shorter than `under`, counted in
    `unit`: words, chars, or seconds (spoken, at `wpm` words a minute)."""

    settings = {
        "unit": "words | chars | seconds",
        "over": "fires above this",
        "under": "fires below this",
        "wpm": "speaking rate for seconds (default 150)",
    }
    required = ("unit",)

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.unit = check.choice(config, "unit", path, ("words", "chars", "seconds"))
        self.over = check.integer(config, "over", path, required=False, minimum=1, default=0)
        self.under = check.integer(config, "under", path, required=False, minimum=1, default=0)
        self.wpm = check.integer(config, "wpm", path, required=False, minimum=60, default=150)
        if bool(self.over) == bool(self.under):
            check.problem(path, "give exactly one of `over` or `under`")

    def measure(self, analysis: Analysis) -> float:
        """Return the message's size in this detector's unit."""
        words = analysis.message.word_count
        if self.unit == "chars":
            return len(analysis.message.text)
        if self.unit == "seconds":
            return round(words * 60 / self.wpm, 1)
        return words

    def detect(self, analysis: Analysis) -> Finding | None:
        size = self.measure(analysis)
        if not analysis.message.text:
            return None
        if (self.over and size > self.over) or (self.under and size < self.under):
            limit = f"over {self.over}" if self.over else f"under {self.under}"
            return Finding((), f"{size:g} {self.unit} ({limit})")
        return None


@register("wall_of_text")
class WallOfText(Detector):
    """Fires when a paragraph runs longer than `max_words` without a break."""

    settings = {"max_words": "the longest paragraph tolerated"}
    required = ("max_words",)

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.max_words = check.integer(config, "max_words", path, minimum=10)

    def detect(self, analysis: Analysis) -> Finding | None:
        text = analysis.message.text
        start = 0
        for piece in [*_PARAGRAPH.finditer(text), None]:
            end = piece.start() if piece else len(text)
            words = len(text[start:end].split())
            if words > self.max_words:
                return Finding(((start, end),), f"a {words}-word paragraph")
            start = piece.end() if piece else end
        return None


_NUMBER_WORDS = frozenset(
    "zero oh one two three four five six seven eight nine ten again that is".split()
)


@register("repetition")
class Repetition(Detector):
    """Fires when the same run of four words appears `min_repeats` times or more and the
    copies make up at least an eighth of the message (numbers read out twice in a voicemail
    do not count)."""

    settings = {"min_repeats": "how many copies of a four-word run fire it (default 3)"}

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.min_repeats = check.integer(
            config, "min_repeats", path, required=False, minimum=2, default=3
        )

    def detect(self, analysis: Analysis) -> Finding | None:
        tokens = analysis.message.tokens
        norms = analysis.message.norm_list
        counts = Counter(zip(norms, norms[1:], norms[2:], norms[3:], strict=False))
        if not counts or max(counts.values()) < self.min_repeats:
            return None  # what the loop below decides at its first gram, without sorting
        for gram, times in counts.most_common():
            if times < self.min_repeats:
                return None
            if all(w in _NUMBER_WORDS or w.isdigit() for w in gram):
                continue  # a phone number read out twice is not repetition
            if times * 4 < 0.12 * len(norms):
                return (
                    None  # long, structured text (a plan) repeats a little; spam is mostly repeats
                )
            starts = [i for i in range(len(norms) - 3) if tuple(norms[i : i + 4]) == gram]
            spans = tuple((tokens[i].start, tokens[i + 3].end) for i in starts)
            return Finding(spans, f"the same words {times} times")
        return None


def _starts_inside(starts: list[int], spans: list[tuple[int, int]]) -> int:
    """Count the (sorted) token starts that fall inside any of the spans.

    The spans may overlap, so they are merged first; then each merged span's tokens are
    counted by bisection instead of testing every token against every span.
    """
    if not spans:
        return 0
    ordered = sorted(spans)
    count = 0
    merged_start, merged_end = ordered[0]
    for start, end in ordered[1:]:
        if start <= merged_end:
            merged_end = max(merged_end, end)
            continue
        count += bisect_left(starts, merged_end) - bisect_left(starts, merged_start)
        merged_start, merged_end = start, end
    return count + bisect_left(starts, merged_end) - bisect_left(starts, merged_start)


@register("keyword_stuffing")
class KeywordStuffing(Detector):
    """Fires on keyword salad: too few function words to be sentences, or one word making up
    too much of the message."""

    settings = {
        "min_function_share": "share of function words below which it fires (default 0.15)",
        "max_word_share": "share of the commonest content word above which it fires (default 0.2)",
        "dense_terms": "rubric vocabulary that a salad packs together (families, @built-ins)",
        "max_density": "share of a sentence's words that are dense_terms above which it fires (0.52)",
    }

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.min_function_share = self._share(config, "min_function_share", 0.15, check, path)
        self.max_word_share = self._share(config, "max_word_share", 0.2, check, path)
        self.dense_terms = check.text_list(config, "dense_terms", path)
        self.max_density = self._share(config, "max_density", 0.52, check, path)

    @staticmethod
    def _share(config: dict, key: str, default: float, check: Checker, path: PathKey) -> float:
        if key not in config:
            return default
        return check.number(config, key, path, minimum=0.0, maximum=1.0)

    def terms(self) -> set[str]:
        return set(self.dense_terms)

    def _dense_sentence(self, analysis: Analysis, min_words: int = 28) -> Finding | None:
        if not self.dense_terms:
            return None
        sentences = analysis.message.sentences
        if all(s.last_token - s.first_token < min_words for s in sentences):
            return None  # no sentence is long enough to judge: the terms need not be found
        covered: dict[int, list[tuple[int, int]]] = {}
        for term in self.dense_terms:
            for index, spans in analysis.sentences_with(term).items():
                covered.setdefault(index, []).extend(spans)
        tokens = analysis.message.tokens
        for index, spans in covered.items():
            sentence = analysis.message.sentences[index]
            words = tokens[sentence.first_token : sentence.last_token]
            if len(words) < min_words:  # a short factual sentence can be dense and honest
                continue
            inside = _starts_inside([t.start for t in words], spans)
            if inside / len(words) > self.max_density:
                span = ((sentence.start, sentence.end),)
                return Finding(span, f"{inside} of {len(words)} words are selling keywords")
        return None

    def detect(self, analysis: Analysis) -> Finding | None:
        words = analysis.message.alpha_words
        if len(words) < 8:
            return None
        function = sum(map(FUNCTION_WORDS.__contains__, words))
        span = ((0, len(analysis.message.text)),)
        # Casual short texts are sparse too ("yep, got 2 XLT hybrids. Which color?"); only
        # an unpunctuated run or a longer message is judged on its function words alone.
        if len(words) < 25:
            punctuated = len(re.findall(r"[.?!](?!\d)", analysis.message.text)) >= 2
            # A short text is sparse by nature ("Prius LE is $28,545 MSRP + $1,095 dest");
            # unpunctuated, it is judged on how packed it is with selling words instead.
            dense = None if punctuated else self._dense_sentence(analysis, min_words=8)
            if dense:
                return dense
        elif function / len(words) < self.min_function_share:
            return Finding(span, f"only {function} of {len(words)} words hold sentences together")
        dense = self._dense_sentence(analysis)
        if dense:
            return dense
        # Counted once in C; when no word at all is common enough, no content word is.
        counts = Counter(words)
        if len(words) < 12 or max(counts.values()) / len(words) <= self.max_word_share:
            return None
        # Filtered per distinct word (first-seen order is kept, so ties in most_common
        # break the same way).
        content = Counter(
            {
                w: n
                for w, n in counts.items()
                if w not in FUNCTION_WORDS and len(w) > 2 and w not in _NUMBER_WORDS
            }
        )
        if content and len(words) >= 12:
            word, count = content.most_common(1)[0]
            if count / len(words) > self.max_word_share:
                return Finding(span, f"'{word}' is {count} of {len(words)} words")
        return None
