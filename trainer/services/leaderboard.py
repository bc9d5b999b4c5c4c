"""A dealership's leaderboard: trainees ranked by their recent graded work, opt-out respected.

Ranked on the mean overall score of the last 90 days' finished attempts (exam attempts only
once their result is released), with at least three attempts; certificates held are shown.
A trainee who opts out is left off everyone else's board and sees only their own line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from statistics import mean

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import Attempt, Certificate, User
from trainer.services import clock, scope

WINDOW_DAYS = 90
MIN_ATTEMPTS = 3


@dataclass(frozen=True)
class Entry:
    """One line of the board."""

    rank: int | None  # None: not enough attempts yet, or opted out
    person: User
    overall: float | None
    attempts: int
    certificates: int
    hidden: bool  # opted out (only they see this line)


def board(dealership_id: int, viewer: User) -> list[Entry]:
    """Return the dealership's board as the viewer may see it, best first."""
    now = clock.now()
    since = now - timedelta(days=WINDOW_DAYS)
    entries: list[Entry] = []
    for person in scope.trainees_of(dealership_id):
        if person.leaderboard_opt_out and person.id != viewer.id:
            continue
        attempts = [
            a
            for a in db.session.scalars(
                select(Attempt).where(
                    Attempt.user_id == person.id,
                    Attempt.dealership_id == dealership_id,
                    Attempt.status == "done",
                    Attempt.finished_at >= since,
                    Attempt.overall.is_not(None),
                )
            )
            if a.exam is None or a.exam.released
        ]
        held = db.session.scalars(
            select(Certificate).where(
                Certificate.user_id == person.id,
                Certificate.revoked_at.is_(None),
                Certificate.expires_at > now,
            )
        ).all()
        overall = round(mean(a.overall for a in attempts), 1) if attempts else None
        entries.append(
            Entry(None, person, overall, len(attempts), len(held), person.leaderboard_opt_out)
        )
    ranked = sorted(
        (e for e in entries if not e.hidden and e.attempts >= MIN_ATTEMPTS),
        key=lambda e: (-(e.overall or 0), -e.certificates, e.person.name),
    )
    out = [
        Entry(i, e.person, e.overall, e.attempts, e.certificates, False)
        for i, e in enumerate(ranked, 1)
    ]
    rest = [e for e in entries if e.hidden or e.attempts < MIN_ATTEMPTS]
    return out + sorted(rest, key=lambda e: e.person.name)


def set_opt_out(user: User, opt_out: bool) -> None:
    """Leave (or rejoin) the leaderboard."""
    user.leaderboard_opt_out = bool(opt_out)
    db.session.commit()
