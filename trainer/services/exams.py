"""Exams: who may sit a track's exam, drawing a variant, the time box, the verdict and release.

An exam is an ordinary attempt (the same simulator and scorer) played under a track's rules:
a scenario drawn from the track's pool, a deadline, no grades shown until the result is
released. Release is at once, or after a manager's review when the track says so; passing
issues a certificate.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from trainer.certification import (
    ExamEvidence,
    Track,
    TrackCatalog,
    judge,
    load_tracks,
    rules_from,
)
from trainer.extensions import db
from trainer.models import Assignment, AssignmentTarget, Attempt, Certificate, Exam, User
from trainer.paths import rubrics_dir
from trainer.services import audit, certificates, clock, scope, training
from trainer.services.errors import Forbidden, Invalid, NotFound

_CATALOGS: dict[tuple[str, ...], TrackCatalog] = {}
_DRAW = secrets.SystemRandom()


def catalog() -> TrackCatalog:
    """Return the bundled tracks, checked against the current scenario catalogue (cached)."""
    scenarios = tuple(sorted(training.current_library().catalog.scenarios))
    if scenarios not in _CATALOGS:
        _CATALOGS.clear()
        _CATALOGS[scenarios] = load_tracks([rubrics_dir() / "tracks"], set(scenarios))
    return _CATALOGS[scenarios]


def track(track_id: str) -> Track:
    """Return a track by id; raise NotFound."""
    found = catalog().tracks.get(track_id)
    if found is None:
        raise NotFound(f"No track '{track_id}'.")
    return found


@dataclass(frozen=True)
class Standing:
    """Where a person stands on one track: may they start, and if not, why and until when."""

    track: Track
    can_start: bool
    reason: str
    certificate: Certificate | None  # the one they hold now, if any
    open_exam: Exam | None  # an exam they have started and not finished
    attempts_left: int


def _exams(user: User, track_id: str) -> list[Exam]:
    return list(
        db.session.scalars(
            select(Exam)
            .where(Exam.user_id == user.id, Exam.track_id == track_id)
            .order_by(Exam.started_at.desc(), Exam.id.desc())
        )
    )


def standing(user: User, chosen: Track, now: datetime | None = None) -> Standing:
    """Decide whether the person may start this track's exam now, and say why not."""
    now = now or clock.now()
    held = certificates.current(user, chosen.id, now)
    exams = _exams(user, chosen.id)
    open_exam = next((e for e in exams if e.status == "in_progress"), None)
    window = now - timedelta(days=chosen.attempt_window_days)
    used = sum(1 for e in exams if e.started_at >= window)
    left = max(0, chosen.max_attempts - used)

    def no(reason: str) -> Standing:
        return Standing(chosen, False, reason, held, open_exam, left)

    if open_exam is not None:
        return no("You have this exam open: finish it first.")
    if any(e.status == "awaiting_review" for e in exams):
        return no("Your last attempt is waiting for a manager's review.")
    for needed in chosen.prerequisites:
        if certificates.current(user, needed, now) is None:
            title = catalog().tracks[needed].title if needed in catalog().tracks else needed
            return no(f"First earn “{title}”.")
    if held is not None:
        opens = held.expires_at - timedelta(days=chosen.recertify_days)
        if now < opens:
            return no(f"You hold this certificate; recertification opens {opens:%d %b %Y}.")
    if left == 0:
        oldest = min(e.started_at for e in exams if e.started_at >= window)
        again = oldest + timedelta(days=chosen.attempt_window_days)
        return no(
            f"You have used all {chosen.max_attempts} attempts in {chosen.attempt_window_days} "
            f"days; the next opens {again:%d %b %Y %H:%M} UTC."
        )
    last = exams[0] if exams else None
    if last is not None and last.status == "failed" and last.finished_at is not None:
        ready = last.finished_at + timedelta(hours=chosen.cooldown_hours)
        if now < ready:
            return no(f"After a failed attempt, wait until {ready:%d %b %Y %H:%M} UTC.")
    return Standing(chosen, True, "", held, None, left)


def _draw(chosen: Track, previous: str | None) -> str:
    pool = [s for s in chosen.pool if s != previous] or list(chosen.pool)
    return _DRAW.choice(pool)


def start(user: User, track_id: str, assignment_id: int | None = None) -> Exam:
    """Start the person's exam on a track: a variant drawn from the pool, the clock running."""
    chosen = track(track_id)
    now = clock.now()
    if assignment_id is not None:
        assignment = scope.require_assignment(user, assignment_id)
        if assignment.track_id != chosen.id:
            raise NotFound("That drill is not this exam.")
    state = standing(user, chosen, now)
    if not state.can_start:
        raise Invalid(state.reason)
    if open_exam(user) is not None:
        raise Invalid("You have another exam open: finish it first.")
    previous = _exams(user, chosen.id)
    scenario_id = _draw(chosen, previous[0].attempt.scenario_id if previous else None)
    attempt = training.start_attempt(user, scenario_id, exam=True)
    attempt.opened_at = now
    exam = Exam(
        user_id=user.id, dealership_id=attempt.dealership_id, attempt_id=attempt.id,
        assignment_id=assignment_id, track_id=chosen.id, track_version=chosen.version,
        track_title=chosen.title, status="in_progress", started_at=now,
        deadline_at=now + timedelta(minutes=chosen.time_limit_minutes),
        open_key=f"{user.id}:{chosen.id}", rules=chosen.snapshot(),
    )  # fmt: skip
    db.session.add(exam)
    try:
        db.session.commit()
    except IntegrityError:  # a second start raced this one: keep the first
        db.session.rollback()
        raise Invalid("You have this exam open already: continue it from the Exams page.") from None
    return exam


def open_exam(user: User) -> Exam | None:
    """Return the person's exam in progress, if any (one at a time)."""
    return db.session.scalar(
        select(Exam).where(Exam.user_id == user.id, Exam.status == "in_progress")
    )


def _fresh(attempt: Attempt) -> bool:
    try:
        return training.simulate(attempt).fresh_lead
    except NotFound:  # the scenario left the library: speed to lead cannot be judged
        return False


def evidence(attempt: Attempt) -> ExamEvidence:
    """Return what the pass rules look at in a finished attempt (reviewers' levels included)."""
    result = attempt.result or {}
    speed = result.get("speed_to_lead") or {}
    discipline = (result.get("discipline") or {}).get("score")
    overalls = [t["overall"] for t in result.get("touches", []) if t.get("overall") is not None]
    return ExamEvidence(
        touches=training.effective_levels(attempt),
        overalls=overalls,
        speed_to_lead=speed.get("minutes"),
        fresh_lead=_fresh(attempt),
        discipline=discipline,
    )


def _judge(exam: Exam) -> dict:
    """Judge the exam by the rules it started under (reviewers' levels included)."""
    return judge(rules_from(exam.rules["pass"]), evidence(exam.attempt)).as_dict()


def settle(exam: Exam, now: datetime | None = None) -> None:
    """Judge a finished exam attempt; release it now or queue it for review (caller commits)."""
    if exam.status != "in_progress" or exam.attempt.status != "done":
        return
    now = now or clock.now()
    # Time ran out: it finished at the deadline, whenever the trainee came back.
    exam.finished_at = min(now, exam.deadline_at) if exam.timed_out else now
    exam.open_key = None
    exam.verdict = _judge(exam)
    if exam.rules.get("release") == "review":
        exam.status = "awaiting_review"
        return
    _release(exam, now)


def provisional(exam: Exam) -> dict | None:
    """Return the verdict the exam would get now (reviewers' changes included)."""
    return _judge(exam) if exam.attempt.status == "done" else None


def _release(exam: Exam, now: datetime) -> None:
    exam.status = "passed" if exam.verdict and exam.verdict["passed"] else "failed"
    exam.released_at = now
    if exam.status == "passed":
        # Renewing early keeps the time left: the new validity starts when the old one ends.
        held = certificates.current(exam.user, exam.track_id, now)
        start = max(now, held.expires_at) if held is not None else now
        certificates.issue(exam, now, exam.rules["validity_months"], valid_from=start)


def expire_if_due(exam: Exam, sent_at: datetime | None = None) -> bool:
    """Mark an open exam whose time is up (for something sent at `sent_at`, default now);
    return True if the lead must end now (caller commits)."""
    if exam.status != "in_progress" or (sent_at or clock.now()) < exam.deadline_at:
        return False
    exam.timed_out = True
    return True


def for_attempt(attempt: Attempt) -> Exam | None:
    """Return the exam an attempt was played for, if any."""
    return attempt.exam


def require_own(user: User, exam_id: int) -> Exam:
    """Return the person's own exam; raise NotFound."""
    exam = db.session.get(Exam, exam_id)
    if exam is None or exam.user_id != user.id:
        raise NotFound("No such exam.")
    return exam


def require_reviewable(user: User, exam_id: int) -> Exam:
    """Return an exam in a dealership this staff member manages; raise NotFound."""
    return scope.require_managed(user, db.session.get(Exam, exam_id), "exam")


def release(actor: User, exam_id: int, note: str = "") -> Exam:
    """Release a reviewed exam: judged again with the reviewer's levels, then passed or failed."""
    exam = require_reviewable(actor, exam_id)
    if exam.user_id == actor.id:
        raise Forbidden("You cannot review your own exam.")
    if exam.status != "awaiting_review":
        raise Invalid("This exam is not waiting for review.")
    now = clock.now()
    exam.verdict = _judge(exam)
    exam.reviewed_by_id = actor.id
    exam.reviewed_at = now
    exam.review_note = (note or "").strip()
    _release(exam, now)
    audit.record(
        actor, "exam.release", "exam", exam.id, dealership_id=exam.dealership_id,
        track=exam.track_id, result=exam.status, note=exam.review_note,
    )  # fmt: skip
    db.session.commit()
    return exam


def review_queue(dealership_id: int, reviewer: User) -> list[Exam]:
    """Return a dealership's exams waiting for review, oldest first (never the reviewer's own)."""
    return list(
        db.session.scalars(
            select(Exam)
            .where(
                Exam.dealership_id == dealership_id,
                Exam.status == "awaiting_review",
                Exam.user_id != reviewer.id,
            )
            .order_by(Exam.finished_at, Exam.id)
        )
    )


def mine(user: User) -> list[Exam]:
    """Return the person's exams, latest first."""
    return list(
        db.session.scalars(
            select(Exam).where(Exam.user_id == user.id).order_by(Exam.started_at.desc())
        )
    )


def assign_recertification(actor: User, certificate_id: int) -> Assignment:
    """Assign a certificate's holder its track's exam again (within the recertification window)."""
    certificate = certificates.require_managed(actor, certificate_id)
    found = catalog().tracks.get(certificate.track_id)
    days = found.recertify_days if found else 60
    return certificates.assign_recertification(actor, certificate.id, days)


def recertification_items(user: User) -> list[tuple[Assignment, Track | None, bool]]:
    """Return recertification drills assigned to the person, with whether each is done."""
    rows = db.session.scalars(
        select(Assignment)
        .join(AssignmentTarget, AssignmentTarget.assignment_id == Assignment.id)
        .where(AssignmentTarget.user_id == user.id, Assignment.track_id.is_not(None))
        .order_by(Assignment.due_at)
    )
    out = []
    for assignment in rows:
        done = db.session.scalar(
            select(Exam.id).where(
                Exam.user_id == user.id,
                Exam.track_id == assignment.track_id,
                Exam.status == "passed",
                Exam.started_at >= assignment.created_at,
            )
        )
        out.append((assignment, catalog().tracks.get(assignment.track_id or ""), done is not None))
    return out
