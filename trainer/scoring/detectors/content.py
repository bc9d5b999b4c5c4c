"""Detectors about what the message says to this customer: names, vehicle, their question,
scenario facts, contact details, and conditions on the context itself."""

from __future__ import annotations

import re
from typing import Any

from trainer.checker import Checker
from trainer.scoring.analysis import Analysis
from trainer.scoring.detectors import Detector, Finding, register
from trainer.scoring.facts import FACTS
from trainer.scoring.language import FUNCTION_WORDS
from trainer.scoring.names import NICKNAMES
from trainer.scoring.vehicles import MAKES, MODELS, TWO_WORD_MODELS
from trainer.yamldoc import PathKey

_GREETING = re.compile(
    r"(?:^|\n)\s*(?i:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola)[ ,]+"
    r"(?i:mr\.?|mrs\.?|ms\.?|miss )?([A-ZÀ-Þ][^\W\d_]*(?:['-][^\W\d_]+)*)",
)
_VOICE_GREETING = re.compile(
    r"\b(?:message (?:is )?for|calling for|trying to reach) ([A-ZÀ-Þ][^\W\d_]*)"
)
_NOT_MODELS = frozenset(
    "financial finance credit care motor motors certified rewards genuine dealer dealers "
    "store service services parts team family group country plus connect dealership of "
    "the and is has was will can pay".split()
)
_NOT_NAMES = frozenset(
    "there team folks all everyone everybody sir madam friend friends valued customer guest "
    "again neighbor neighbour there's it this".split()
)


@register("personalisation")
class Personalisation(Detector):
    """Fires when the message uses the customer's name (or a placeholder) or the vehicle."""

    settings = {"field": "customer_name or vehicle"}
    required = ("field",)

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.field = check.choice(config, "field", path, ("customer_name", "vehicle"))

    def terms(self) -> set[str]:
        return {f"@{self.field}"}

    def detect(self, analysis: Analysis) -> Finding | None:
        spans = analysis.spans(f"@{self.field}")
        return Finding(tuple(spans)) if spans else None


def same_person(greeted: str, customer_name: str) -> bool:
    """Return True if a greeting's name can be the customer's ("Mike" for Michael Okafor)."""
    greeted = greeted.lower()
    names = [n.lower().strip(".,") for n in customer_name.split()]
    if greeted in names:
        return True
    first = names[0] if names else ""
    if len(greeted) >= 3 and len(first) >= 3 and greeted[:3] == first[:3]:
        return True
    return first in NICKNAMES.get(greeted, ()) or greeted in NICKNAMES.get(first, ())


@register("wrong_name")
class WrongName(Detector):
    """Fires when the greeting names someone other than the customer (last names, common
    nicknames and short forms are the customer)."""

    def detect(self, analysis: Analysis) -> Finding | None:
        first = analysis.context.first_name
        if not first:
            return None
        text = analysis.message.text[:600]
        for pattern in (_GREETING, _VOICE_GREETING):
            for match in pattern.finditer(text):
                name = match.group(1)
                if name.lower() in _NOT_NAMES or same_person(
                    name, analysis.context.customer_name or ""
                ):
                    continue
                if name.lower() in MAKES or name.lower() in MODELS:
                    continue
                return Finding((match.span(1),), f"greets {name}, but the customer is {first}")
        return None


_QUESTION_START = re.compile(
    r"(?i)(?:what|how|is|are|do|does|did|can|could|will|would|any|when|where|which|who)\b"
)
_OWNED = frozenset({"your", "my", "his", "her", "their"})


@register("wrong_vehicle")
class WrongVehicle(Detector):
    """Fires when the message names another model and never the customer's vehicle.

    Model names count only when written as names (capitalised, or with digits or a hyphen),
    so everyday words that are also model names ("door edge guards") never fire, and a model
    after "your" or "my" is the customer's own car (their trade-in), not a mix-up.
    """

    def detect(self, analysis: Analysis) -> Finding | None:
        make, model = analysis.context.vehicle_parts
        if not model:
            return None
        described = {w.lower() for w in (analysis.context.vehicle or "").replace(",", " ").split()}
        allowed = {make, *model.split()} | described
        if analysis.context.trade_in:
            allowed |= {w.lower() for w in analysis.context.trade_in.replace(",", " ").split()}
        theirs = analysis.customer()
        if theirs is not None:
            allowed |= theirs.message.norms
        ours = {w for w in described if w.isalpha() and len(w) > 2} - {make} - _NOT_MODELS
        text = analysis.message.text
        tokens = analysis.message.tokens
        others: list[tuple[int, int]] = []
        for index, token in enumerate(tokens):
            pair = token.norm in TWO_WORD_MODELS and index + 1 < len(tokens)
            name = f"{token.norm} {tokens[index + 1].norm}" if pair else token.norm
            if name == model or (token.norm in ours and token.norm not in TWO_WORD_MODELS):
                return None
            if token.norm not in MODELS and token.norm not in TWO_WORD_MODELS:
                continue
            written = text[token.start : token.end]
            if not (written[0].isupper() or any(c.isdigit() or c == "-" for c in written)):
                continue
            if index and tokens[index - 1].norm in _OWNED:
                continue
            if name in allowed or (not pair and name.isdigit()):
                continue
            end = tokens[index + 1].end if pair else token.end
            others.append((token.start, end))
        if not others:
            return None
        start, end = min(others)
        detail = f"talks about the {text[start:end]}, not the {model}"
        return Finding(((start, end),), detail)


_GENERIC = frozenset(
    """hi hello hey thanks thank interested interest vehicle car truck suv know want would like
    looking get please question questions wondering info information still any much many
    wanted need could can tell send give make sure really also does have your you get got
    one see lot just day today week time guys everyone""".split()
)


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
        "mode": "all | answered | partial | none",
    }
    required = ("topics", "mode")

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.mode = check.choice(config, "mode", path, ("all", "answered", "partial", "none"))
        self.overlap = set(check.text_list(config, "overlap", path))
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
        out = {"@objection"}
        for asked, answered in self.topics.values():
            out.add(asked)
            out |= set(answered)
        return out

    def _asked(self, analysis: Analysis) -> tuple[list[str], set[str]]:
        """Return the topics asked and the stems of the customer's distinctive words."""
        context = analysis.context
        key = ("asked", tuple(self.topics), context.customer_message)
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
            cache[key] = [
                (t.start, t.end)
                for t in analysis.message.tokens
                if len(t.norm) >= 3 and _stem(t.norm) in stems and t.norm.isalpha()
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
            (answered if found else missed).append(name)
            spans += found
        if analysis.context.objection:
            found = analysis.spans("@objection")
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
        return Finding(tuple(sorted(set(spans))), detail) if fires else None


@register("scenario_facts")
class ScenarioFacts(Detector):
    """Checks the scenario step's facts: `missing` fires for a required fact not mentioned,
    `forbidden` for a fact the step forbids that the message contains."""

    settings = {"mode": "missing | forbidden"}
    required = ("mode",)

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.mode = check.choice(config, "mode", path, ("missing", "forbidden"))

    def terms(self) -> set[str]:
        return {term for terms in FACTS.values() for term in terms}

    def detect(self, analysis: Analysis) -> Finding | None:
        context = analysis.context
        facts = context.must_mention if self.mode == "missing" else context.must_not_say
        hits: list[str] = []
        spans: list[tuple[int, int]] = []
        for fact in facts:
            found = [span for term in FACTS.get(fact, ()) for span in analysis.spans(term)]
            if self.mode == "missing" and not found:
                hits.append(fact.replace("_", " "))
            elif self.mode == "forbidden" and found:
                hits.append(fact.replace("_", " "))
                spans += found
        if not hits:
            return None
        verb = "does not mention" if self.mode == "missing" else "says what this step forbids"
        return Finding(tuple(sorted(spans)), f"{verb}: {', '.join(hits)}")


@register("contact_details")
class ContactDetails(Detector):
    """Fires when the message gives a phone number or an email address."""

    def terms(self) -> set[str]:
        return {"@phone", "@email"}

    def detect(self, analysis: Analysis) -> Finding | None:
        spans = sorted(analysis.spans("@phone") + analysis.spans("@email"))
        return Finding(tuple(spans)) if spans else None


@register("context")
class ContextCondition(Detector):
    """Fires when the context matches: `follow_up_touch`, `channel`, `stage`,
    `has_customer_message`, `has_objection` (all given conditions must hold)."""

    settings = {
        "follow_up_touch": "true for day 1 and later touches, false for the first response",
        "channel": "list of channels",
        "stage": "list of stages",
        "has_customer_message": "true or false",
        "has_objection": "true or false",
    }

    def configure(self, config: dict[str, Any], check: Checker, path: PathKey) -> None:
        self.conditions: dict[str, Any] = {}
        for key in ("follow_up_touch", "has_customer_message", "has_objection"):
            if key in config:
                if not isinstance(config[key], bool):
                    check.problem((*path, key), "must be true or false")
                self.conditions[key] = config[key]
        for key in ("channel", "stage"):
            if key in config:
                self.conditions[key] = check.text_list(config, key, path)
        if not self.conditions:
            check.problem(path, "a context indicator needs at least one condition")

    def detect(self, analysis: Analysis) -> Finding | None:
        context = analysis.context
        actual = {
            "follow_up_touch": context.is_follow_up_touch,
            "has_customer_message": bool(context.customer_message),
            "has_objection": bool(context.objection),
            "channel": context.channel,
            "stage": context.stage,
        }
        for key, wanted in self.conditions.items():
            value = actual[key]
            if (value not in wanted) if isinstance(wanted, tuple) else (value != wanted):
                return None
        return Finding()
