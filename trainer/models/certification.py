"""Certification: exams (one graded attempt sat under a track's rules) and certificates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from trainer.extensions import db
from trainer.models.base import UTCDateTime, utcnow
from trainer.models.org import Dealership, User
from trainer.models.training import Assignment, Attempt

EXAM_STATUSES = ("in_progress", "awaiting_review", "passed", "failed")


class Exam(db.Model):
    """One sitting of a track's exam: the attempt played, its deadline, verdict and release."""

    __tablename__ = "exam"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    dealership_id: Mapped[int] = mapped_column(ForeignKey("dealership.id"), index=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), unique=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"))
    track_id: Mapped[str] = mapped_column(String(80), index=True)
    track_version: Mapped[int] = mapped_column(Integer)
    track_title: Mapped[str] = mapped_column(String(160))
    status: Mapped[str] = mapped_column(String(20), default="in_progress", index=True)
    # "<user id>:<track id>" while the exam is open, NULL after: the unique constraint lets a
    # person have one open exam per track, even when two starts race (NULLs never collide).
    open_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    # The track's rules as they were when the exam started: judged and released by these.
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    timed_out: Mapped[bool] = mapped_column(Boolean, default=False)
    verdict: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    review_note: Mapped[str] = mapped_column(Text, default="")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    dealership: Mapped[Dealership] = relationship()
    assignment: Mapped[Assignment | None] = relationship()
    attempt: Mapped[Attempt] = relationship(backref=backref("exam", uselist=False))

    @property
    def released(self) -> bool:
        """Whether the trainee may see the grades and the verdict."""
        return self.released_at is not None


class Certificate(db.Model):
    """A credential earned by passing an exam; checked by anyone through its public id."""

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    dealership_id: Mapped[int] = mapped_column(ForeignKey("dealership.id"), index=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exam.id"), unique=True)
    track_id: Mapped[str] = mapped_column(String(80), index=True)
    track_version: Mapped[int] = mapped_column(Integer)
    track_title: Mapped[str] = mapped_column(String(160))
    holder_name: Mapped[str] = mapped_column(String(120))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    dealership: Mapped[Dealership] = relationship()
    exam: Mapped[Exam] = relationship()

    def status(self, now: datetime) -> str:
        """Return valid, expired or revoked at `now`."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if now >= self.expires_at else "valid"
