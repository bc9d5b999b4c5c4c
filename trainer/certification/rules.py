"""Judge an exam attempt against its track's pass rules, saying which rule passed or failed.

Pure: the caller hands in the graded touches (levels after any reviewer's changes), speed to
lead and the follow-up discipline score; the verdict lists every rule with what was reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from statistics import mean
from typing import Any

from trainer.certification.tracks import CRITERIA, PassRules

TITLES = {
    "reconnection": "Reconnection",
    "urgency": "Urgency",
    "trust": "Trust",
    "follow_up": "Follow-up",
}


@dataclass(frozen=True)
class Check:
    """One pass rule: what it asked, what the attempt reached, and whether that is enough."""

    rule: str
    required: str
    reached: str
    passed: bool


@dataclass(frozen=True)
class Verdict:
    """Every rule's check; the attempt passes when all of them pass."""

    passed: bool
    checks: tuple[Check, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the verdict as plain data (stored with the exam)."""
        return {"passed": self.passed, "checks": [asdict(c) for c in self.checks]}


@dataclass(frozen=True)
class ExamEvidence:
    """What the rules look at, taken from a finished attempt."""

    touches: Sequence[dict[str, int | None]]  # levels per graded touch
    overalls: Sequence[float]
    speed_to_lead: int | None  # minutes to the first touch; None if none was sent
    fresh_lead: bool  # speed to lead applies only to a new lead
    discipline: int | None


def _levels(touches: Sequence[dict[str, int | None]], criterion: str) -> list[int]:
    return [t[criterion] for t in touches if t.get(criterion) is not None]  # type: ignore[misc]


def judge(rules: PassRules, evidence: ExamEvidence) -> Verdict:
    """Apply every rule to the evidence; nothing graded means the attempt fails."""
    checks: list[Check] = []
    if not evidence.touches:
        checks.append(Check("A graded answer", "at least one message", "none sent", False))
    for criterion, minimum in rules.min_mean.items():
        values = _levels(evidence.touches, criterion)
        reached = round(mean(values), 2) if values else None
        checks.append(
            Check(
                f"{TITLES[criterion]}, mean level",
                f"at least {minimum:g}",
                "not graded" if reached is None else f"{reached:g}",
                reached is not None and reached >= minimum,
            )
        )
    if rules.min_touch_level is not None:
        lowest = [(min(v), c) for c in CRITERIA if (v := _levels(evidence.touches, c))]
        worst = min(lowest) if lowest else None
        checks.append(
            Check(
                "Every answer, every criterion",
                f"no level below {rules.min_touch_level}",
                "not graded" if worst is None else f"lowest {worst[0]} ({TITLES[worst[1]]})",
                worst is not None and worst[0] >= rules.min_touch_level,
            )
        )
    if rules.max_speed_to_lead is not None and evidence.fresh_lead:
        minutes = evidence.speed_to_lead
        checks.append(
            Check(
                "Speed to lead",
                f"first touch within {rules.max_speed_to_lead} minutes",
                "no touch sent" if minutes is None else f"{minutes} minutes",
                minutes is not None and minutes <= rules.max_speed_to_lead,
            )
        )
    if rules.min_discipline is not None:
        score = evidence.discipline
        checks.append(
            Check(
                "Follow-up discipline",
                f"at least {rules.min_discipline}/100",
                "not scored" if score is None else f"{score}/100",
                score is not None and score >= rules.min_discipline,
            )
        )
    if rules.min_overall is not None:
        overall = round(mean(evidence.overalls), 1) if evidence.overalls else None
        checks.append(
            Check(
                "Overall score",
                f"at least {rules.min_overall:g}/100",
                "not graded" if overall is None else f"{overall:g}/100",
                overall is not None and overall >= rules.min_overall,
            )
        )
    return Verdict(all(c.passed for c in checks) and bool(checks), tuple(checks))
