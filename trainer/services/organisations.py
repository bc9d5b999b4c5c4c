"""Dealer groups, dealerships, teams, and switching people on and off (admins only)."""

from __future__ import annotations

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import DealerGroup, Dealership, Team, User
from trainer.services import audit
from trainer.services.errors import Invalid, NotFound


def create_dealership(actor: User, name: str, group_name: str = "") -> Dealership:
    """Add a dealership (and its dealer group, if new)."""
    name = (name or "").strip()
    if not name:
        raise Invalid("Name the dealership.", "name")
    if db.session.scalar(select(Dealership.id).where(Dealership.name == name)):
        raise Invalid("A dealership with that name exists.", "name")
    group = None
    group_name = (group_name or "").strip()
    if group_name:
        group = db.session.scalar(select(DealerGroup).where(DealerGroup.name == group_name))
        group = group or DealerGroup(name=group_name)
    dealership = Dealership(name=name, group=group)
    db.session.add(dealership)
    db.session.flush()
    audit.record(
        actor,
        "dealership.create",
        "dealership",
        dealership.id,
        dealership_id=dealership.id,
        name=name,
    )
    db.session.commit()
    return dealership


def create_team(actor: User, dealership_id: int | None, name: str) -> Team:
    """Add a team to a dealership."""
    dealership = db.session.get(Dealership, dealership_id or 0)
    name = (name or "").strip()
    if dealership is None or not name:
        raise Invalid("Choose a dealership and name the team.", "team")
    if any(t.name == name for t in dealership.teams):
        raise Invalid("That dealership already has a team with that name.", "team")
    team = Team(dealership_id=dealership.id, name=name)
    db.session.add(team)
    db.session.flush()
    audit.record(actor, "team.create", "team", team.id, dealership_id=dealership.id, name=name)
    db.session.commit()
    return team


def toggle_active(actor: User, user_id: int) -> User:
    """Deactivate (signing them out everywhere) or reactivate a person."""
    person = db.session.get(User, user_id)
    if person is None or person.id == actor.id:
        raise NotFound("No such person (and you cannot deactivate yourself).")
    person.active = not person.active
    person.session_version += 1
    audit.record(actor, "user.active" if person.active else "user.inactive", "user", person.id)
    db.session.commit()
    return person
