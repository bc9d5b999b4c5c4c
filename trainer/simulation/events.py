"""The values a simulated lead produces: transcript events, touches, outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OUTCOMES = ("reconnected", "appointment_set", "bought_elsewhere", "went_cold", "marked_lost")
OUTCOME_TITLES = {
    "reconnected": "Reconnected: two-way contact",
    "appointment_set": "Appointment set",
    "bought_elsewhere": "Bought elsewhere",
    "went_cold": "Went cold",
    "marked_lost": "Marked lost",
}


@dataclass(frozen=True)
class Event:
    """One line of the lead's transcript, at a simulated minute.

    Kinds: task (the trainee's next job), touch (what the trainee sent or did), prospect (what
    the prospect said or did), note (the simulator narrating: no answer, a competitor...),
    outcome (how the lead ended).
    """

    minute: int
    kind: str
    text: str
    channel: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the event as plain data."""
        out: dict[str, Any] = {"minute": self.minute, "kind": self.kind, "text": self.text}
        if self.channel:
            out["channel"] = self.channel
        if self.step:
            out["step"] = self.step
        if self.data:
            out["data"] = self.data
        return out


@dataclass(frozen=True)
class Touch:
    """One touch the trainee made: when, how, what, and (for written touches) its grade."""

    minute: int
    channel: str  # email | text | voicemail | plan | call
    text: str
    step: str | None
    scores: dict[str, int | None] | None = None
    overall: int | None = None
    scorecard: dict[str, Any] | None = None
    duplicate_of: int | None = None  # index of the earlier touch this one nearly repeats
    answered: bool | None = None  # calls only
    reply_odds: float | None = None

    @property
    def cadence_channel(self) -> str:
        """Return the cadence channel this touch counts as (a voicemail is a call)."""
        return "call" if self.channel in ("call", "voicemail") else self.channel


@dataclass(frozen=True)
class Outcome:
    """How the lead ended, when, and why."""

    kind: str
    minute: int
    detail: str

    @property
    def title(self) -> str:
        """Return the outcome's display name."""
        return OUTCOME_TITLES[self.kind]

    def as_dict(self) -> dict[str, Any]:
        """Return the outcome as plain data."""
        return {
            "kind": self.kind,
            "title": self.title,
            "minute": self.minute,
            "detail": self.detail,
        }
