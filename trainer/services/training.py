"""Playing scenarios in the web app: attempts, their actions, drafts, and results.

An attempt is the scenario, the seed and the trainee's actions; the simulation is replayed
from them on every request (it is deterministic and cheap), so nothing about a half-played
lead lives only in memory. A double submit carries the same token and is applied once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import mean
from typing import Any

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import (
    CRITERIA,
    Assignment,
    AssignmentTarget,
    Attempt,
    Exam,
    ScenarioPack,
    User,
)
from trainer.models.base import utcnow
from trainer.scenarios import Scenario
from trainer.services import clock, scope
from trainer.services.errors import Invalid, NotFound
from trainer.services.library import Library, LibraryError
from trainer.services.simulation import new_simulation, result_dict
from trainer.simulation import ActionError, Simulation, make_action
from trainer.simulation.actions import MAX_MESSAGE_CHARS

_LIBRARIES: dict[tuple[str, ...], Library] = {}
TOUCH_KINDS = ("email", "text", "voicemail", "plan")


def library(extra_folders: list[str] | tuple[str, ...] = ()) -> Library:
    """Return the rubric and scenario library with these extra scenario folders (cached)."""
    key = tuple(extra_folders)
    if key not in _LIBRARIES:
        _LIBRARIES.clear()  # the set of enabled packs changed: drop the old catalogue
        _LIBRARIES[key] = Library.load(scenario_dirs=[Path(f) for f in key])
    return _LIBRARIES[key]


def current_library() -> Library:
    """Return the library with every enabled scenario pack."""
    folders = db.session.scalars(
        select(ScenarioPack.folder)
        .where(ScenarioPack.status == "enabled")
        .order_by(ScenarioPack.id)
    )
    return library(tuple(folders))


def scenario(scenario_id: str) -> Scenario:
    """Return a catalogue scenario by id; raise NotFound."""
    found = current_library().catalog.scenarios.get(scenario_id)
    if found is None:
        raise NotFound(f"No scenario '{scenario_id}'.")
    return found


def start_attempt(
    user: User, scenario_id: str, assignment_id: int | None = None, *, exam: bool = False
) -> Attempt:
    """Open a scenario for this person to play (the lead card opens now).

    While the person has an exam open, nothing else can be started (`exam` is the exam's own
    attempt): practising the drawn scenario would show its model answer mid-exam."""
    if not user.dealership_ids:
        raise Invalid("Only people who belong to a dealership can play scenarios.")
    if not exam and has_open_exam(user):
        raise Invalid("You have an exam open: finish it from the Exams page before practising.")
    chosen = scenario(scenario_id)
    dealership_id = user.dealership_ids[0]
    if assignment_id is not None:
        assignment = scope.require_assignment(user, assignment_id)
        if scenario_id not in assignment.scenario_ids:
            raise NotFound("That scenario is not part of this drill.")
        dealership_id = assignment.dealership_id
    attempt = Attempt(
        user_id=user.id, dealership_id=dealership_id, assignment_id=assignment_id,
        scenario_id=chosen.id, scenario_version=chosen.version, seed=secrets.randbelow(2**31),
        status="in_progress", actions=[], opened_at=utcnow(),
    )  # fmt: skip
    db.session.add(attempt)
    db.session.commit()
    return attempt


def has_open_exam(user: User) -> bool:
    """Whether the person has an exam in progress (exam mode: no feedback elsewhere)."""
    return (
        db.session.scalar(
            select(Exam.id).where(Exam.user_id == user.id, Exam.status == "in_progress")
        )
        is not None
    )


def _actions(attempt: Attempt):
    return [make_action(a["kind"], a.get("text", "")) for a in attempt.actions]


def simulate(attempt: Attempt) -> Simulation:
    """Rebuild the attempt's simulation from its actions."""
    lib = current_library()
    try:
        played = lib.scenario(attempt.scenario_id)
    except LibraryError:
        raise NotFound(
            f"The scenario '{attempt.scenario_id}' is no longer in the library."
        ) from None
    sim = new_simulation(lib, played, seed=attempt.seed, compose_time=False)
    for action in _actions(attempt):
        if sim.over:
            break
        sim.apply(action)
    return sim


def _minutes_since(start: datetime, now: datetime | None = None) -> int:
    now = now or utcnow()
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    return max(0, int((now - start).total_seconds() // 60))


def act(
    user: User,
    attempt_id: int,
    kind: str,
    text: str = "",
    token: str | None = None,
    sent_at: datetime | None = None,
) -> Attempt:
    """Apply one action to the person's own attempt; a repeated token is applied only once.

    `sent_at` is when the trainee sent it, if earlier than now (a recording transcribed
    later): an exam's deadline is checked against it."""
    attempt = scope.require_own_attempt(user, attempt_id)
    if token and any(a.get("token") == token for a in attempt.actions):
        return attempt  # a double submit: already done
    if attempt.status != "in_progress":
        raise Invalid("This attempt is finished. Start a new one to try again.")
    try:
        action = make_action(kind, text)
    except ActionError as exc:
        raise Invalid(str(exc), "message") from None
    if attempt.exam is not None and _time_is_up(attempt, sent_at):
        action = make_action("end")  # the exam's time is up: what was sent is graded
    sim = simulate(attempt)
    entries = list(attempt.actions)
    if action.is_touch and not sim.touches and sim.fresh_lead:
        # Speed to lead is real: the minutes since the lead card opened pass on the clock.
        waited = _minutes_since(attempt.opened_at)
        if waited >= 1:
            entries.append({"kind": "wait", "text": f"{waited}m", "auto": True})
            sim.apply(make_action("wait", f"{waited}m"))
    if not sim.over:
        sim.apply(action)
    entry: dict[str, Any] = {"kind": action.kind, "text": action.text}
    if token:
        entry["token"] = token
    entries.append(entry)
    attempt.actions = entries
    if action.is_touch:
        attempt.draft_text = ""
    if sim.over:
        _store_result(attempt, sim)
    db.session.commit()
    return attempt


def save_draft(
    user: User, attempt_id: int, text: str, channel: str | None, seen: int | None = None
) -> bool:
    """Keep what the person is writing, so a timeout or an error never loses it.

    `seen` is how many actions the page knew of: an autosave that arrives after a later
    action (the message it holds was just sent) is stale and ignored. Returns True if saved.
    """
    attempt = scope.require_own_attempt(user, attempt_id)
    if seen is not None and seen != len(attempt.actions):
        return False
    if len(text or "") > MAX_MESSAGE_CHARS:
        raise Invalid(f"The draft is longer than {MAX_MESSAGE_CHARS:,} characters.", "message")
    attempt.draft_text = text or ""
    attempt.draft_channel = channel if channel in (*TOUCH_KINDS, "recording") else None
    db.session.commit()
    return True


def _time_is_up(attempt: Attempt, sent_at: datetime | None) -> bool:
    from trainer.services import exams  # exams build on attempts; imported when one is played

    return exams.expire_if_due(attempt.exam, sent_at)


def _store_result(attempt: Attempt, sim: Simulation) -> None:
    result = sim.result()
    attempt.result = result_dict(sim, result)
    attempt.status = "done"
    attempt.finished_at = utcnow()
    attempt.outcome = result.outcome.kind
    attempt.discipline = result.discipline.score
    attempt.speed_to_lead = result.speed_to_lead["score"]
    recompute_levels(attempt)
    if attempt.exam is not None:
        from trainer.services import exams

        exams.settle(attempt.exam)


def effective_levels(attempt: Attempt) -> list[dict[str, int | None]]:
    """Return each written touch's levels with managers' overrides applied."""
    touches = [t for t in (attempt.result or {}).get("touches", []) if t.get("scores")]
    levels = [dict(t["scores"]) for t in touches]
    for override in attempt.overrides:
        if 0 <= override.touch_index < len(levels):
            levels[override.touch_index][override.criterion] = override.new_level
    return levels


def recompute_levels(attempt: Attempt) -> None:
    """Set the attempt's per-criterion and overall figures from its touches (and overrides)."""
    levels = effective_levels(attempt)
    for criterion in CRITERIA:
        values = [lv[criterion] for lv in levels if lv.get(criterion) is not None]
        setattr(attempt, criterion, round(mean(values), 2) if values else None)
    overalls = [
        t["overall"]
        for t in (attempt.result or {}).get("touches", [])
        if t.get("overall") is not None
    ]
    attempt.overall = round(mean(overalls), 1) if overalls else None


def revise_touch(attempt: Attempt, token: str, text: str) -> bool:
    """Replace the text of the touch sent with `token` and replay (a corrected transcript).

    A finished attempt is graded again from its actions, keeping when it finished; the caller
    commits. Returns False when no action carries the token.
    """
    entries = [dict(a) for a in attempt.actions]
    found = [e for e in entries if e.get("token") == token]
    if not found:
        return False
    for entry in found:
        entry["text"] = text
    attempt.actions = entries
    if attempt.status == "done":
        finished = attempt.finished_at
        sim = simulate(attempt)
        if not sim.over:
            sim.apply(make_action("end"))
        _store_result(attempt, sim)
        attempt.finished_at = finished
    return True


def end_if_time_is_up(user: User, attempt_id: int) -> bool:
    """End the person's exam attempt if its time is up (what was sent is graded)."""
    attempt = scope.require_own_attempt(user, attempt_id)
    exam = attempt.exam
    if attempt.status != "in_progress" or exam is None or clock.now() < exam.deadline_at:
        return False
    act(user, attempt.id, "end")
    return True


def finish(user: User, attempt_id: int, token: str | None = None) -> Attempt:
    """Stop playing and get the results."""
    return act(user, attempt_id, "end", "", token)


@dataclass(frozen=True)
class DrillItem:
    """One scenario of one drill, for one person, with its status."""

    assignment: Assignment
    scenario_id: str
    title: str
    status: str  # done | overdue | due
    attempt_id: int | None


def my_drills(user: User) -> list[DrillItem]:
    """Return the person's assigned scenarios: done, overdue or due, soonest first."""
    rows = db.session.scalars(
        select(Assignment)
        .join(AssignmentTarget, AssignmentTarget.assignment_id == Assignment.id)
        .where(AssignmentTarget.user_id == user.id)
        .order_by(Assignment.due_at)
    )
    now = utcnow()
    catalog = current_library().catalog.scenarios
    items = []
    for assignment in rows:
        for scenario_id in assignment.scenario_ids:
            done = db.session.scalar(
                select(Attempt.id)
                .where(
                    Attempt.user_id == user.id,
                    Attempt.assignment_id == assignment.id,
                    Attempt.scenario_id == scenario_id,
                    Attempt.status == "done",
                )
                .order_by(Attempt.id.desc())
            )
            due = assignment.due_at
            status = "done" if done else ("overdue" if due < now else "due")
            title = catalog[scenario_id].title if scenario_id in catalog else scenario_id
            items.append(DrillItem(assignment, scenario_id, title, status, done))
    return items


def play_scripted(
    user: User,
    scenario_id: str,
    actions: list[tuple[str, str]],
    *,
    seed: int,
    opened_at: datetime,
    assignment_id: int | None = None,
) -> Attempt:
    """Record a whole attempt played from a script (demo history, imports): the same rules as
    playing in the browser, dated as given."""
    chosen = scenario(scenario_id)
    attempt = Attempt(
        user_id=user.id, dealership_id=user.dealership_ids[0], assignment_id=assignment_id,
        scenario_id=chosen.id, scenario_version=chosen.version, seed=seed, status="in_progress",
        actions=[{"kind": kind, "text": text} for kind, text in actions], opened_at=opened_at,
    )  # fmt: skip
    sim = simulate(attempt)
    if not sim.over:
        sim.apply(make_action("end"))
        attempt.actions = [*attempt.actions, {"kind": "end", "text": ""}]
    _store_result(attempt, sim)
    attempt.finished_at = opened_at + timedelta(minutes=20)
    db.session.add(attempt)
    return attempt
