"""Voicemail drills in the app: upload a recording, transcribe it, add it to the attempt.

A recording is checked when it arrives (type, size, length, silence) and kept in a Voicemail
row; transcription runs as a job (see `trainer.jobs`) that records its status in the row. When
the transcript is ready it becomes a voicemail touch of the attempt, through the training
service, so the simulator and the feedback see it like any other touch. A failed or stalled
job keeps the recording, and the trainee can retry it. A manager may correct a transcript;
the recording is graded again and the change goes in the audit log.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from trainer.extensions import db
from trainer.models import User, Voicemail
from trainer.models.base import utcnow
from trainer.services import audit, scope, training
from trainer.services.errors import Forbidden, Invalid
from trainer.services.voicemail import grade_recording, grade_transcript
from trainer.simulation.actions import MAX_MESSAGE_CHARS
from trainer.speech import MAX_BYTES, MAX_SECONDS, AudioError, EngineUnavailable, load_clip
from trainer.speech.engines import Transcript

PENDING = ("queued", "running")
DEFAULT_TIMEOUT = 600  # seconds a job may run before the trainee may retry it


def upload(
    user: User, attempt_id: int, data: bytes, filename: str = "", content_type: str = ""
) -> Voicemail:
    """Check a recording for the person's own open attempt and keep it, queued for transcription."""
    attempt = scope.require_own_attempt(user, attempt_id)
    if attempt.status != "in_progress":
        raise Invalid("This attempt is finished. Start a new one to record another voicemail.")
    pending = db.session.scalar(
        select(Voicemail).where(Voicemail.attempt_id == attempt.id, Voicemail.status.in_(PENDING))
    )
    if pending is not None and not is_stalled(pending):
        raise Invalid(
            "Your last voicemail is still being transcribed; wait for it before sending another.",
            "audio",
        )
    try:
        clip = load_clip(data, max_seconds=MAX_SECONDS, max_bytes=MAX_BYTES)
    except AudioError as exc:
        raise Invalid(str(exc), "audio") from None
    step = training.simulate(attempt).open_step
    voicemail = Voicemail(
        attempt_id=attempt.id, user_id=user.id, dealership_id=attempt.dealership_id,
        step_id=step.id if step else None, audio=data, filename=(filename or "")[:200],
        content_type=(content_type or "")[:100], size_bytes=len(data), duration=clip.duration,
        status="queued", tries=0, created_at=utcnow(),
    )  # fmt: skip
    db.session.add(voicemail)
    db.session.commit()
    return voicemail


def _timeout(config: dict[str, Any] | None) -> int:
    return int((config or {}).get("TRANSCRIBE_TIMEOUT", DEFAULT_TIMEOUT))


def is_stalled(voicemail: Voicemail, timeout: int = DEFAULT_TIMEOUT) -> bool:
    """Return True for a job queued or running for longer than `timeout` seconds."""
    if voicemail.status not in PENDING:
        return False
    since = voicemail.started_at or voicemail.created_at
    return utcnow() - since > timedelta(seconds=timeout)


def transcribe(voicemail_id: int, engine: str | None = None) -> Voicemail | None:
    """Run one transcription job: transcribe, grade, and add the touch to the attempt."""
    voicemail = db.session.get(Voicemail, voicemail_id)
    if voicemail is None or voicemail.status != "queued":
        return voicemail  # gone, or already taken by another run
    voicemail.status = "running"
    voicemail.started_at = utcnow()
    voicemail.tries += 1
    voicemail.error = None
    run = voicemail.tries
    db.session.commit()
    try:
        graded = _grade(voicemail, engine)
    except (AudioError, EngineUnavailable) as exc:
        return _fail(voicemail_id, run, str(exc))
    except Exception as exc:  # an engine crash must not leave the job running for ever
        return _fail(
            voicemail_id, run, f"The transcription failed ({type(exc).__name__}); try again."
        )
    db.session.refresh(voicemail)
    if voicemail.tries != run:
        return voicemail  # retried meanwhile: the newer run writes the result
    text = graded.transcript.text.strip()
    if not text:
        return _fail(
            voicemail_id, run,
            "No words could be recognised in the recording. Speak clearly, close to the "
            "microphone, and record again (or retry).",
        )  # fmt: skip
    voicemail.engine = graded.transcript.engine
    voicemail.model = graded.transcript.model
    voicemail.transcript = text
    voicemail.result = graded.as_dict()
    return _add_touch(voicemail)


def _grade(voicemail: Voicemail, engine: str | None):
    library = training.current_library()
    scenario = library.scenario(voicemail.attempt.scenario_id)
    step = _step(scenario, voicemail.step_id)
    return grade_recording(library, voicemail.audio, scenario=scenario, step=step, engine=engine)


def _step(scenario, step_id: str | None):
    if not step_id:
        return None
    try:
        return scenario.step(step_id)
    except KeyError:
        return None


def _add_touch(voicemail: Voicemail) -> Voicemail:
    """Send the transcript as the attempt's voicemail touch (once: the token guards repeats)."""
    text = voicemail.text[:MAX_MESSAGE_CHARS]
    voicemail.status = "done"  # committed together with the touch
    voicemail.finished_at = utcnow()
    voicemail_id, run = voicemail.id, voicemail.tries
    attempt = voicemail.attempt
    draft = (attempt.draft_text, attempt.draft_channel)
    try:
        training.act(
            voicemail.user, voicemail.attempt_id, "voicemail", text, voicemail.token,
            sent_at=voicemail.created_at,
        )  # fmt: skip
        # The recording was the touch, not the written draft: keep what was typed.
        attempt.draft_text, attempt.draft_channel = draft
        db.session.commit()
    except Invalid as exc:
        db.session.rollback()
        return _fail(voicemail_id, run, f"The voicemail could not be added: {exc}")
    return voicemail


def _fail(voicemail_id: int, run: int, message: str) -> Voicemail | None:
    db.session.rollback()
    voicemail = db.session.get(Voicemail, voicemail_id)
    if voicemail is None or voicemail.tries != run:
        return voicemail
    voicemail.status = "failed"
    voicemail.error = message
    voicemail.finished_at = utcnow()
    db.session.commit()
    return voicemail


def retry(user: User, voicemail_id: int, timeout: int = DEFAULT_TIMEOUT) -> Voicemail:
    """Queue a failed (or stalled) transcription again; the recording was kept."""
    voicemail = scope.require_own_voicemail(user, voicemail_id)
    if voicemail.status != "failed" and not is_stalled(voicemail, timeout):
        raise Invalid("Only a voicemail whose transcription failed can be retried.")
    if voicemail.attempt.status != "in_progress":
        raise Invalid("This attempt is finished. Start a new one to record another voicemail.")
    voicemail.status = "queued"
    voicemail.error = None
    voicemail.started_at = None
    voicemail.finished_at = None
    voicemail.created_at = utcnow()
    db.session.commit()
    return voicemail


def for_attempt(attempt_id: int) -> list[Voicemail]:
    """Return an attempt's recordings, oldest first (the caller has checked who may see it)."""
    return list(
        db.session.scalars(
            select(Voicemail).where(Voicemail.attempt_id == attempt_id).order_by(Voicemail.id)
        )
    )


def summary(voicemail: Voicemail, timeout: int = DEFAULT_TIMEOUT) -> dict[str, Any]:
    """Return what the trainee sees of a recording: status, transcript and the audio measures."""
    status, error = voicemail.status, voicemail.error
    if is_stalled(voicemail, timeout):
        status = "failed"
        error = "The transcription took too long and was stopped. Your recording is kept: retry it."
    result = voicemail.result or {}
    card = result.get("scorecard") or {}
    exam = voicemail.attempt.exam
    if exam is not None and not exam.released:  # an exam shows no grade or coaching yet
        card, result = {}, {k: v for k, v in result.items() if k != "audio_notes"}
    return {
        "id": voicemail.id,
        "status": status,
        "error": error,
        "duration": voicemail.duration,
        "transcript": voicemail.text if status == "done" else None,
        "corrected": bool(voicemail.corrected_transcript),
        "engine": voicemail.engine,
        "model": voicemail.model,
        "words_per_minute": result.get("words_per_minute"),
        "callback_number": result.get("callback_number"),
        "callback_said": result.get("callback_said", 0),
        "callback_times": result.get("callback_times", []),
        "matches_store_number": result.get("matches_store_number"),
        "silence_ratio": result.get("silence_ratio"),
        "notes": result.get("audio_notes", []),
        "overall": card.get("overall"),
    }


def correct(actor: User, voicemail_id: int, text: str, reason: str) -> Voicemail:
    """Correct a transcript (staff of the dealership), grade it again and audit the change."""
    voicemail = scope.require_staff_voicemail(actor, voicemail_id)
    if voicemail.user_id == actor.id:
        raise Forbidden(
            "Only a manager, consultant or admin can correct another person's voicemail."
        )
    if voicemail.status != "done":
        raise Invalid("Only a transcribed voicemail can be corrected.")
    exam = voicemail.attempt.exam
    if exam is not None and exam.released:
        raise Invalid("This exam's result is released; its answers can no longer be changed.")
    text = " ".join((text or "").split())
    reason = (reason or "").strip()
    if not text:
        raise Invalid("Type the corrected transcript.", "transcript")
    if len(text) > MAX_MESSAGE_CHARS:
        raise Invalid(
            f"The transcript is longer than {MAX_MESSAGE_CHARS:,} characters.", "transcript"
        )
    if len(reason) < 5:
        raise Invalid(
            "Say why (at least a few words): the trainee and other reviewers read it.", "reason"
        )
    old = voicemail.text
    if text == old:
        raise Invalid("The transcript is unchanged.", "transcript")
    library = training.current_library()
    scenario = library.scenario(voicemail.attempt.scenario_id)
    clip = load_clip(voicemail.audio)
    heard = Transcript(text, "manual", f"corrected by {actor.name}")
    graded = grade_transcript(
        library, clip, heard, scenario=scenario, step=_step(scenario, voicemail.step_id)
    )
    voicemail.result = {**graded.as_dict(), "heard": voicemail.transcript}
    voicemail.corrected_transcript = text
    voicemail.corrected_by_id = actor.id
    voicemail.corrected_at = utcnow()
    voicemail.correction_reason = reason
    training.revise_touch(voicemail.attempt, voicemail.token, text)
    audit.record(
        actor, "voicemail.correct", "voicemail", voicemail.id,
        dealership_id=voicemail.dealership_id, attempt=voicemail.attempt_id, old=old, new=text,
        reason=reason,
    )  # fmt: skip
    db.session.commit()
    return voicemail
