"""Who may see what: the one place that decides tenancy for every service and view.

A trainee sees only their own work; a manager only their dealership(s); a consultant only the
dealerships that engaged them; an admin everything. Objects outside a person's scope are
reported as not found, so their existence is not revealed.
"""

from __future__ import annotations

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import Assignment, Attempt, Dealership, Membership, User, Voicemail
from trainer.services.errors import NotFound

STAFF = ("manager", "consultant", "admin")


def visible_dealerships(user: User) -> list[Dealership]:
    """Return the dealerships this person may see, by name."""
    query = select(Dealership).order_by(Dealership.name)
    if user.role != "admin":
        query = query.where(Dealership.id.in_(user.dealership_ids or [-1]))
    return list(db.session.scalars(query))


def can_see_dealership(user: User, dealership_id: int | None) -> bool:
    """Return True if this person may see the dealership's people and work."""
    if dealership_id is None:
        return user.role == "admin"
    return user.role == "admin" or dealership_id in user.dealership_ids


def require_dealership(user: User, dealership_id: int | None) -> Dealership:
    """Return the dealership if this person may see it; raise NotFound otherwise."""
    dealership = db.session.get(Dealership, dealership_id) if dealership_id else None
    if dealership is None or not can_see_dealership(user, dealership.id):
        raise NotFound("No such dealership.")
    return dealership


def require_staff_dealership(user: User, dealership_id: int | None) -> Dealership:
    """Return the dealership if this person manages it (manager, consultant, admin)."""
    if user.role not in STAFF:
        raise NotFound("No such dealership.")
    return require_dealership(user, dealership_id)


def _own_or_managed(user: User, found, what: str):
    """Return `found` if it is this person's own, or in a dealership they manage."""
    if found is not None and (
        found.user_id == user.id
        or (user.role in STAFF and can_see_dealership(user, found.dealership_id))
    ):
        return found
    raise NotFound(f"No such {what}.")


def _own(user: User, found, what: str):
    """Return `found` only if it is this person's own."""
    if found is None or found.user_id != user.id:
        raise NotFound(f"No such {what}.")
    return found


def require_attempt(user: User, attempt_id: int) -> Attempt:
    """Return an attempt this person may see: their own, or one in a dealership they manage."""
    return _own_or_managed(user, db.session.get(Attempt, attempt_id), "attempt")


def require_own_attempt(user: User, attempt_id: int) -> Attempt:
    """Return an attempt only if it is this person's own (playing is never on someone's behalf)."""
    return _own(user, db.session.get(Attempt, attempt_id), "attempt")


def require_own_voicemail(user: User, voicemail_id: int) -> Voicemail:
    """Return a recording only if it is this person's own (uploading, retrying, its status)."""
    return _own(user, db.session.get(Voicemail, voicemail_id), "voicemail")


def require_voicemail(user: User, voicemail_id: int) -> Voicemail:
    """Return a recording this person may hear: their own, or one in a dealership they manage."""
    return _own_or_managed(user, db.session.get(Voicemail, voicemail_id), "voicemail")


def require_managed(user: User, found, what: str):
    """Return `found` only to staff of its dealership (manager, consultant, admin)."""
    if found is None or user.role not in STAFF or not can_see_dealership(user, found.dealership_id):
        raise NotFound(f"No such {what}.")
    return found


def require_staff_voicemail(user: User, voicemail_id: int) -> Voicemail:
    """Return a recording only to staff of its dealership (correcting a transcript)."""
    return require_managed(user, db.session.get(Voicemail, voicemail_id), "voicemail")


def require_assignment(user: User, assignment_id: int) -> Assignment:
    """Return a drill this person may see (assigned to them, or in a dealership they manage)."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("No such drill.")
    if user.role in STAFF and can_see_dealership(user, assignment.dealership_id):
        return assignment
    if any(t.user_id == user.id for t in assignment.targets):
        return assignment
    raise NotFound("No such drill.")


def require_person(user: User, person_id: int) -> User:
    """Return a person this staff member may see (someone in a dealership they manage)."""
    person = db.session.get(User, person_id)
    if person is None or user.role not in STAFF:
        raise NotFound("No such person.")
    if user.role == "admin" or person.id == user.id:
        return person
    if set(person.dealership_ids) & set(user.dealership_ids) and person.role == "trainee":
        return person
    raise NotFound("No such person.")


def trainees_of(dealership_id: int) -> list[User]:
    """Return the active trainees of a dealership, by name."""
    query = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.dealership_id == dealership_id, User.role == "trainee", User.active)
        .order_by(User.name)
    )
    return list(db.session.scalars(query))
