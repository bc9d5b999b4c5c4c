"""Certificates: issuing on a passed exam, finding one by its public id, revoking, expiry.

A certificate's public id is 24 random base58 characters (140 bits): knowing one id says
nothing about any other. Base58 has no look-alike characters (0/O, I/l) for someone typing an
id off a printed certificate, and no "-", so an id never reads as a command-line option. Status is computed at a moment: revoked, expired, or valid.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import Assignment, AssignmentTarget, Certificate, Exam, User
from trainer.services import audit, clock, scope
from trainer.services.errors import Invalid, NotFound

# Ids issued before base58 were URL-safe base64 and must keep verifying.
PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{16,40}$")
ID_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ID_LENGTH = 24


def new_public_id() -> str:
    """Return a fresh unguessable certificate id (24 base58 characters, about 140 bits)."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def add_months(moment: datetime, months: int) -> datetime:
    """Return the same day `months` later (the last day of a shorter month)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {moment}")  # pragma: no cover


def issue(
    exam: Exam, now: datetime, validity_months: int, valid_from: datetime | None = None
) -> Certificate:
    """Issue the certificate a passed exam earned (caller commits); idempotent per exam.

    It expires `validity_months` after `valid_from` (default now; a renewal passes the old
    certificate's expiry so no time is lost)."""
    existing = db.session.scalar(select(Certificate).where(Certificate.exam_id == exam.id))
    if existing is not None:
        return existing
    certificate = Certificate(
        public_id=new_public_id(), user_id=exam.user_id,
        dealership_id=exam.dealership_id, exam_id=exam.id, track_id=exam.track_id,
        track_version=exam.track_version, track_title=exam.track_title,
        holder_name=exam.user.name, issued_at=now,
        expires_at=add_months(valid_from or now, validity_months),
    )  # fmt: skip
    db.session.add(certificate)
    db.session.flush()
    audit.record(
        None, "certificate.issue", "certificate", certificate.id,
        dealership_id=exam.dealership_id, holder=exam.user_id, track=exam.track_id,
    )  # fmt: skip
    return certificate


def find_public(public_id: str) -> Certificate:
    """Return the certificate with this public id; raise NotFound for anything else."""
    if not isinstance(public_id, str) or not PUBLIC_ID.match(public_id):
        raise NotFound("No certificate with that id.")
    found = db.session.scalar(select(Certificate).where(Certificate.public_id == public_id))
    if found is None:
        raise NotFound("No certificate with that id.")
    return found


def revoked_ids() -> list[str]:
    """Return the public ids of every revoked certificate (the revocation list)."""
    return list(
        db.session.scalars(
            select(Certificate.public_id)
            .where(Certificate.revoked_at.is_not(None))
            .order_by(Certificate.revoked_at)
        )
    )


def current(user: User, track_id: str, now: datetime | None = None) -> Certificate | None:
    """Return the person's valid certificate on a track (the latest to expire), if any."""
    now = now or clock.now()
    found = db.session.scalars(
        select(Certificate)
        .where(
            Certificate.user_id == user.id,
            Certificate.track_id == track_id,
            Certificate.revoked_at.is_(None),
            Certificate.expires_at > now,
        )
        .order_by(Certificate.expires_at.desc())
    ).first()
    return found


def mine(user: User) -> list[Certificate]:
    """Return the person's certificates, newest first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.issued_at.desc())
        )
    )


def require_managed(actor: User, certificate_id: int) -> Certificate:
    """Return a certificate in a dealership this staff member manages; raise NotFound."""
    return scope.require_managed(actor, db.session.get(Certificate, certificate_id), "certificate")


def revoke(actor: User | None, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate with a reason (actor None: the command line); kept in the audit log.

    Staff callers must have fetched it through `require_managed`."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise Invalid("Say why the certificate is revoked (a few words at least).", "reason")
    if certificate.revoked_at is not None:
        raise Invalid("This certificate is already revoked.")
    certificate.revoked_at = clock.now()
    certificate.revoke_reason = reason
    certificate.revoked_by_id = actor.id if actor else None
    audit.record(
        actor, "certificate.revoke", "certificate", certificate.id,
        dealership_id=certificate.dealership_id, reason=reason, public_id=certificate.public_id,
    )  # fmt: skip
    db.session.commit()
    return certificate


@dataclass(frozen=True)
class Row:
    """A certificate as the managers' list shows it."""

    certificate: Certificate
    status: str
    days_left: int


def for_dealership(
    dealership_id: int, *, within_days: int | None = None, now: datetime | None = None
) -> list[Row]:
    """Return a dealership's certificates (only those expiring within N days, if given)."""
    now = now or clock.now()
    query = select(Certificate).where(Certificate.dealership_id == dealership_id)
    if within_days is not None:
        query = query.where(
            Certificate.revoked_at.is_(None),
            Certificate.expires_at > now,
            Certificate.expires_at <= now + timedelta(days=within_days),
        )
    rows = list(db.session.scalars(query.order_by(Certificate.expires_at, Certificate.id)))
    if within_days is not None:  # someone who already renewed is not about to lapse
        rows = [c for c in rows if not _renewed(c)]
    return [Row(c, c.status(now), (c.expires_at - now).days) for c in rows]


def _renewed(certificate: Certificate) -> bool:
    later = db.session.scalar(
        select(Certificate.id).where(
            Certificate.user_id == certificate.user_id,
            Certificate.track_id == certificate.track_id,
            Certificate.revoked_at.is_(None),
            Certificate.expires_at > certificate.expires_at,
        )
    )
    return later is not None


def everything(now: datetime | None = None) -> list[Row]:
    """Return every certificate (the command line), newest first."""
    now = now or clock.now()
    rows = db.session.scalars(select(Certificate).order_by(Certificate.issued_at.desc()))
    return [Row(c, c.status(now), (c.expires_at - now).days) for c in rows]


def assign_recertification(
    actor: User, certificate_id: int, recertify_days: int = 60
) -> Assignment:
    """Assign the holder the track's exam again, due when the certificate expires."""
    certificate = require_managed(actor, certificate_id)
    now = clock.now()
    if certificate.revoked_at is None and certificate.expires_at > now:
        due = certificate.expires_at
        opens = due - timedelta(days=recertify_days)
        if now < opens:
            raise Invalid(
                f"Recertification for this track opens {opens:%d %b %Y} ({recertify_days} days "
                "before expiry); assign it then."
            )
    else:
        due = now + timedelta(days=14)
    open_one = db.session.scalar(
        select(Assignment.id)
        .join(AssignmentTarget, AssignmentTarget.assignment_id == Assignment.id)
        .where(
            AssignmentTarget.user_id == certificate.user_id,
            Assignment.track_id == certificate.track_id,
            Assignment.due_at >= now,
        )
    )
    if open_one is not None:
        raise Invalid(f"{certificate.holder_name} already has this recertification assigned.")
    assignment = Assignment(
        dealership_id=certificate.dealership_id, created_by_id=actor.id,
        title=f"Recertify: {certificate.track_title}", track_id=certificate.track_id,
        scenario_ids=[], due_at=due, created_at=now,
    )  # fmt: skip
    assignment.targets = [AssignmentTarget(user_id=certificate.user_id)]
    db.session.add(assignment)
    db.session.flush()
    audit.record(
        actor, "certificate.recertify", "assignment", assignment.id,
        dealership_id=certificate.dealership_id, holder=certificate.user_id,
        track=certificate.track_id, due=due.isoformat(),
    )  # fmt: skip
    db.session.commit()
    return assignment
