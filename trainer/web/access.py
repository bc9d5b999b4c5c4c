"""Authorisation helpers for blueprints: one `before_request` guard per area, and the
dealership a manager or consultant is currently looking at."""

from __future__ import annotations

from flask import Blueprint, abort, session
from flask_login import current_user

from trainer.extensions import login_manager
from trainer.models import Dealership
from trainer.services import scope


def guard(bp: Blueprint, *roles: str) -> None:
    """Require a signed-in person with one of `roles` (any role when none) for all of `bp`."""

    @bp.before_request
    def _check():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if roles and current_user.role not in roles:
            abort(403)
        return None


def current_dealership() -> Dealership:
    """Return the dealership a staff member is looking at (their choice, kept in the session)."""
    visible = scope.visible_dealerships(current_user)
    if not visible:
        abort(404)
    chosen = session.get("dealership_id")
    for dealership in visible:
        if dealership.id == chosen:
            return dealership
    return visible[0]
