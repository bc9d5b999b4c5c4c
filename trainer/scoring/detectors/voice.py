"""Detectors for spoken messages: the callback number (said how often), and the caller
saying who they are and where they are calling from."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from trainer.checker import Checker
from trainer.scoring.analysis import Analysis
from trainer.scoring.detectors import Detector, Finding, register
from trainer.scoring.patterns import normalise_number
from trainer.yamldoc import PathKey

_NAME = r"[A-ZÀ-Þ][^\W\d_]+(?:['-][^\W\d_]+)*"
_SELF_NAME = re.compile(
    rf"\b(?:this is|my name is|it is|it's|i am|i'm)\s+({_NAME})"
    rf"|\b({_NAME}) here\b"
    rf"|(?:^|[\n,.;:!?]\s*|[-–—]\s*)({_NAME})(?: {_NAME})?,? (?:at|from|with|over at|here at) (?:the )?[A-Z]"
    # a signature: a line of one to three capitalised words, or "- Name" at the end
    rf"|(?:^|\n)[ \t]*[-–—~][ \t]*({_NAME})"
    rf"|(?:^|\n)[ \t]*({_NAME})(?:[ \t]+{_NAME}){{0,2}}[ \t]*(?:\||$)"
    # ... or a later line that starts with the name and goes on to the store or the number
    # ("Dana Ruiz, Lakeview Toyota, 555-0117")
    rf"|\n[ \t]*({_NAME})(?:[ \t]+{_NAME}){{0,2}},[ \t]+(?=[A-Z(\d])",
    re.M,
)
# Where each form of _SELF_NAME can start, as patterns `re` can scan for quickly (they
# begin with a plain character set). Each is looser than its form; _self_names then tries
# _SELF_NAME itself at those places only.
_STARTS = (
    # "this is Dana", "I'm Dana": a word starting with t, m or i and one of the phrases.
    re.compile(r"[tmi](?<!\w.)(?=his is|y name is|t is|t's| am|'m)"),
    # A line break or punctuation before a name, "- Dana" or "—Dana" (forms 3 to 5).
    re.compile(r"[\n,.;:!?\-–—](?=\s*[-–—~A-ZÀ-Þ])"),
)
_START = re.Match.start
_HERE_START = re.compile(r"[A-ZÀ-Þ](?=[^\W\d_]+(?:['-][^\W\d_]+)* here)")  # "Dana here"


def _self_names(text: str):
    """Yield the matches of `_SELF_NAME.finditer(text)`, trying the pattern only where a
    match can start (scanning every position was one of the slowest parts of grading).

    A form that starts at a line start (`^`) and not at 0 starts one character after a
    line break, where the same form matches from the line break itself, which is tried
    first; so position 0 and the candidates of `_STARTS` and `_HERE_START` are enough.
    """
    starts = {0}
    for pattern in _STARTS:
        starts.update(map(_START, pattern.finditer(text)))
    if " here" in text:
        starts.update(map(_START, _HERE_START.finditer(text)))
    end = 0
    for position in sorted(starts):
        if position < end:
            continue
        match = _SELF_NAME.match(text, position)
        if match:
            end = match.end()
            yield match


# "\b(?:from|with|at|over at|here at)" written to start with a character set, so `re` skips
# ahead to the next f, w, a, o or h instead of trying the pattern at every position;
# `(?<!\w.)` after the first letter is the `\b` before it.
_FROM_STORE = re.compile(
    r"[fwaoh](?<!\w.)(?:(?<=f)rom|(?<=w)ith|(?<=a)t|(?<=o)ver at|(?<=h)ere at)"
    r"\s+(?:the\s+)?([A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,3})"
)
_NOT_CALLER = frozenset(
    """Hi Hello Hey The I It This That Thanks Thank Best Regards Sincerely Cheers Yes No Sorry
    Great Dear Again Subject Sent Re Call Text Please Would Can Could Our We You""".split()
)


def _caller(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group)


@register("callback_number")
class CallbackNumber(Detector):
    """Fires when the same callback number is given at least `min_times` times."""

    settings = {"min_times": "how many times the number must be said (default 1)"}

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.min_times = check.integer(
            config, "min_times", path, required=False, minimum=1, default=1
        )

    def terms(self) -> set[str]:
        return {"@phone"}

    def detect(self, analysis: Analysis) -> Finding | None:
        phones = analysis.phones
        if not phones:
            return None
        counts = Counter(normalise_number(digits) for digits, _ in phones)
        number, times = counts.most_common(1)[0]
        if times < self.min_times:
            return None
        spans = tuple(span for digits, span in phones if normalise_number(digits) == number)
        return Finding(spans, f"number {number[:3]}-{number[3:]} given {times} time(s)")


@register("self_intro")
class SelfIntro(Detector):
    """Fires when the caller gives their own name (`part: name`), their dealership
    (`part: dealership`), or both (`part: both`)."""

    settings = {"part": "name | dealership | both"}
    required = ("part",)

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.part = check.choice(config, "part", path, ("name", "dealership", "both"))

    def terms(self) -> set[str]:
        return {"dealership_name", "@dealership"}

    def detect(self, analysis: Analysis) -> Finding | None:
        text = analysis.message.text
        spans: list[tuple[int, int]] = []
        # Each part is looked for only when asked for (an email's signature needs no store).
        if self.part in ("name", "both"):
            customer = (analysis.context.first_name or "").lower()
            name = next(
                (
                    m
                    for m in _self_names(text)
                    if _caller(m) not in _NOT_CALLER and _caller(m).lower() != customer
                ),
                None,
            )
            if not name:
                return None
            spans.append(name.span())
        if self.part in ("dealership", "both"):
            store_spans = list(analysis.spans("dealership_name")) + analysis.spans("@dealership")
            store = _FROM_STORE.search(text)
            if store and store.group(1).split()[0] not in _NOT_CALLER:
                store_spans.append(store.span(1))
            if not store_spans:
                return None
            spans.append(min(store_spans))
        return Finding(tuple(spans))
