"""The answers-the-question detector: does the reply address what the customer asked?

Topics (availability, price, trade...) are found in the customer's own words and looked for
in the reply; a reply that reuses the customer's distinctive words ("manual", "third row")
also counts for topics where that is how people answer. Only a question asks for an answer.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.checker import Checker
from trainer.scoring.analysis import Analysis
from trainer.scoring.detectors import Detector, Finding, register
from trainer.scoring.language import FUNCTION_WORDS
from trainer.yamldoc import PathKey

_QUESTION_START = re.compile(
    r"(?i)(?:what|how|is|are|do|does|did|can|could|will|would|any|when|where|which|who)\b"
)
_GENERIC = frozenset(
    """hi hello hey thanks thank interested interest vehicle car truck suv know want would like
    looking get please question questions wondering info information still any much many
    wanted need could can tell send give make sure really also does have your you get got
    one see lot just day today week time guys everyone""".split()
)


# Objections that are a question on one of the topics ("what's my trade worth?").
_OBJECTION_TOPIC = {
    "availability": "availability",
    "price": "price",
    "trade_value": "trade",
    "payment": "payment",
    "vehicle_history": "history",
    "incentive": "incentive",
}


def _stem(word: str) -> str:
    return word[:5]


@register("answers_question")
class AnswersQuestion(Detector):
    """Checks the reply against the topics of the customer's words and their objection.

    `topics` maps a topic to the family that shows it was asked and the terms that show it
    was answered. Topics listed in `overlap` (and a question on no known topic) also count
    as answered when the reply uses the customer's own distinctive words ("manual", "third
    row"). `mode: all` fires when everything asked was answered (or nothing specific was
    asked); `answered` only when something was asked and all of it answered; `partial`
    when some but not all was; `none` when nothing asked was answered.
    """

    settings = {
        "topics": "topic -> {asked: family, answered: [terms]}",
        "overlap": "topics that the customer's own words can answer",
        "objection_also": "terms that also address an objection (bringing something new)",
        "direct": 'terms that answer a question on no known topic ("yes, it does")',
        "mode": "all | answered | partial | none",
    }
    required = ("topics", "mode")

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.mode = check.choice(config, "mode", path, ("all", "answered", "partial", "none"))
        self.overlap = set(check.text_list(config, "overlap", path))
        self.objection_also = check.text_list(config, "objection_also", path)
        self.direct = check.text_list(config, "direct", path)
        self.topics: dict[str, tuple[str, tuple[str, ...]]] = {}
        topics = check.mapping(config.get("topics"), (*path, "topics"), (), open_keys=True)
        for name, spec in (topics or {}).items():
            spec_path = (*path, "topics", name)
            spec = check.mapping(spec, spec_path, ("asked", "answered"))
            if spec is None:
                continue
            asked = check.text(spec, "asked", spec_path)
            answered = check.text_list(spec, "answered", spec_path, required=True)
            self.topics[name] = (asked, answered)
        for name in sorted(self.overlap - set(self.topics)):
            check.problem((*path, "overlap"), f"'{name}' is not one of the topics")

    def terms(self) -> set[str]:
        out = {"@objection", *self.objection_also, *self.direct}
        for asked, answered in self.topics.values():
            out.add(asked)
            out |= set(answered)
        return out

    def _asked(self, analysis: Analysis) -> tuple[list[str], set[str]]:
        """Return the topics asked and the stems of the customer's distinctive words."""
        context = analysis.context
        key = ("asked", tuple(sorted(self.topics.items())), context.customer_message)
        cache = analysis.message.cache
        if key not in cache:
            words = context.customer_message
            asked: list[str] = []
            stems: set[str] = set()
            theirs = analysis.customer()
            if words and theirs is not None:
                # Only a question asks for an answer: "I'll wait for prices to drop" is a
                # statement (its objection, if any, is checked separately).
                questions = theirs.spans("@question") or _QUESTION_START.match(words.strip())
                asked = [
                    name
                    for name, (family, _) in self.topics.items()
                    if questions and theirs.spans(family)
                ]
                exclude = {w for w in context.vehicle_parts if w}
                exclude |= {(context.first_name or "").lower()}
                stems = {
                    _stem(t.norm)
                    for t in theirs.message.tokens
                    if t.norm.isalpha()
                    and len(t.norm) >= 3
                    and t.norm not in FUNCTION_WORDS
                    and t.norm not in _GENERIC
                    and t.norm not in exclude
                }
                if not asked and "?" in words:
                    asked = ["their question"]
            cache[key] = (asked, stems)
        return cache[key]

    def _overlap_spans(self, analysis: Analysis, stems: set[str]) -> list[tuple[int, int]]:
        cache = analysis.message.cache
        key = ("overlap", analysis.context.customer_message)
        if key not in cache:
            cache[key] = [  # t.norm[:5] is _stem(t.norm), inlined: this runs for every token
                (t.start, t.end)
                for t in analysis.message.tokens
                if len(t.norm) >= 3 and t.norm[:5] in stems and t.norm.isalpha()
            ]
        return cache[key]

    def detect(self, analysis: Analysis) -> Finding | None:
        asked, stems = self._asked(analysis)
        spans: list[tuple[int, int]] = []
        answered, missed = [], []
        shared = self._overlap_spans(analysis, stems) if stems else []
        for name in asked:
            found = []
            if name in self.topics:
                found = [span for term in self.topics[name][1] for span in analysis.spans(term)]
            if not found and (name in self.overlap or name == "their question"):
                found = shared
            if not found and name == "their question":
                # A question on no known topic, answered plainly ("Yes, it does...").
                found = [span for term in self.direct for span in analysis.spans(term)]
            (answered if found else missed).append(name)
            spans += found
        if analysis.context.objection:
            # A stall is addressed by speaking to it, or by bringing something new; an
            # objection that is itself the question asked is addressed by answering it.
            same = _OBJECTION_TOPIC.get(analysis.context.objection)
            found = analysis.spans("@objection") or [
                span for term in self.objection_also for span in analysis.spans(term)
            ]
            if not found and same in answered:
                found = [(0, 0)]
            (answered if found else missed).append(f"objection: {analysis.context.objection}")
            spans += found
        detail = (
            ", ".join(
                part
                for part in (
                    f"answered {', '.join(answered)}" if answered else "",
                    f"did not answer {', '.join(missed)}" if missed else "",
                )
                if part
            )
            or "nothing specific was asked"
        )
        fires = {
            "all": not missed,
            "answered": bool(answered) and not missed,
            "partial": bool(answered) and bool(missed),
            "none": bool(missed) and not answered,
        }[self.mode]
        spans = [span for span in spans if span[1] > span[0]]
        return Finding(tuple(sorted(set(spans))), detail) if fires else None
