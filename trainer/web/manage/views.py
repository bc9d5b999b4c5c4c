"""The manager's area (also used by consultants and admins for the dealership they chose):
assign drills, the team dashboard and its CSV, reviewing and overriding, the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from trainer.extensions import db
from trainer.models import Attempt, AuditLog
from trainer.services import dashboards, drills, exams, reviews, scope, training, voicemail_drills
from trainer.services.errors import Invalid, NotFound
from trainer.web.access import current_dealership, guard
from trainer.web.trainee.view_models import feedback_view

bp = Blueprint("manage", __name__, url_prefix="/manage")
guard(bp, "manager", "consultant", "admin")


@bp.get("/")
def dashboard():
    dealership = current_dealership()
    board = dashboards.team_dashboard(dealership)
    return render_template(
        "manage/dashboard.html",
        board=board,
        dealership=dealership,
        dealerships=scope.visible_dealerships(current_user),
    )


@bp.get("/dashboard.csv")
def dashboard_csv():
    dealership = current_dealership()
    body = dashboards.dashboard_csv(dashboards.team_dashboard(dealership))
    name = "".join(c if c.isalnum() else "-" for c in dealership.name.lower())
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}-team.csv"'},
    )


@bp.route("/assign", methods=["GET", "POST"])
def assign():
    dealership = current_dealership()
    catalog = sorted(
        training.current_library().catalog.scenarios.values(), key=lambda s: (s.stage, s.title)
    )
    people = scope.trainees_of(dealership.id)
    errors: dict[str, str] = {}
    form = request.form
    if request.method == "POST":
        try:
            due = datetime.combine(
                datetime.strptime(form.get("due_date", ""), "%Y-%m-%d").date(),
                time(23, 59),
                tzinfo=UTC,
            )
        except ValueError:
            errors["due_at"] = "Choose a due date."
        else:
            try:
                assignment = drills.assign(
                    current_user, dealership.id, title=form.get("title", ""),
                    scenario_ids=form.getlist("scenario_ids"), due_at=due,
                    person_ids=[int(p) for p in form.getlist("person_ids") if p.isdigit()],
                    team_ids=[int(t) for t in form.getlist("team_ids") if t.isdigit()],
                )  # fmt: skip
            except Invalid as exc:
                errors[exc.field or "form"] = str(exc)
            else:
                count = len(assignment.targets)
                flash(
                    f"Drill “{assignment.title}” assigned to {count} {'person' if count == 1 else 'people'}."
                )
                return redirect(url_for("manage.dashboard"))
    status = 400 if errors else 200
    return render_template(
        "manage/assign.html",
        dealership=dealership,
        catalog=catalog,
        people=people,
        teams=dealership.teams,
        errors=errors,
        form=form,
    ), status


@bp.get("/attempts")
def attempts():
    dealership = current_dealership()
    rows = db.session.scalars(
        select(Attempt)
        .where(Attempt.dealership_id == dealership.id, Attempt.status == "done")
        .order_by(Attempt.finished_at.desc())
        .limit(200)
    )
    return render_template("manage/attempts.html", attempts=list(rows), dealership=dealership)


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
def review(attempt_id: int):
    attempt = scope.require_attempt(current_user, attempt_id)
    if (
        attempt.exam is not None
        and attempt.user_id == current_user.id
        and not attempt.exam.released
    ):
        raise NotFound(
            "No such attempt."
        )  # your own exam's grades wait for its release like anyone's
    if attempt.status != "done":
        return render_template(
            "error.html",
            status=404,
            title="Not finished",
            message="This attempt is still being played.",
        ), 404
    error = None
    status = 200
    if request.method == "POST":
        try:
            reviews.override_level(
                current_user, attempt.id, request.form.get("touch_index", type=int, default=-1),
                request.form.get("criterion", ""), request.form.get("level", type=int, default=-1),
                request.form.get("reason", ""),
            )  # fmt: skip
        except Invalid as exc:
            error, status = str(exc), 400
        else:
            flash("Level changed; the change is in the audit log.")
            return redirect(url_for("manage.review", attempt_id=attempt.id))
    return _render_review(attempt, error=error, status=status)


def _render_review(attempt, *, error=None, status=200, voicemail_error=None, voicemail_id=None):
    return render_template(
        "manage/review.html",
        attempt=attempt,
        exam=attempt.exam,
        provisional=exams.provisional(attempt.exam) if attempt.exam else None,
        view=feedback_view(attempt, current_app.config["TRANSCRIBE_TIMEOUT"]),
        error=error,
        form=request.form if voicemail_id is None else {},
        voicemail_error=voicemail_error,
        voicemail_id=voicemail_id,
        voicemail_form=request.form if voicemail_id is not None else {},
    ), status


@bp.post("/voicemails/<int:voicemail_id>/correct")
def voicemail_correct(voicemail_id: int):
    voicemail = scope.require_staff_voicemail(current_user, voicemail_id)
    try:
        voicemail_drills.correct(
            current_user, voicemail.id, request.form.get("transcript", ""),
            request.form.get("reason", ""),
        )  # fmt: skip
    except Invalid as exc:
        if voicemail.attempt.status != "done":
            raise
        return _render_review(
            voicemail.attempt, status=400, voicemail_error=str(exc), voicemail_id=voicemail.id
        )
    flash("Transcript corrected and graded again; the change is in the audit log.")
    return redirect(url_for("manage.review", attempt_id=voicemail.attempt_id) + "#voicemails")


@bp.get("/audit")
def audit_log():
    dealership = current_dealership()
    rows = db.session.scalars(
        select(AuditLog)
        .where(AuditLog.dealership_id == dealership.id)
        .order_by(AuditLog.id.desc())
        .limit(300)
    )
    return render_template("manage/audit.html", entries=list(rows), dealership=dealership)


@bp.post("/switch")
def switch():
    dealership = scope.require_staff_dealership(
        current_user, request.form.get("dealership_id", type=int)
    )
    session["dealership_id"] = dealership.id
    flash(f"Now looking at {dealership.name}.")
    return redirect(
        request.form.get("back")
        if request.form.get("back", "").startswith("/manage")
        else url_for("manage.dashboard")
    )
