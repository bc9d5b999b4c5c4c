"""People and organisations: dealer groups, dealerships (rooftops), teams, users, and the
links that say who may see which dealership."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db
from trainer.models.base import UTCDateTime, utcnow

ROLES = ("trainee", "manager", "consultant", "admin")


class DealerGroup(db.Model):
    """A group that owns several dealerships."""

    __tablename__ = "dealer_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    dealerships: Mapped[list[Dealership]] = relationship(back_populates="group")


class Dealership(db.Model):
    """One rooftop: the unit of tenancy."""

    __tablename__ = "dealership"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("dealer_group.id"))
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    group: Mapped[DealerGroup | None] = relationship(back_populates="dealerships")
    teams: Mapped[list[Team]] = relationship(back_populates="dealership", order_by="Team.name")


class Team(db.Model):
    """A team inside a dealership (the BDC, the internet team...)."""

    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("dealership_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dealership_id: Mapped[int] = mapped_column(ForeignKey("dealership.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    dealership: Mapped[Dealership] = relationship(back_populates="teams")


class User(UserMixin, db.Model):
    """A person who signs in: a trainee, a manager, a consultant or an admin."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    leaderboard_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Bumped when the password changes, so old sessions stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    team: Mapped[Team | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive users cannot sign in
        return bool(self.active)

    def get_id(self) -> str:
        """Return the session id: the user id and the session version."""
        return f"{self.id}:{self.session_version}"

    @property
    def dealership_ids(self) -> list[int]:
        """Return the dealerships this person belongs to or was engaged by."""
        return sorted(m.dealership_id for m in self.memberships)


class Membership(db.Model):
    """A person's link to a dealership: a trainee's or manager's store, a consultant's client."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "dealership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    dealership_id: Mapped[int] = mapped_column(ForeignKey("dealership.id"), index=True)
    user: Mapped[User] = relationship(back_populates="memberships")
    dealership: Mapped[Dealership] = relationship()


class Invite(db.Model):
    """A one-time link that lets a new person set their password."""

    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    dealership_id: Mapped[int | None] = mapped_column(ForeignKey("dealership.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PasswordReset(db.Model):
    """A one-time password reset link."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user: Mapped[User] = relationship()


class LoginFailure(db.Model):
    """A failed sign-in, kept for a while to throttle password guessing."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
