"""Assigning drills: sets of scenarios, due by a date, to people or whole teams."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import Assignment, AssignmentTarget, Team, User
from trainer.models.base import utcnow
from trainer.services import audit, scope
from trainer.services.errors import Invalid, NotFound
from trainer.services.training import current_library


def assign(
    actor: User,
    dealership_id: int,
    *,
    title: str,
    scenario_ids: list[str],
    due_at: datetime,
    person_ids: list[int] = (),
    team_ids: list[int] = (),
) -> Assignment:
    """Assign scenarios to people and teams of a dealership the actor manages."""
    dealership = scope.require_staff_dealership(actor, dealership_id)
    if not (title or "").strip():
        raise Invalid("Give the drill a title.", "title")
    catalog = current_library().catalog.scenarios
    unknown = [s for s in scenario_ids if s not in catalog]
    if not scenario_ids or unknown:
        raise Invalid(
            "Choose at least one scenario from the list."
            if not unknown
            else f"Unknown scenario: {', '.join(unknown)}",
            "scenario_ids",
        )
    if due_at <= utcnow():
        raise Invalid("The due date must be in the future.", "due_at")
    trainees = {t.id: t for t in scope.trainees_of(dealership.id)}
    chosen: dict[int, User] = {}
    for person_id in person_ids:
        if person_id not in trainees:
            raise NotFound("No such trainee in this dealership.")
        chosen[person_id] = trainees[person_id]
    for team_id in team_ids:
        team = db.session.get(Team, team_id)
        if team is None or team.dealership_id != dealership.id:
            raise NotFound("No such team in this dealership.")
        for person in trainees.values():
            if person.team_id == team_id:
                chosen[person.id] = person
    if not chosen:
        raise Invalid("Choose at least one person or a team with trainees in it.", "person_ids")
    assignment = Assignment(
        dealership_id=dealership.id, created_by_id=actor.id, title=title.strip(),
        scenario_ids=list(dict.fromkeys(scenario_ids)), due_at=due_at,
        team_id=team_ids[0] if len(team_ids) == 1 and not person_ids else None,
    )  # fmt: skip
    assignment.targets = [AssignmentTarget(user_id=pid) for pid in sorted(chosen)]
    db.session.add(assignment)
    db.session.flush()
    audit.record(
        actor,
        "drill.assign",
        "assignment",
        assignment.id,
        dealership_id=dealership.id,
        people=sorted(chosen),
        scenarios=assignment.scenario_ids,
    )
    db.session.commit()
    return assignment


def assignments_for(dealership_id: int) -> list[Assignment]:
    """Return a dealership's drills, latest due first."""
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.dealership_id == dealership_id)
            .order_by(Assignment.due_at.desc())
        )
    )
