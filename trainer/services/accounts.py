"""Accounts: creating people, signing in (throttled), invitations and password resets.

Tokens are random, shown once, and stored only as a SHA-256 hash, so a database leak does
not hand out working links.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from trainer.extensions import db
from trainer.models import (
    ROLES,
    Dealership,
    Invite,
    LoginFailure,
    Membership,
    PasswordReset,
    Team,
    User,
)
from trainer.models.base import utcnow
from trainer.services import audit
from trainer.services.errors import Invalid, NotFound, Throttled

MIN_PASSWORD = 10
ADDRESS_FACTOR = 4  # failures allowed from one address, as a multiple of the per-account limit
INVITE_DAYS = 7
RESET_HOURS = 2
# A real hash to compare against when the email is unknown, so timing does not tell.
_DUMMY_HASH = generate_password_hash("not-a-real-password-at-all")


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    """Return the email trimmed and lower-cased (how it is stored and compared)."""
    return (email or "").strip().lower()


def check_password_strength(password: str) -> None:
    """Raise Invalid if a new password is too weak."""
    if len(password or "") < MIN_PASSWORD:
        raise Invalid(f"Use at least {MIN_PASSWORD} characters.", "password")
    if password.strip() != password or len(set(password)) < 4:
        raise Invalid("Choose a less predictable password.", "password")


def set_password(user: User, password: str) -> None:
    """Set a new password and end the person's other sessions."""
    check_password_strength(password)
    user.password_hash = generate_password_hash(password)
    user.session_version = (user.session_version or 1) + 1


def change_password(user: User, current: str, new: str) -> None:
    """Change a person's own password once the current one checks; other sessions end."""
    if not check_password_hash(user.password_hash or "", current or ""):
        raise Invalid("That is not your current password.", "current")
    set_password(user, new)
    audit.record(user, "password.change", "user", user.id)
    db.session.commit()


def authenticate(
    email: str, password: str, address: str, *, max_failures: int, window_minutes: int
) -> User:
    """Return the user for these credentials; raise Throttled or Invalid (one message for both
    unknown email and wrong password)."""
    email = normalise_email(email)
    since = utcnow() - timedelta(minutes=window_minutes)

    def failures(condition) -> int:
        query = select(func.count()).select_from(LoginFailure)
        return db.session.scalar(query.where(LoginFailure.at >= since, condition))

    # Per account, and (more loosely) per address: a store's staff share one connection, so
    # one person's typos must not lock everyone out, but a guessing script still is.
    recent = max(
        failures(LoginFailure.email == email),
        failures(LoginFailure.address == address) // ADDRESS_FACTOR,
    )
    if recent >= max_failures:
        raise Throttled(
            f"Too many failed sign-ins. Try again in {window_minutes} minutes, or ask an admin "
            "for a password reset link.",
            window_minutes,
        )
    user = db.session.scalar(select(User).where(User.email == email))
    hashed = user.password_hash if user and user.password_hash else _DUMMY_HASH
    if not check_password_hash(hashed, password or "") or user is None or not user.active:
        db.session.add(LoginFailure(email=email, address=address))
        db.session.execute(
            delete(LoginFailure).where(LoginFailure.at < utcnow() - timedelta(days=1))
        )
        db.session.commit()
        raise Invalid("That email and password do not match an active account.")
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    db.session.commit()
    return user


def _check_role(role: str, dealership_id: int | None) -> None:
    if role not in ROLES:
        raise Invalid(f"Unknown role '{role}'.", "role")
    if role in ("trainee", "manager") and dealership_id is None:
        raise Invalid("Trainees and managers belong to a dealership.", "dealership_id")


def _check_new_person(
    email: str, name: str, role: str, dealership_ids: list[int], team_id: int | None
) -> str:
    """Raise Invalid for anything that would stop this person being created; return the email
    as stored. Invitations check the same, so a link never fails only when it is used."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise Invalid("Enter a valid email address.", "email")
    if not (name or "").strip():
        raise Invalid("Enter the person's name.", "name")
    _check_role(role, dealership_ids[0] if dealership_ids else None)
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise Invalid("Someone already has that email address.", "email")
    for dealership_id in dealership_ids:
        if db.session.get(Dealership, dealership_id) is None:
            raise Invalid("Unknown dealership.", "dealership_id")
    if team_id is not None:
        team = db.session.get(Team, team_id)
        if team is None or team.dealership_id not in dealership_ids:
            raise Invalid("Choose a team of the person's dealership.", "team_id")
    return email


def create_user(
    actor: User | None,
    *,
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    dealership_ids: list[int] | None = None,
    team_id: int | None = None,
    commit: bool = True,
) -> User:
    """Create a person (with a password, or none until they accept an invite or reset)."""
    dealership_ids = list(dict.fromkeys(dealership_ids or []))
    email = _check_new_person(email, name, role, dealership_ids, team_id)
    user = User(email=email, name=name.strip(), role=role, team_id=team_id, session_version=1)
    if password:
        set_password(user, password)
    for dealership_id in dealership_ids:
        user.memberships.append(Membership(dealership_id=dealership_id))
    db.session.add(user)
    db.session.flush()
    audit.record(
        actor,
        "user.create",
        "user",
        user.id,
        dealership_id=(dealership_ids or [None])[0],
        role=role,
        email=email,
    )
    if commit:
        db.session.commit()
    return user


def create_invite(
    actor: User,
    *,
    email: str,
    name: str,
    role: str,
    dealership_id: int | None,
    team_id: int | None = None,
) -> str:
    """Create an invitation and return its one-time token (to put in the link)."""
    email = _check_new_person(email, name, role, [dealership_id] if dealership_id else [], team_id)
    token = secrets.token_urlsafe(32)
    invite = Invite(
        token_hash=_hash_token(token), email=email, name=name.strip(), role=role,
        dealership_id=dealership_id, team_id=team_id, created_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=INVITE_DAYS),
    )  # fmt: skip
    db.session.add(invite)
    db.session.flush()
    audit.record(
        actor,
        "invite.create",
        "invite",
        invite.id,
        dealership_id=dealership_id,
        email=email,
        role=role,
    )
    db.session.commit()
    return token


def find_invite(token: str) -> Invite:
    """Return an open invitation for `token`; raise NotFound if it is unknown, used or expired."""
    invite = db.session.scalar(select(Invite).where(Invite.token_hash == _hash_token(token or "")))
    if invite is None or invite.used_at is not None or invite.expires_at < utcnow():
        raise NotFound("This invitation link is not valid any more. Ask for a new one.")
    return invite


def accept_invite(token: str, password: str) -> User:
    """Create the invited person with their chosen password; the link then stops working."""
    invite = find_invite(token)
    check_password_strength(password)
    user = create_user(
        None, email=invite.email, name=invite.name, role=invite.role, password=password,
        dealership_ids=[invite.dealership_id] if invite.dealership_id else [],
        team_id=invite.team_id, commit=False,
    )  # fmt: skip
    invite.used_at = utcnow()
    db.session.commit()
    return user


def create_reset(actor: User | None, user: User) -> str:
    """Create a one-time password reset token for `user` and return it; older open links
    for the same person stop working."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    for old in db.session.scalars(
        select(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    ):
        old.used_at = now
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=_hash_token(token),
            expires_at=utcnow() + timedelta(hours=RESET_HOURS),
        )
    )
    audit.record(actor, "password.reset_link", "user", user.id)
    db.session.commit()
    return token


def find_reset(token: str) -> PasswordReset:
    """Return an open reset for `token`; raise NotFound if it is unknown, used or expired."""
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == _hash_token(token or ""))
    )
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow():
        raise NotFound("This reset link is not valid any more. Ask for a new one.")
    return reset


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link; the link then stops working."""
    reset = find_reset(token)
    set_password(reset.user, password)
    reset.used_at = utcnow()
    audit.record(reset.user, "password.reset", "user", reset.user_id)
    db.session.commit()
    return reset.user


def load_user(session_id: str) -> User | None:
    """Return the signed-in user for a session id "user:version", or None if it is stale."""
    user_part, _, version = (session_id or "").partition(":")
    if not user_part.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_part))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
