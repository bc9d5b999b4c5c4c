"""Certification for managers (and consultants and admins, for the dealership they chose):
the exam review queue and release, certificates with expiry, revocation and recertification,
and the dealership leaderboard."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from trainer.services import certificates, exams, leaderboard
from trainer.services.errors import Invalid
from trainer.web.access import current_dealership, guard

bp = Blueprint("certs", __name__, url_prefix="/manage")
guard(bp, "manager", "consultant", "admin")
WINDOWS = (30, 60)


@bp.get("/reviews")
def queue():
    dealership = current_dealership()
    return render_template(
        "manage/queue.html",
        exams=exams.review_queue(dealership.id, current_user),
        dealership=dealership,
    )


@bp.post("/exams/<int:exam_id>/release")
def release(exam_id: int):
    exam = exams.require_reviewable(current_user, exam_id)
    try:
        exams.release(current_user, exam.id, request.form.get("note", ""))
    except Invalid as exc:
        flash(str(exc), "error")
        return redirect(url_for("manage.review", attempt_id=exam.attempt_id))
    flash(f"Result released: {exam.user.name} {exam.status} “{exam.track_title}”.")
    return redirect(url_for("certs.queue"))


@bp.get("/certificates")
def index():
    dealership = current_dealership()
    within = request.args.get("within", type=int)
    if within not in WINDOWS:
        within = None
    return render_template(
        "manage/certificates.html",
        rows=certificates.for_dealership(dealership.id, within_days=within),
        within=within,
        windows=WINDOWS,
        counts={w: len(certificates.for_dealership(dealership.id, within_days=w)) for w in WINDOWS},
        dealership=dealership,
    )


@bp.post("/certificates/<int:certificate_id>/revoke")
def revoke(certificate_id: int):
    certificate = certificates.require_managed(current_user, certificate_id)
    try:
        certificates.revoke(current_user, certificate, request.form.get("reason", ""))
    except Invalid as exc:
        flash(str(exc), "error")
    else:
        flash(f"Certificate {certificate.public_id} revoked; the public page now says so.")
    return redirect(url_for("certs.index"))


@bp.post("/certificates/<int:certificate_id>/recertify")
def recertify(certificate_id: int):
    try:
        assignment = exams.assign_recertification(current_user, certificate_id)
    except Invalid as exc:
        flash(str(exc), "error")
    else:
        flash(f"Recertification assigned, due {assignment.due_at:%d %b %Y}.")
    return redirect(url_for("certs.index", within=request.form.get("within", type=int)))


@bp.get("/leaderboard")
def board():
    dealership = current_dealership()
    return render_template(
        "manage/leaderboard.html",
        entries=leaderboard.board(dealership.id, current_user),
        dealership=dealership,
    )
