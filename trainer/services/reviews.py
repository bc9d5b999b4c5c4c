"""Managers' review of attempts: overriding a level with a reason, kept in the audit log."""

from __future__ import annotations

from trainer.extensions import db
from trainer.models import CRITERIA, Attempt, Override, User
from trainer.services import audit, scope
from trainer.services.errors import Forbidden, Invalid
from trainer.services.training import effective_levels, recompute_levels


def override_level(
    actor: User, attempt_id: int, touch_index: int, criterion: str, level: int, reason: str
) -> Override:
    """Change one criterion's level on one touch of an attempt in a dealership the actor manages."""
    attempt: Attempt = scope.require_attempt(actor, attempt_id)
    if actor.role not in scope.STAFF or attempt.user_id == actor.id:
        raise Forbidden("Only a manager, consultant or admin can override another person's levels.")
    if attempt.status != "done":
        raise Invalid("The attempt is not finished yet.")
    if attempt.exam is not None and attempt.exam.released:
        raise Invalid("This exam's result is released; its levels can no longer be changed.")
    levels = effective_levels(attempt)
    if not 0 <= touch_index < len(levels):
        raise Invalid("No such touch in this attempt.", "touch_index")
    if criterion not in CRITERIA:
        raise Invalid("Unknown criterion.", "criterion")
    if not isinstance(level, int) or not 0 <= level <= 4:
        raise Invalid("A level is a whole number from 0 to 4.", "level")
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise Invalid(
            "Say why (at least a few words): the trainee and other reviewers read it.", "reason"
        )
    old = levels[touch_index].get(criterion)
    override = Override(
        attempt_id=attempt.id,
        touch_index=touch_index,
        criterion=criterion,
        old_level=old,
        new_level=level,
        reason=reason,
        by_id=actor.id,
    )
    db.session.add(override)
    attempt.overrides.append(override)
    recompute_levels(attempt)
    audit.record(
        actor,
        "level.override",
        "attempt",
        attempt.id,
        dealership_id=attempt.dealership_id,
        touch=touch_index,
        criterion=criterion,
        old=old,
        new=level,
        reason=reason,
    )
    db.session.commit()
    return override
