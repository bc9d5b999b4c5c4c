"""The lead-life simulator: prospects that react, an accelerated clock, follow-up discipline.

Pure: no Flask, no database, no wall clock. Randomness comes only from a seeded generator,
so the same scenario, actions and seed always give the same transcript, scores and outcome.
"""

from trainer.simulation.actions import (
    Action,
    ActionError,
    Script,
    load_script,
    make_action,
    parse_script,
)
from trainer.simulation.cadence import Cadence, load_cadence
from trainer.simulation.clock import DurationError, format_duration, parse_duration
from trainer.simulation.discipline import Discipline, speed_to_lead_score
from trainer.simulation.engine import Simulation, SimulationOver
from trainer.simulation.events import Event, Outcome, Touch
from trainer.simulation.plan import PlanScore, parse_plan, score_plan
from trainer.simulation.results import Grader, Result

__all__ = [
    "Action",
    "ActionError",
    "Cadence",
    "Discipline",
    "DurationError",
    "Event",
    "Grader",
    "Outcome",
    "PlanScore",
    "Result",
    "Script",
    "Simulation",
    "SimulationOver",
    "Touch",
    "format_duration",
    "load_cadence",
    "load_script",
    "make_action",
    "parse_duration",
    "parse_plan",
    "parse_script",
    "score_plan",
    "speed_to_lead_score",
]
