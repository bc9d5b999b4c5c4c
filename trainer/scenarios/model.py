"""Scenario values: a prospect, what they want, and the steps of a lead's timeline.

Frozen dataclasses only; `trainer.scenarios.loader` builds them from YAML files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

SOURCES = (
    "dealer_website",
    "third_party_listing",
    "manufacturer_site",
    "chat",
    "phone_up",
    "showroom",
)
CONTACT_CHANNELS = ("phone", "text", "email")
TEMPERAMENTS = ("analytical", "friendly", "guarded", "impatient", "skeptical", "busy")
CONDITIONS = ("new", "used", "certified")
PROSPECT_ACTIONS = (
    "replies",
    "asks_question",
    "objects",
    "goes_quiet",
    "sets_appointment",
    "buys_elsewhere",
)
SPEAKING_ACTIONS = ("replies", "asks_question", "objects")
REPLY_CHANNELS = ("email", "text", "phone")
TIME_UNITS = {"minutes": 1, "hours": 60, "days": 1440}


@dataclass(frozen=True)
class Offset:
    """A span of time written as an amount of one unit (minutes, hours or days)."""

    amount: int
    unit: str

    @property
    def minutes(self) -> int:
        """Return the offset in minutes."""
        return self.amount * TIME_UNITS[self.unit]

    def __str__(self) -> str:
        unit = self.unit if self.amount != 1 else self.unit[:-1]
        return f"{self.amount} {unit}"


@dataclass(frozen=True)
class Condition:
    """A test on a graded answer: a criterion level (0-4) or the overall score (0-100)."""

    key: str
    op: str
    value: int

    def holds(self, scores: dict[str, int | None], overall: int | None) -> bool:
        """Return True if the graded answer meets this condition."""
        actual = overall if self.key == "overall" else scores.get(self.key)
        if actual is None:
            return False
        return {
            ">=": actual >= self.value,
            ">": actual > self.value,
            "<=": actual <= self.value,
            "<": actual < self.value,
            "==": actual == self.value,
        }[self.op]


@dataclass(frozen=True)
class Branch:
    """What the prospect does next when the conditions hold."""

    prospect: str
    when: tuple[Condition, ...] = ()
    channel: str | None = None
    after: Offset | None = None
    message: str | None = None
    next: str | None = None


@dataclass(frozen=True)
class Step:
    """One moment at which the trainee must act."""

    id: str
    at: Offset
    channel: str
    task: str
    rubric: str
    must_mention: tuple[str, ...] = ()
    must_not_say: tuple[str, ...] = ()
    model_answer: str | None = None
    branches: tuple[Branch, ...] = ()


@dataclass(frozen=True)
class Persona:
    """Who the prospect is and how they behave."""

    first_name: str
    last_name: str
    contact_preferences: tuple[str, ...]
    temperament: str
    responsiveness: float
    hot_buttons: tuple[str, ...] = ()
    background: str | None = None

    @property
    def full_name(self) -> str:
        """Return the customer's full name."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Vehicle:
    """A vehicle: the one of interest, or a trade-in."""

    year: int
    make: str
    model: str
    condition: str | None = None
    trim: str | None = None
    stock_number: str | None = None
    price: int | None = None
    mileage: int | None = None
    color: str | None = None
    payoff: int | None = None
    notes: str | None = None

    def describe(self) -> str:
        """Return "2022 Toyota Highlander XLE"."""
        return " ".join(str(p) for p in (self.year, self.make, self.model, self.trim) if p)


@dataclass(frozen=True)
class Objection:
    """An objection the customer holds, with their own words."""

    type: str
    words: str


@dataclass(frozen=True)
class Dealership:
    """The trainee's store."""

    name: str | None = None
    salesperson: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Lead:
    """How and when the lead arrived, and what the customer said."""

    source: str
    arrived_at: datetime
    customer_message: str
    provided: tuple[str, ...]
    age_days: int = 0


@dataclass(frozen=True)
class Scenario:
    """A simulated prospect and a lead's timeline of steps."""

    id: str
    title: str
    version: int
    stage: str
    difficulty: int
    lead: Lead
    persona: Persona
    vehicle: Vehicle
    steps: tuple[Step, ...]
    trade_in: Vehicle | None = None
    objections: tuple[Objection, ...] = ()
    dealership: Dealership = field(default_factory=Dealership)
    summary: str | None = None
    tags: tuple[str, ...] = ()
    source_file: str = ""

    def step(self, ref: str | int) -> Step:
        """Return a step by id or by 1-based number; raise KeyError if there is none."""
        if isinstance(ref, int) or (isinstance(ref, str) and re.fullmatch("[0-9]+", ref)):
            index = int(ref) - 1
            if 0 <= index < len(self.steps):
                return self.steps[index]
            raise KeyError(f"scenario {self.id} has steps 1-{len(self.steps)}, not {ref}")
        for step in self.steps:
            if step.id == ref:
                return step
        raise KeyError(f"scenario {self.id} has no step '{ref}'")
