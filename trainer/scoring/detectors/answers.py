"""The answers-the-question detector: does the reply address what the customer asked?

Topics (availability, price, trade...) are found in the customer's own words and looked for
in the reply; a reply that reuses the customer's distinctive words ("manual", "third row")
also counts for topics where that is how people answer. Only a question asks for an answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from trainer.checker import Checker
from trainer.scoring.analysis import Analysis
from trainer.scoring.detectors import Detector, Finding, register
from trainer.scoring.language import FUNCTION_WORDS
from trainer.yamldoc import PathKey

_QUESTION_START = re.compile(
    r"(?i)(?:what|how|is|are|do|does|did|can|could|will|would|any|when|where|which|who)\b"
)
# A yes/no question starts with an auxiliary ("Does it have...?", "Is it...?"); only such a
# question is answered by a plain "yes" or "we have".
_YES_NO_START = re.compile(
    r"(?i)\s*(?:[\w'-]+[,:]\s+)?(?:is|are|was|were|do|does|did|can|could|will|would|has|have|"
    r"had|should|any|anything)\b"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_GENERIC = frozenset(
    """hi hello hey thanks thank interested interest vehicle car truck suv know want would like
    looking get please question questions wondering info information still any much many
    wanted need could can tell send give make sure really also does have your you get got
    one see lot just day today week time guys everyone best regards sincerely cheers""".split()
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
        "not_in": "terms whose sentences answer nothing (a check-in, giving up)",
        "vague_in": "terms whose sentences answer only vaguely (hype about the market or deals)",
    }
    required = ("topics", "mode")

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.mode = check.choice(config, "mode", path, ("all", "answered", "partial", "none"))
        self.overlap = set(check.text_list(config, "overlap", path))
        self.objection_also = check.text_list(config, "objection_also", path)
        self.direct = check.text_list(config, "direct", path)
        self.not_in = check.text_list(config, "not_in", path)
        self.vague_in = check.text_list(config, "vague_in", path)
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
        self._asked_key = ("asked", tuple(sorted(self.topics.items())))
        for name in sorted(self.overlap - set(self.topics)):
            check.problem((*path, "overlap"), f"'{name}' is not one of the topics")

    def terms(self) -> set[str]:
        out = {"@objection", *self.objection_also, *self.direct, *self.not_in, *self.vague_in}
        for asked, answered in self.topics.values():
            out.add(asked)
            out |= set(answered)
        return out

    def _asked(self, analysis: Analysis) -> tuple[list[str], set[str]]:
        """Return the topics asked and the stems of the customer's distinctive words.

        They depend only on the customer's words and the context, so they are kept on the
        customer's analysis, which every message in the same context shares.
        """
        theirs = analysis.customer()
        if theirs is None:
            return [], set()
        found = theirs.memo.get(self._asked_key)
        if found is None:
            found = theirs.memo[self._asked_key] = self._read_customer(theirs)
        return found

    def _read_customer(self, theirs: Analysis) -> tuple[list[str], set[str]]:
        context = theirs.context
        words = context.customer_message or ""
        # Only a question asks for an answer: "I'll wait for prices to drop" is a
        # statement (its objection, if any, is checked separately).
        questions = theirs.spans("@question") or _QUESTION_START.match(words.strip())
        asked = [
            name for name, (family, _) in self.topics.items() if questions and theirs.spans(family)
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
        return asked, stems

    @staticmethod
    def _figures(analysis: Analysis) -> list[tuple[int, int]]:
        """Return the numbers in the reply that are not a phone number, a time or a year."""
        phones = analysis.spans("@phone") + analysis.spans("@time")
        return [
            (t.start, t.end)
            for t in analysis.message.tokens
            # a quantity, not a bare hour ("open till 8")
            if (sum(c.isdigit() for c in t.norm) >= 2 or "." in t.norm)
            and not _YEAR.match(t.norm)
            and not any(a <= t.start < b for a, b in phones)
        ]

    @staticmethod
    def _yes_no(analysis: Analysis) -> bool:
        """Return True when the customer asked a yes/no question."""
        theirs = analysis.customer()
        if theirs is None:
            return False
        text = theirs.message.text
        questions = [text[s.start : s.end] for s in theirs.message.sentences if s.is_question]
        return any(_YES_NO_START.match(q) for q in questions or [text])

    def _overlap_spans(self, analysis: Analysis, stems: set[str]) -> list[tuple[int, int]]:
        cache = analysis.message.cache
        key = ("overlap", analysis.context.customer_message)
        if key not in cache:
            # Whether a token counts depends only on its word: test each distinct word once.
            words = {
                word
                for word in analysis.message.norms
                if len(word) >= 3 and _stem(word) in stems and word.isalpha()
            }
            cache[key] = analysis.message.word_spans(words) if words else []
        return cache[key]

    @staticmethod
    def _sentences(analysis: Analysis, terms: Sequence[str]) -> set[int]:
        return {index for term in terms for index in analysis.sentences_with(term)}

    def detect(self, analysis: Analysis) -> Finding | None:
        asked, stems = self._asked(analysis)
        spans: list[tuple[int, int]] = []
        answered: list[str] = []
        missed: list[str] = []
        # A check-in or a give-up answers nothing, however many of the customer's words it
        # repeats ("just checking in on the Odyssey"); hype answers only vaguely ("these go
        # fast, we have a few coming soon").
        empty = self._sentences(analysis, self.not_in) if self.not_in else set()
        vague_only = self._sentences(analysis, self.vague_in) if self.vague_in else set()
        sentence_of = analysis.message.sentence_of

        def said(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
            if not empty:
                return found
            return [span for span in found if sentence_of(span[0]) not in empty]

        def real(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
            if not vague_only:
                return found
            return [span for span in found if sentence_of(span[0]) not in vague_only]

        vague: list[str] = []
        overlap = self._overlap_spans(analysis, stems) if stems else []
        for name in asked:
            found = []
            if name in self.topics:
                found = said(
                    [span for term in self.topics[name][1] for span in analysis.spans(term)]
                )
            if not found and (name in self.overlap or name == "their question"):
                found = said(overlap)
            if not found and name == "their question":
                if self._yes_no(analysis):
                    # A yes/no question on no known topic, answered plainly ("Yes, it does").
                    found = [span for term in self.direct for span in analysis.spans(term)]
                else:
                    # "What's the range?", "How long does it take?": a figure answers it.
                    found = self._figures(analysis)
                # A "we have" inside hype ("we've got great deals") answers nothing at all.
                found = real(said(found))
            if found and not real(found):
                # Touched only inside vague hype: answered vaguely, at best.
                vague.append(name)
                continue
            (answered if found else missed).append(name)
            spans += real(found)
        if analysis.context.objection:
            # A stall is addressed by speaking to it, or by bringing something new; an
            # objection that is itself the question asked is addressed by answering it.
            same = _OBJECTION_TOPIC.get(analysis.context.objection)
            found = said(analysis.spans("@objection")) or said(
                [span for term in self.objection_also for span in analysis.spans(term)]
            )
            objection = f"objection: {analysis.context.objection}"
            if found and not real(found):
                vague.append(objection)
            else:
                if not found and same in answered:
                    found = [(0, 0)]
                (answered if found else missed).append(objection)
                spans += real(found)
        detail = (
            ", ".join(
                part
                for part in (
                    f"answered {', '.join(answered)}" if answered else "",
                    f"did not answer {', '.join(missed)}" if missed else "",
                    f"answered vaguely {', '.join(vague)}" if vague else "",
                )
                if part
            )
            or "nothing specific was asked"
        )
        fires = {
            "all": not missed and not vague,
            "answered": bool(answered) and not missed and not vague,
            "partial": (bool(answered) and bool(missed)) or bool(vague),
            # Ignoring means a question went unanswered: a stall left unaddressed ("I'll think
            # about it") is a weak reply, not an ignored question.
            "none": any(not m.startswith("objection") for m in missed)
            and not answered
            and not vague,
        }[self.mode]
        spans = [span for span in spans if span[1] > span[0]]
        return Finding(tuple(sorted(set(spans))), detail) if fires else None
