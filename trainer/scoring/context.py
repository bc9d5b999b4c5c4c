"""What the scorer knows about the lead a message answers.

A `Context` comes from a scenario step or from the `context` object of a batch line; every
field is optional, and detectors that need a missing field simply do not apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainer.scoring.vehicles import split_vehicle

STAGES = ("new_lead", "aged_lead", "unsold_customer")
CONTEXT_KEYS = ("stage", "day", "customer_name", "vehicle", "customer_message", "objection")
CHANNELS = ("email", "text", "voicemail", "follow_up_plan")
OBJECTIONS = (
    "availability",
    "price",
    "trade_value",
    "payment",
    "spouse",
    "think_it_over",
    "competitor_quote",
    "credit",
    "incentive",
    "wrong_unit",
    "lease_not_up",
    "vehicle_history",
    "timing",
    "not_interested",
)


class ContextError(ValueError):
    """A context mapping had a field of the wrong type or an unknown value."""


@dataclass(frozen=True)
class Context:
    """The lead a message answers: who, what, when, and what the customer said."""

    channel: str = "email"
    stage: str | None = None
    day: int | None = None
    customer_name: str | None = None
    vehicle: str | None = None
    customer_message: str | None = None
    objection: str | None = None
    trade_in: str | None = None
    dealership: str | None = None
    salesperson: str | None = None
    dealer_phone: str | None = None
    must_mention: tuple[str, ...] = ()
    must_not_say: tuple[str, ...] = ()

    @property
    def first_name(self) -> str | None:
        """Return the customer's first name, if known."""
        if not self.customer_name or not self.customer_name.strip():
            return None
        return self.customer_name.split()[0]

    @property
    def vehicle_parts(self) -> tuple[str | None, str | None]:
        """Return the (make, model) named in the vehicle description."""
        return split_vehicle(self.vehicle or "")

    @property
    def is_follow_up_touch(self) -> bool:
        """Return True when the message is a later touch rather than the first response."""
        if self.day is not None:
            return self.day >= 1
        return self.stage in ("aged_lead", "unsold_customer")

    @classmethod
    def from_mapping(cls, data: Any, channel: str = "email") -> Context:
        """Build a context from a batch line's `context` object; raise ContextError if bad."""
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ContextError("context must be an object")
        unknown = sorted(set(data) - set(CONTEXT_KEYS))
        if unknown:
            raise ContextError(f"unknown context key(s): {', '.join(unknown)}")
        stage = data.get("stage")
        if stage is not None and stage not in STAGES:
            raise ContextError(f"context.stage must be one of {', '.join(STAGES)}, not {stage!r}")
        day = data.get("day")
        if day is not None and (isinstance(day, bool) or not isinstance(day, int) or day < 0):
            raise ContextError(f"context.day must be a whole number of days >= 0, not {day!r}")
        for key in ("customer_name", "vehicle", "customer_message", "objection"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise ContextError(f"context.{key} must be text or null")
        objection = data.get("objection") or None
        if objection is not None and objection not in OBJECTIONS:
            raise ContextError(
                f"context.objection must be one of {', '.join(OBJECTIONS)}, not {objection!r}"
            )
        return cls(
            channel=channel,
            stage=stage,
            day=day,
            customer_name=data.get("customer_name") or None,
            vehicle=data.get("vehicle") or None,
            customer_message=data.get("customer_message") or None,
            objection=objection,
        )
