"""Figures for dashboards: a team's averages, trend, heat map and overdue drills; a trainee's
progress; a consultant's comparison of client dealerships; CSV exports."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import mean

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import CRITERIA, Assignment, AssignmentTarget, Attempt, Dealership, Exam, User
from trainer.models.base import utcnow
from trainer.services.scope import trainees_of

CRITERION_TITLES = {
    "reconnection": "Reconnection",
    "urgency": "Urgency",
    "trust": "Trust",
    "follow_up": "Follow-up",
}


def _avg(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(mean(present), 2) if present else None


@dataclass
class PersonRow:
    """One trainee's line in the heat map."""

    user: User
    attempts: int
    levels: dict[str, float | None]
    overall: float | None
    weakest: str | None
    overdue: int


@dataclass
class TeamDashboard:
    """Everything the manager's dashboard shows for one dealership."""

    dealership: Dealership
    averages: dict[str, float | None]
    people: list[PersonRow]
    trend: list[tuple[str, dict[str, float | None]]]
    overdue: list[tuple[User, Assignment, str]] = field(default_factory=list)
    attempts: int = 0


def _done_attempts(dealership_id: int, since: datetime | None = None) -> list[Attempt]:
    # Team figures are the trainees' work; staff practising in the store do not count.
    query = (
        select(Attempt)
        .join(User, User.id == Attempt.user_id)
        .where(
            Attempt.dealership_id == dealership_id, Attempt.status == "done", User.role == "trainee"
        )
    )
    if since is not None:
        query = query.where(Attempt.finished_at >= since)
    return list(db.session.scalars(query.order_by(Attempt.finished_at)))


def overdue_items(dealership_id: int) -> list[tuple[User, Assignment, str]]:
    """Return (person, drill, scenario id) for every assigned scenario past due and not done."""
    now = utcnow()
    rows = db.session.execute(
        select(AssignmentTarget, Assignment)
        .join(Assignment, Assignment.id == AssignmentTarget.assignment_id)
        .where(Assignment.dealership_id == dealership_id, Assignment.due_at < now)
        .order_by(Assignment.due_at)
    ).all()
    done = {
        (a.user_id, a.assignment_id, a.scenario_id)
        for a in db.session.scalars(
            select(Attempt).where(
                Attempt.dealership_id == dealership_id,
                Attempt.status == "done",
                Attempt.assignment_id.is_not(None),
            )
        )
    }
    passed = {
        (e.user_id, e.track_id, e.started_at)
        for e in db.session.scalars(
            select(Exam).where(Exam.dealership_id == dealership_id, Exam.status == "passed")
        )
    }
    out = []
    for target, assignment in rows:
        if assignment.track_id:  # a recertification: done by passing the track's exam since
            if not any(
                user == target.user_id
                and track == assignment.track_id
                and started >= assignment.created_at
                for user, track, started in passed
            ):
                out.append((target.user, assignment, f"exam: {assignment.track_id}"))
            continue
        for scenario_id in assignment.scenario_ids:
            if (target.user_id, assignment.id, scenario_id) not in done:
                out.append((target.user, assignment, scenario_id))
    return out


def team_dashboard(dealership: Dealership, weeks: int = 8) -> TeamDashboard:
    """Return the dashboard figures for a dealership."""
    attempts = _done_attempts(dealership.id)
    by_person: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_person.setdefault(attempt.user_id, []).append(attempt)
    overdue = overdue_items(dealership.id)
    overdue_count: dict[int, int] = {}
    for person, _, _ in overdue:
        overdue_count[person.id] = overdue_count.get(person.id, 0) + 1
    people = []
    for person in trainees_of(dealership.id):
        mine = by_person.get(person.id, [])
        levels = {c: _avg([a.level(c) for a in mine]) for c in CRITERIA}
        scored = {c: v for c, v in levels.items() if v is not None}
        weakest = min(scored, key=lambda c: (scored[c], CRITERIA.index(c))) if scored else None
        people.append(
            PersonRow(
                person,
                len(mine),
                levels,
                _avg([a.overall for a in mine]),
                weakest,
                overdue_count.get(person.id, 0),
            )
        )
    averages = {c: _avg([a.level(c) for a in attempts]) for c in CRITERIA}
    start = utcnow() - timedelta(weeks=weeks)
    trend = []
    for week in range(weeks):
        begin, end = start + timedelta(weeks=week), start + timedelta(weeks=week + 1)
        inside = [a for a in attempts if a.finished_at and begin <= a.finished_at < end]
        trend.append((f"{begin:%d %b}", {c: _avg([a.level(c) for a in inside]) for c in CRITERIA}))
    return TeamDashboard(dealership, averages, people, trend, overdue, len(attempts))


def dashboard_csv(board: TeamDashboard) -> str:
    """Return the heat map as CSV: one row per trainee."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["trainee", "email", "attempts", *CRITERIA, "overall", "weakest_skill", "overdue_drills"]
    )
    for row in board.people:
        cells = ["" if row.levels[c] is None else f"{row.levels[c]:.2f}" for c in CRITERIA]
        writer.writerow(
            [
                _safe(row.user.name),
                row.user.email,
                row.attempts,
                *cells,
                "" if row.overall is None else f"{row.overall:.1f}",
                row.weakest or "",
                row.overdue,
            ]
        )
    return out.getvalue()


def _safe(value: str) -> str:
    """Defuse spreadsheet formulas in names (a cell starting with = + - @)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def compare_dealerships(
    dealerships: list[Dealership],
) -> list[tuple[Dealership, int, dict[str, float | None], int]]:
    """Return (dealership, attempts, averages, overdue count) for a consultant's clients."""
    rows = []
    for dealership in dealerships:
        attempts = _done_attempts(dealership.id)
        rows.append(
            (
                dealership,
                len(attempts),
                {c: _avg([a.level(c) for a in attempts]) for c in CRITERIA},
                len(overdue_items(dealership.id)),
            )
        )
    return rows


def progress(user: User) -> tuple[list[Attempt], list[tuple[str, dict[str, float | None]]]]:
    """Return a person's finished attempts (newest first) and their per-criterion series."""
    attempts = [
        a
        for a in db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id, Attempt.status == "done")
            .order_by(Attempt.finished_at)
        )
        if a.exam is None or a.exam.released  # exam grades stay hidden until released
    ]
    series = [(f"{a.finished_at:%d %b}", {c: a.level(c) for c in CRITERIA}) for a in attempts]
    return list(reversed(attempts)), series
