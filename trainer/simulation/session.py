"""Playing a list of actions through a simulation from start to end."""

from __future__ import annotations

from collections.abc import Callable

from trainer.scenarios import Scenario
from trainer.simulation.actions import Action
from trainer.simulation.cadence import Cadence
from trainer.simulation.engine import Simulation
from trainer.simulation.events import Event
from trainer.simulation.results import Grader, Result


def run(
    scenario: Scenario,
    grader: Grader,
    cadence: Cadence,
    actions: list[Action],
    seed: int = 0,
    on_event: Callable[[Event], None] | None = None,
    *,
    compose_time: bool = True,
    finish: bool = True,
) -> tuple[Simulation, Result | None]:
    """Play `actions` (until the lead ends) and return the simulation and, with `finish`,
    the result (which closes the lead)."""
    sim = Simulation(scenario, grader, cadence, seed, compose_time=compose_time)
    if on_event:
        for event in sim.events:
            on_event(event)
    for action in actions:
        if sim.over:
            break
        for event in sim.apply(action):
            if on_event:
                on_event(event)
    return sim, (sim.result() if finish else None)
