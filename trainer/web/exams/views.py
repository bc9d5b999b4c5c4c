"""The trainee's certification area: tracks and where they stand, starting an exam, the
result once released, their certificates, and the dealership leaderboard (with opt-out)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.services import certificates, clock, exams, leaderboard
from trainer.services.errors import Invalid
from trainer.web.access import guard

bp = Blueprint("exams", __name__)
guard(bp)


@bp.get("/exams")
def index():
    now = clock.now()
    tracks = list(exams.catalog().tracks.values())
    standings = [exams.standing(current_user, t, now) for t in tracks]
    return render_template(
        "exams/index.html",
        standings=standings,
        mine=exams.mine(current_user),
        held=certificates.mine(current_user),
        recertify=exams.recertification_items(current_user),
        now=now,
    )


@bp.post("/exams/start")
def start():
    try:
        exam = exams.start(
            current_user,
            request.form.get("track_id", ""),
            request.form.get("assignment_id", type=int),
        )
    except Invalid as exc:
        flash(str(exc), "error")
        return redirect(url_for("exams.index"))
    return redirect(url_for("trainee.play", attempt_id=exam.attempt_id))


@bp.get("/exams/<int:exam_id>")
def result(exam_id: int):
    exam = exams.require_own(current_user, exam_id)
    if exam.status == "in_progress":
        return redirect(url_for("trainee.play", attempt_id=exam.attempt_id))
    certificate = next((c for c in certificates.mine(current_user) if c.exam_id == exam.id), None)
    return render_template("exams/result.html", exam=exam, certificate=certificate, now=clock.now())


@bp.route("/leaderboard", methods=["GET", "POST"])
def board():
    if not current_user.dealership_ids:
        abort(404)
    if request.method == "POST":
        leaderboard.set_opt_out(current_user, request.form.get("opt_out") == "yes")
        flash(
            "You are off the leaderboard; others no longer see you."
            if current_user.leaderboard_opt_out
            else "You are back on the leaderboard."
        )
        return redirect(url_for("exams.board"))
    dealership_id = current_user.dealership_ids[0]
    return render_template(
        "exams/leaderboard.html", entries=leaderboard.board(dealership_id, current_user)
    )
