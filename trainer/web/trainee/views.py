"""The trainee's area: my drills, practice, playing a scenario, feedback, progress."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from trainer import jobs
from trainer.models.base import utcnow
from trainer.services import clock, dashboards, exams, scope, training, voicemail_drills
from trainer.services.errors import Invalid
from trainer.web.access import guard
from trainer.web.trainee.view_models import feedback_view, play_view

bp = Blueprint("trainee", __name__)
guard(bp)

WAITS = [
    ("1h", "1 hour"),
    ("4h", "4 hours"),
    ("1d", "1 day"),
    ("2d", "2 days"),
    ("3d", "3 days"),
    ("1w", "1 week"),
    ("2w", "2 weeks"),
    ("30d", "30 days"),
]
KINDS = {"send", "wait", "call", "lost", "end"}


@bp.get("/drills")
def drills():
    items = training.my_drills(current_user)
    exams_due = [e for e in exams.recertification_items(current_user) if not e[2]]
    return render_template("trainee/drills.html", items=items, exams_due=exams_due, now=utcnow())


@bp.get("/practice")
def practice():
    stage = request.args.get("stage") or None
    scenarios = sorted(
        training.current_library().catalog.scenarios.values(),
        key=lambda s: (s.stage, s.difficulty, s.title),
    )
    if stage:
        scenarios = [s for s in scenarios if s.stage == stage]
    return render_template("trainee/practice.html", scenarios=scenarios, stage=stage)


@bp.post("/attempts")
def start():
    assignment_id = request.form.get("assignment_id", type=int)
    if training.has_open_exam(current_user):
        flash("You have an exam open: finish it before practising.", "error")
        return redirect(url_for("exams.index"))
    attempt = training.start_attempt(
        current_user, request.form.get("scenario_id", ""), assignment_id
    )
    return redirect(url_for("trainee.play", attempt_id=attempt.id))


def _seconds_left(exam) -> int | None:
    if exam is None:
        return None
    return max(0, int((exam.deadline_at - clock.now()).total_seconds()))


def _render_play(
    attempt, error: str | None = None, typed: str | None = None, status: int = 200,
    voicemail_error: str | None = None,
):  # fmt: skip
    view = play_view(attempt, current_app.config["TRANSCRIBE_TIMEOUT"])
    if voicemail_error:
        view["channel"] = "recording"
    return (
        render_template(
            "trainee/play.html", view=view, attempt=attempt, error=error, voicemail_error=voicemail_error, exam=attempt.exam, exam_seconds=_seconds_left(attempt.exam),
            typed=attempt.draft_text if typed is None else typed, token=secrets.token_urlsafe(16), waits=WAITS,
        ),
        status,
    )  # fmt: skip


@bp.get("/attempts/<int:attempt_id>")
def play(attempt_id: int):
    attempt = scope.require_own_attempt(current_user, attempt_id)
    if attempt.status == "in_progress" and attempt.exam is not None:
        training.end_if_time_is_up(current_user, attempt.id)
    if attempt.status == "done":
        return redirect(url_for("trainee.feedback", attempt_id=attempt.id))
    return _render_play(attempt)


@bp.post("/attempts/<int:attempt_id>/act")
def act(attempt_id: int):
    attempt = scope.require_own_attempt(current_user, attempt_id)
    kind = request.form.get("kind", "")
    token = request.form.get("token") or None
    message = request.form.get("message", "")
    if kind not in KINDS:
        abort(400)
    try:
        if kind == "send":
            channel = request.form.get("channel", "email")
            if channel == "recording":
                raise Invalid(
                    "Record or upload your voicemail below, or choose “Voicemail script” to "
                    "write it.",
                    "channel",
                )
            if channel not in training.TOUCH_KINDS:
                raise Invalid("Choose email, text, voicemail or plan.", "channel")
            try:
                training.act(current_user, attempt.id, channel, message, token)
            except Invalid:
                # Keep what was typed. Saved only on failure: a repeated submit of a message
                # already sent must not put it back in the box as if it had not gone.
                training.save_draft(current_user, attempt.id, message, channel)
                raise
        elif kind == "wait":
            training.act(current_user, attempt.id, "wait", request.form.get("duration", ""), token)
        elif kind == "call":
            training.act(current_user, attempt.id, "call", "", token)
        elif kind == "lost":
            training.act(current_user, attempt.id, "lost", request.form.get("reason", ""), token)
        else:
            training.finish(current_user, attempt.id, token)
    except Invalid as exc:
        return _render_play(attempt, error=str(exc), typed=message, status=400)
    if attempt.status == "done":
        if attempt.exam is not None:
            flash("Your exam is finished.")
            return redirect(url_for("exams.result", exam_id=attempt.exam.id))
        flash("The lead has ended. Here is your feedback.")
        return redirect(url_for("trainee.feedback", attempt_id=attempt.id))
    return redirect(url_for("trainee.play", attempt_id=attempt.id) + "#latest")


@bp.post("/attempts/<int:attempt_id>/draft")
def draft(attempt_id: int):
    data = request.get_json(silent=True) or {}
    seen = data.get("seen")
    seen = seen if isinstance(seen, int) and not isinstance(seen, bool) else None
    try:
        saved = training.save_draft(
            current_user, attempt_id, str(data.get("text", "")), data.get("channel"), seen
        )
    except Invalid as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(saved=saved, stale=not saved)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _voicemail_json(voicemail) -> dict:
    data = voicemail_drills.summary(voicemail, current_app.config["TRANSCRIBE_TIMEOUT"])
    data["status_url"] = url_for("trainee.voicemail_status", voicemail_id=voicemail.id)
    data["audio_url"] = url_for("trainee.voicemail_audio", voicemail_id=voicemail.id)
    data["retry_url"] = url_for("trainee.voicemail_retry", voicemail_id=voicemail.id)
    return data


@bp.post("/attempts/<int:attempt_id>/voicemail")
def voicemail_upload(attempt_id: int):
    attempt = scope.require_own_attempt(current_user, attempt_id)
    upload = request.files.get("audio")
    try:
        if upload is None or (not upload.filename and not upload.content_length):
            raise Invalid("Choose a recording to upload (WAV or FLAC).", "audio")
        try:
            data = upload.read(current_app.config["MAX_CONTENT_LENGTH"])
        finally:
            upload.close()  # a large upload is spooled to a temporary file
        voicemail = voicemail_drills.upload(
            current_user, attempt.id, data, upload.filename or "", upload.mimetype or ""
        )
    except Invalid as exc:
        if _wants_json():
            return jsonify(error=str(exc)), 400
        return _render_play(attempt, voicemail_error=str(exc), status=400)
    jobs.enqueue_transcription(voicemail.id)
    if _wants_json():
        return jsonify(_voicemail_json(voicemail)), 202
    flash("Your voicemail was uploaded; it is being transcribed.")
    return redirect(url_for("trainee.play", attempt_id=attempt.id) + "#voicemail")


@bp.get("/voicemails/<int:voicemail_id>/status")
def voicemail_status(voicemail_id: int):
    voicemail = scope.require_own_voicemail(current_user, voicemail_id)
    return jsonify(_voicemail_json(voicemail))


@bp.post("/voicemails/<int:voicemail_id>/retry")
def voicemail_retry(voicemail_id: int):
    voicemail = scope.require_own_voicemail(current_user, voicemail_id)
    try:
        voicemail_drills.retry(current_user, voicemail.id, current_app.config["TRANSCRIBE_TIMEOUT"])
    except Invalid as exc:
        if _wants_json():
            return jsonify(error=str(exc)), 400
        return _render_play(voicemail.attempt, voicemail_error=str(exc), status=400)
    jobs.enqueue_transcription(voicemail.id)
    if _wants_json():
        return jsonify(_voicemail_json(voicemail)), 202
    flash("Trying the transcription again.")
    return redirect(url_for("trainee.play", attempt_id=voicemail.attempt_id) + "#voicemail")


@bp.get("/voicemails/<int:voicemail_id>/audio")
def voicemail_audio(voicemail_id: int):
    voicemail = scope.require_voicemail(current_user, voicemail_id)
    kind = voicemail.content_type if voicemail.content_type.startswith("audio/") else "audio/wav"
    return Response(voicemail.audio, mimetype=kind, headers={"Cache-Control": "private, no-store"})


@bp.get("/attempts/<int:attempt_id>/feedback")
def feedback(attempt_id: int):
    attempt = scope.require_attempt(current_user, attempt_id)
    if attempt.status != "done":
        if attempt.user_id == current_user.id:
            return redirect(url_for("trainee.play", attempt_id=attempt.id))
        abort(404)
    exam = attempt.exam
    if exam is not None and not exam.released and attempt.user_id == current_user.id:
        return redirect(url_for("exams.result", exam_id=exam.id))  # no grades before release
    if attempt.user_id == current_user.id and training.has_open_exam(current_user):
        # Exam mode: earlier feedback and model answers wait until the exam is finished.
        flash("Your feedback and model answers are back once your exam is finished.", "error")
        return redirect(url_for("exams.index"))
    return render_template(
        "trainee/feedback.html",
        attempt=attempt,
        view=feedback_view(attempt, current_app.config["TRANSCRIBE_TIMEOUT"]),
    )


@bp.get("/progress")
def progress():
    attempts, series = dashboards.progress(current_user)
    return render_template("trainee/progress.html", attempts=attempts, series=series)
