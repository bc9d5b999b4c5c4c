"""Detectors about what the message says to this customer: names, vehicle, their question,
scenario facts, contact details, and conditions on the context itself."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from trainer.checker import Checker
from trainer.scoring.analysis import Analysis
from trainer.scoring.detectors import Detector, Finding, register
from trainer.scoring.facts import FACTS
from trainer.scoring.names import NICKNAMES
from trainer.scoring.vehicles import MAKES, MODELS, TWO_WORD_MODELS
from trainer.yamldoc import PathKey

_GREETING = re.compile(
    r"(?:^|\n)\s*(?i:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola)[ ,]+"
    r"(?i:(?:mr|mrs|ms|miss|dr)\.?\s+)?([A-ZÀ-Þ][^\W\d_]*(?:['-][^\W\d_]+)*)",
)
_VOICE_GREETING = re.compile(
    r"\b(?:message (?:is )?for|calling for|trying to reach) ([A-ZÀ-Þ][^\W\d_]*)"
)
# _VOICE_GREETING needs one of these; most messages have none, and a substring test is far
# cheaper than scanning with the pattern.
_VOICE_GREETING_WORDS = ("message", "calling for", "trying to reach")
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


def _plain(name: str) -> str:
    """Casefold and drop accents, so "Zoe" matches "Zoë" and "Jose" matches "José"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(".,")


def same_person(greeted: str, customer_name: str) -> bool:
    """Return True if a greeting's name can be the customer's ("Mike" for Michael Okafor)."""
    greeted = _plain(greeted)
    names = [_plain(n) for n in customer_name.split()]
    if greeted in names:
        return True
    first = names[0] if names else ""
    if len(greeted) >= 3 and len(first) >= 3:
        # A short form ("Chris" for Christopher) or a spelling of the same name ("Steven",
        # "Stephen"; "Jon", "John"); a different name that shares letters ("James" for
        # Jamal) is not the customer.
        if first.startswith(greeted) or greeted.startswith(first):
            return True
        if greeted[:4] == first[:4] or _sound(greeted) == _sound(first):
            return True
    return first in NICKNAMES.get(greeted, ()) or greeted in NICKNAMES.get(first, ())


_SOUNDS = (("ph", "f"), ("v", "f"), ("c", "k"), ("h", ""), ("y", "i"))


def _sound(name: str) -> str:
    """Return a rough spelling-free key: "Stephen" and "Steven" both give "stefen"."""
    for written, said in _SOUNDS:
        name = name.replace(written, said)
    name = re.sub(r"(.)\1", r"\1", name)
    return re.sub(r"(?:ie|ey|i)$", "i", name)


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
            if pattern is _VOICE_GREETING and not any(w in text for w in _VOICE_GREETING_WORDS):
                continue
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


# Words that make a model the customer's own car ("your Escape", "you own a 2016 Jetta",
# "trading in the Civic"), not a mix-up with the vehicle of interest.
_OWNED = frozenset({"your", "my", "his", "her", "their", "own", "owned", "trade", "trading"})
# Paint names that contain a model name ("Soul Red Crystal", "Supersonic Red"...).
_PAINT_AFTER = frozenset({"red", "blue", "crystal", "metallic", "pearl"})
_AT_STORE = frozenset({"at", "from", "with"})
_STORE_WORDS = MAKES | frozenset(
    "motors auto autos automotive cdjr cjdr cdjrf cars dealership mall group chevrolet".split()
)
_NOT_A_MODEL_AFTER = _STORE_WORDS | _PAINT_AFTER


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
        ours = set(model.split())  # the model's own words, not its trim ("Sport", "Limited")
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
            # "Grand Touring", "Santa Barbara": the first word of a two-word model, not the model.
            if pair and tokens[index + 1].norm not in TWO_WORD_MODELS[token.norm]:
                continue
            written = text[token.start : token.end]
            if not (written[0].isupper() or any(c.isdigit() or c == "-" for c in written)):
                continue
            # "your Escape", "your 2019 Forester", "your '20 Silverado": the customer's own car.
            before = [t.norm for t in tokens[max(0, index - 3) : index]]
            if any(word in _OWNED for word in before):
                continue
            # A store named after a place ("Tony at Ridgeline CDJR", "Sierra Motors").
            if index and tokens[index - 1].norm in _AT_STORE:
                continue
            if index + 1 < len(tokens) and tokens[index + 1].norm in _NOT_A_MODEL_AFTER:
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
