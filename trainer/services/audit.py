"""The audit log: who changed what that others must be able to check later."""

from __future__ import annotations

from typing import Any

from trainer.extensions import db
from trainer.models import AuditLog, User


def record(
    actor: User | None,
    action: str,
    object_type: str,
    object_id: int | None,
    *,
    dealership_id: int | None = None,
    **detail: Any,
) -> AuditLog:
    """Add an audit entry to the session (the caller's service commits)."""
    entry = AuditLog(
        actor_id=actor.id if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        dealership_id=dealership_id,
        detail=detail,
    )
    db.session.add(entry)
    return entry
