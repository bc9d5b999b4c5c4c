"""The time certification decisions are made at: one function, so tests can set the clock."""

from __future__ import annotations

from datetime import datetime

from trainer.models.base import utcnow


def now() -> datetime:
    """Return the current time (UTC, aware)."""
    return utcnow()
