"""The scorecard: levels, evidence and coaching for one graded message, as plain values.

A scorecard is what a trainee, a manager and a batch audit all read. It renders to a dict
(for JSON) and to text (for a terminal), the same way every time for the same input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """One indicator that fired, what it did to a level, and where in the message."""

    criterion: str
    indicator: str
    label: str
    effect: str  # e.g. "reached level 3", "-1", "capped at 0"
    spans: tuple[tuple[int, int], ...]
    quotes: tuple[str, ...]
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the evidence as plain data."""
        out: dict[str, Any] = {
            "criterion": self.criterion,
            "indicator": self.indicator,
            "label": self.label,
            "effect": self.effect,
            "spans": [list(span) for span in self.spans],
            "quotes": list(self.quotes),
        }
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True)
class CriterionResult:
    """The level of one criterion, why, and what to do next."""

    id: str
    title: str
    level: int | None
    descriptor: str
    evidence: tuple[Evidence, ...] = ()
    coaching: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scorecard:
    """The grade of one message under one rubric."""

    rubric: str
    rubric_version: int
    channel: str
    criteria: tuple[CriterionResult, ...]
    overall: int | None
    text: str
    notices: tuple[str, ...] = ()
    language: str = "en"
    stats: dict[str, Any] = field(default_factory=dict)
    text_changed: bool = False  # True when `text` (which spans index) differs from the input

    @property
    def scores(self) -> dict[str, int | None]:
        """Return the level of each criterion by id."""
        return {c.id: c.level for c in self.criteria}

    @property
    def evidence(self) -> list[Evidence]:
        """Return every piece of evidence, criterion by criterion."""
        return [e for c in self.criteria for e in c.evidence]

    @property
    def feedback(self) -> list[str]:
        """Return the notices and coaching lines, criterion by criterion."""
        lines = list(self.notices)
        for c in self.criteria:
            lines += [f"{c.title}: {tip}" for tip in c.coaching]
        return lines

    def as_dict(self) -> dict[str, Any]:
        """Return the whole scorecard as plain data."""
        return {
            "rubric": self.rubric,
            "rubric_version": self.rubric_version,
            "channel": self.channel,
            "language": self.language,
            "scores": self.scores,
            "overall": self.overall,
            "criteria": [
                {
                    "id": c.id,
                    "title": c.title,
                    "level": c.level,
                    "descriptor": c.descriptor,
                    "evidence": [e.as_dict() for e in c.evidence],
                    "coaching": list(c.coaching),
                }
                for c in self.criteria
            ],
            "evidence": [e.as_dict() for e in self.evidence],
            "feedback": self.feedback,
            "notices": list(self.notices),
            "stats": self.stats,
            "text": self.text,
        }
