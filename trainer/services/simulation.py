"""Play scenarios in the simulator: grade touches with the library's rubrics, run scripts,
and save and re-run replays."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from trainer.scenarios import Scenario, Step, step_context
from trainer.scoring import Context, Scorecard, grade
from trainer.scoring.analysis import Analysis
from trainer.scoring.text import analyse
from trainer.services.library import Library, LibraryError
from trainer.simulation import Action, Cadence, Result, Simulation, load_cadence, make_action
from trainer.simulation.actions import ActionError
from trainer.simulation.session import run

REPLAY_FORMAT = "reconnect-replay/1"


class ScenarioGrader:
    """Grade a scenario's touches with the library's rubrics (a `Grader` for the engine)."""

    def __init__(self, library: Library, scenario: Scenario):
        self.library = library
        self.scenario = scenario
        self._email = library.rubric_for_channel("email")

    def context(self, step: Step | None, channel: str, day: int) -> Context:
        """Return the scoring context for a touch on `day` (a free follow-up has no step facts)."""
        base = step_context(self.scenario, step or self.scenario.steps[0], channel)
        if step is None:
            base = dataclasses.replace(base, must_mention=(), must_not_say=())
        stage = base.stage
        if stage == "new_lead" and day >= 1:
            stage = "aged_lead"
        return dataclasses.replace(base, day=day, stage=stage)

    def grade(self, step: Step | None, channel: str, text: str, day: int) -> Scorecard:
        """Grade one touch on the step's rubric (or the channel's, when it differs)."""
        if step is not None and channel == step.channel:
            rubric = self.library.rubric(step.rubric)
        else:
            rubric = self.library.rubric_for_channel(channel)
        return grade(text, rubric, self.context(step, channel, day))

    def _spans(self, term: str, text: str) -> bool:
        context = self.context(None, "email", 1)
        analysis = Analysis(analyse(text), context, self._email.matcher)
        return bool(analysis.spans(term))

    def works_on_objection(self, text: str) -> bool:
        """Return True if `text` speaks to one of the customer's objections (a programme
        change answers "call me when Ford does a real rate")."""
        return any(self._spans(f"objection_{o.type}", text) for o in self.scenario.objections)

    def is_hollow(self, text: str) -> bool:
        """Return True for a check-in that brings nothing new (no figure, date, answer, news)."""
        return self._spans("just_checking_in", text) and not self._spans("substance_words", text)


def play(
    library: Library,
    scenario: Scenario,
    actions: list[Action],
    *,
    seed: int = 0,
    cadence: Cadence | None = None,
    on_event=None,
    compose_time: bool = True,
    finish: bool = True,
) -> tuple[Simulation, Result | None]:
    """Play actions through a scenario; return the simulation and (with `finish`) its result."""
    cadence = cadence or load_cadence()
    grader = ScenarioGrader(library, scenario)
    return run(
        scenario, grader, cadence, actions, seed, on_event, compose_time=compose_time, finish=finish
    )


def new_simulation(
    library: Library,
    scenario: Scenario,
    *,
    seed: int = 0,
    cadence: Cadence | None = None,
    compose_time: bool = True,
) -> Simulation:
    """Start an interactive simulation of `scenario`."""
    grader = ScenarioGrader(library, scenario)
    return Simulation(scenario, grader, cadence or load_cadence(), seed, compose_time=compose_time)


def result_dict(sim: Simulation, result: Result) -> dict[str, Any]:
    """Return the result of a run as plain data (what --json prints and replays store)."""
    return {
        "outcome": result.outcome.as_dict(),
        "reconnected_at": result.reconnected_at,
        "speed_to_lead": result.speed_to_lead,
        "discipline": result.discipline.as_dict(),
        "touches": [
            {
                "minute": t.minute,
                "day": t.minute // 1440,
                "channel": t.channel,
                "step": t.step,
                "scores": t.scores,
                "overall": t.overall,
                "duplicate_of": t.duplicate_of,
                "answered": t.answered,
                "reply_odds": t.reply_odds,
                "scorecard": t.scorecard,
            }
            for t in result.touches
        ],
        "plans": [p.as_dict() for p in result.plans],
        "transcript": [e.as_dict() for e in result.events],
        "ended_at_minute": sim.clock.now,
    }


def replay_dict(sim: Simulation, result: Result) -> dict[str, Any]:
    """Return a replay: what is needed to re-run the session, and what it produced."""
    data = {
        "format": REPLAY_FORMAT,
        "scenario": {"id": sim.scenario.id, "version": sim.scenario.version},
        "seed": sim.seed,
        "cadence": {"id": sim.cadence.id},
        "actions": [a.as_dict() for a in sim.actions],
        "result": result_dict(sim, result),
    }
    if not sim.compose_time:
        data["compose_time"] = False
    return data


def dumps(data: dict[str, Any]) -> str:
    """Serialise a replay the same way every time (so replays compare byte for byte)."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class ReplayError(ValueError):
    """A replay file cannot be used: not JSON, the wrong format, or an unknown scenario."""


def load_replay(path: Path) -> dict[str, Any]:
    """Read and check a replay file; raise ReplayError saying what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ReplayError(f"{path}: cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ReplayError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("format") != REPLAY_FORMAT:
        raise ReplayError(f"{path}: not a Reconnect replay (expected format {REPLAY_FORMAT})")
    for key in ("scenario", "seed", "actions", "result"):
        if key not in data:
            raise ReplayError(f"{path}: the replay has no '{key}'")
    if not isinstance(data["actions"], list):
        raise ReplayError(f"{path}: 'actions' must be a list")
    return data


def replay_actions(data: dict[str, Any], where: str) -> list[Action]:
    """Return the actions stored in a replay; raise ReplayError naming a bad one."""
    actions = []
    for index, item in enumerate(data["actions"]):
        if not isinstance(item, dict) or len(item) != 1:
            raise ReplayError(f"{where}: actions[{index}] must be one key and its text")
        [(kind, text)] = item.items()
        try:
            actions.append(make_action(kind, text))
        except ActionError as exc:
            raise ReplayError(f"{where}: actions[{index}]: {exc}") from None
    return actions


def differences(old: Any, new: Any, path: str = "") -> list[str]:
    """Return where two JSON values differ, as readable paths ("result.outcome.kind: a -> b")."""
    if type(old) is not type(new):
        return [f"{path or '(top)'}: {json.dumps(old)[:80]} -> {json.dumps(new)[:80]}"]
    if isinstance(old, dict):
        out = []
        for key in sorted(set(old) | set(new)):
            where = f"{path}.{key}" if path else str(key)
            if key not in old:
                out.append(f"{where}: added")
            elif key not in new:
                out.append(f"{where}: missing")
            else:
                out += differences(old[key], new[key], where)
        return out
    if isinstance(old, list):
        out = []
        for index in range(max(len(old), len(new))):
            where = f"{path}[{index}]"
            if index >= len(old):
                out.append(f"{where}: added")
            elif index >= len(new):
                out.append(f"{where}: missing")
            else:
                out += differences(old[index], new[index], where)
        return out
    return [] if old == new else [f"{path}: {json.dumps(old)[:80]} -> {json.dumps(new)[:80]}"]


def rerun(library: Library, data: dict[str, Any], where: str, cadence: Cadence | None = None):
    """Re-run a loaded replay; return (new replay dict, differences from the stored one)."""
    try:
        scenario = library.scenario(data["scenario"]["id"])
    except (LibraryError, KeyError, TypeError) as exc:
        raise ReplayError(f"{where}: the replay's scenario cannot be found: {exc}") from None
    notes = []
    if scenario.version != data["scenario"].get("version"):
        notes.append(
            f"scenario.version: the replay was made with version {data['scenario'].get('version')}, "
            f"the library has version {scenario.version}"
        )
    seed = data["seed"]
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ReplayError(f"{where}: 'seed' must be a whole number")
    compose_time = data.get("compose_time", True) is not False
    sim, result = play(
        library,
        scenario,
        replay_actions(data, where),
        seed=seed,
        cadence=cadence,
        compose_time=compose_time,
    )
    fresh = replay_dict(sim, result)
    return fresh, notes + differences(data, fresh)
