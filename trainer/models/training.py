"""Drills and attempts: what a manager assigned, and every scenario a trainee played."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db
from trainer.models.base import UTCDateTime, utcnow
from trainer.models.org import Dealership, Team, User

CRITERIA = ("reconnection", "urgency", "trust", "follow_up")


class Assignment(db.Model):
    """A drill: a set of scenarios a manager assigned to people, due by a date."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    dealership_id: Mapped[int] = mapped_column(ForeignKey("dealership.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    title: Mapped[str] = mapped_column(String(160))
    # A recertification drill names a track: its one item is that track's exam.
    track_id: Mapped[str | None] = mapped_column(String(80))
    scenario_ids: Mapped[list[str]] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    dealership: Mapped[Dealership] = relationship()
    created_by: Mapped[User] = relationship()
    team: Mapped[Team | None] = relationship()
    targets: Mapped[list[AssignmentTarget]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )


class AssignmentTarget(db.Model):
    """One person a drill was assigned to."""

    __tablename__ = "assignment_target"
    __table_args__ = (UniqueConstraint("assignment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    assignment: Mapped[Assignment] = relationship(back_populates="targets")
    user: Mapped[User] = relationship()


class Attempt(db.Model):
    """One play of a scenario by a trainee: the actions, the seed, and (when done) the result.

    The simulation is deterministic, so the actions and the seed are the attempt; the stored
    result is what it produced, for feedback and dashboards.
    """

    __tablename__ = "attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    dealership_id: Mapped[int] = mapped_column(ForeignKey("dealership.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)
    scenario_id: Mapped[str] = mapped_column(String(120))
    scenario_version: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    draft_text: Mapped[str] = mapped_column(Text, default="")
    draft_channel: Mapped[str | None] = mapped_column(String(20))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(30))
    overall: Mapped[float | None] = mapped_column(Float)
    reconnection: Mapped[float | None] = mapped_column(Float)
    urgency: Mapped[float | None] = mapped_column(Float)
    trust: Mapped[float | None] = mapped_column(Float)
    follow_up: Mapped[float | None] = mapped_column(Float)
    discipline: Mapped[int | None] = mapped_column(Integer)
    speed_to_lead: Mapped[int | None] = mapped_column(Integer)
    user: Mapped[User] = relationship()
    dealership: Mapped[Dealership] = relationship()
    assignment: Mapped[Assignment | None] = relationship()
    overrides: Mapped[list[Override]] = relationship(
        back_populates="attempt", order_by="Override.id", cascade="all, delete-orphan"
    )

    def level(self, criterion: str) -> float | None:
        """Return the attempt's level on a criterion (after overrides)."""
        return getattr(self, criterion)


class Override(db.Model):
    """A manager's change to one criterion's level on one touch, with the reason."""

    __tablename__ = "override"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    touch_index: Mapped[int] = mapped_column(Integer)
    criterion: Mapped[str] = mapped_column(String(20))
    old_level: Mapped[int | None] = mapped_column(Integer)
    new_level: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempt: Mapped[Attempt] = relationship(back_populates="overrides")
    by: Mapped[User] = relationship()


class AuditLog(db.Model):
    """Something a person changed that others must be able to check later."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    dealership_id: Mapped[int | None] = mapped_column(ForeignKey("dealership.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor: Mapped[User | None] = relationship()


class ScenarioPack(db.Model):
    """A folder of scenario files an admin uploaded; enabled only once it validates."""

    __tablename__ = "scenario_pack"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    folder: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))  # invalid | valid | enabled | disabled
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    scenario_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
