"""What the engine needs from outside (a grader) and what a run produces (its result)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from trainer.scenarios import Step
from trainer.scoring import Scorecard
from trainer.simulation.discipline import Discipline, discipline, speed_to_lead_score
from trainer.simulation.events import Event, Outcome, Touch
from trainer.simulation.plan import PlanScore

if TYPE_CHECKING:
    from trainer.simulation.engine import Simulation


class Grader(Protocol):
    """Grades a scenario's touches; the simulator stays free of files and rubrics."""

    def grade(self, step: Step | None, channel: str, text: str, day: int) -> Scorecard:
        """Grade `text` sent on `channel` on `day`, against `step` (None: a free follow-up)."""

    def works_on_objection(self, text: str) -> bool:
        """Return True if `text` speaks to the customer's objection."""

    def is_hollow(self, text: str) -> bool:
        """Return True if `text` is a check-in with nothing new in it."""


@dataclass(frozen=True)
class Result:
    """Everything a finished (or stopped) run produced."""

    outcome: Outcome
    events: tuple[Event, ...]
    touches: tuple[Touch, ...]
    speed_to_lead: dict[str, int | None]
    discipline: Discipline
    plans: tuple[PlanScore, ...]
    reconnected_at: int | None


def summarise(sim: Simulation) -> Result:
    """Return a finished simulation's outcome, transcript, speed to lead and discipline."""
    first = sim.touches[0].minute if sim.touches else None
    speed = {"minutes": first, "score": speed_to_lead_score(first) if sim.fresh_lead else None}
    objection = sim.scenario.objections[0].type if sim.scenario.objections else None
    score = discipline(
        sim.touches,
        sim.cadence,
        start=sim.start,
        end=sim.clock.now,
        lost_early=sim.lost_early,
        objection=objection,
        works_on_objection=sim.grader.works_on_objection,
    )
    return Result(
        sim.outcome,
        tuple(sim.events),
        tuple(sim.touches),
        speed,
        score,
        tuple(sim.plans),
        sim.reconnected_at,
    )
