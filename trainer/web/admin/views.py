"""The admin's area: people (create, invite, reset links), dealerships and teams, scenario packs."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from trainer.extensions import db
from trainer.models import ROLES, Dealership, User
from trainer.services import accounts, organisations, packs
from trainer.services.errors import Invalid
from trainer.web.access import guard
from trainer.web.mail import NOT_SENT, send_link

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard(bp, "admin")


@bp.route("/users", methods=["GET", "POST"])
def users():
    errors: dict[str, str] = {}
    link = None
    form = request.form
    if request.method == "POST":
        dealership_id = form.get("dealership_id", type=int)
        team_id = form.get("team_id", type=int)
        try:
            if form.get("how") == "invite":
                token = accounts.create_invite(
                    current_user,
                    email=form.get("email", ""),
                    name=form.get("name", ""),
                    role=form.get("role", ""),
                    dealership_id=dealership_id,
                    team_id=team_id,
                )
                link = url_for("auth.accept_invite", token=token, _external=True)
                sent = send_link(form.get("email", ""), "You're invited to Reconnect", link)
                if sent == "sent":
                    flash("Invitation sent by email.")
                    link = None  # it went by mail; it is not shown on screen
                else:
                    flash(NOT_SENT[sent])
            else:
                accounts.create_user(
                    current_user,
                    email=form.get("email", ""),
                    name=form.get("name", ""),
                    role=form.get("role", ""),
                    password=form.get("password") or None,
                    dealership_ids=[dealership_id] if dealership_id else [],
                    team_id=team_id,
                )
                flash("Person created.")
                return redirect(url_for("admin.users"))
        except Invalid as exc:
            errors[exc.field or "form"] = str(exc)
    people = list(db.session.scalars(select(User).order_by(User.role, User.name)))
    dealerships = list(db.session.scalars(select(Dealership).order_by(Dealership.name)))
    return render_template(
        "admin/users.html",
        people=people,
        dealerships=dealerships,
        roles=ROLES,
        errors=errors,
        form=form,
        link=link,
    ), (400 if errors else 200)


@bp.post("/users/<int:user_id>/reset")
def reset_link(user_id: int):
    person = db.session.get(User, user_id)
    if person is None:
        return render_template(
            "error.html", status=404, title="Not found", message="No such person."
        ), 404
    token = accounts.create_reset(current_user, person)
    link = url_for("auth.reset", token=token, _external=True)
    sent = send_link(person.email, "Reset your Reconnect password", link)
    flash("A reset link was emailed." if sent == "sent" else NOT_SENT[sent])
    people = list(db.session.scalars(select(User).order_by(User.role, User.name)))
    dealerships = list(db.session.scalars(select(Dealership).order_by(Dealership.name)))
    return render_template(
        "admin/users.html",
        people=people,
        dealerships=dealerships,
        roles=ROLES,
        errors={},
        form={},
        link=None if sent == "sent" else link,
        link_for=person,
    )


@bp.post("/users/<int:user_id>/active")
def toggle_active(user_id: int):
    person = organisations.toggle_active(current_user, user_id)
    flash(f"{person.name} is now {'active' if person.active else 'deactivated'}.")
    return redirect(url_for("admin.users"))


@bp.route("/dealerships", methods=["GET", "POST"])
def dealerships():
    errors: dict[str, str] = {}
    form = request.form
    if request.method == "POST":
        try:
            if form.get("what") == "team":
                organisations.create_team(
                    current_user, form.get("dealership_id", type=int), form.get("name", "")
                )
                flash("Team added.")
            else:
                organisations.create_dealership(
                    current_user, form.get("name", ""), form.get("group", "")
                )
                flash("Dealership added.")
        except Invalid as exc:
            errors[exc.field or "form"] = str(exc)
        else:
            return redirect(url_for("admin.dealerships"))
    rows = list(db.session.scalars(select(Dealership).order_by(Dealership.name)))
    return render_template("admin/dealerships.html", dealerships=rows, errors=errors, form=form), (
        400 if errors else 200
    )


@bp.route("/packs", methods=["GET", "POST"])
def scenario_packs():
    errors: dict[str, str] = {}
    if request.method == "POST":
        upload = request.files.get("file")
        try:
            if upload is None or not upload.filename:
                raise Invalid("Choose a .zip or .yaml file to upload.", "file")
            pack = packs.upload(
                current_user,
                request.form.get("name", ""),
                upload.filename,
                upload.read(),
                Path(current_app.config["PACKS_FOLDER"]),
            )
        except Invalid as exc:
            errors[exc.field or "form"] = str(exc)
        else:
            flash(
                f"Pack “{pack.name}” uploaded: {'ready to enable' if pack.status == 'valid' else 'it has problems, listed below'}."
            )
            return redirect(url_for("admin.scenario_packs"))
    return render_template("admin/packs.html", packs=packs.all_packs(), errors=errors), (
        400 if errors else 200
    )


@bp.post("/packs/<int:pack_id>/<action>")
def pack_action(pack_id: int, action: str):
    try:
        if action == "enable":
            packs.enable(current_user, pack_id)
            flash("Pack enabled: its scenarios are in the catalogue.")
        elif action == "disable":
            packs.disable(current_user, pack_id)
            flash("Pack disabled.")
        else:
            return render_template(
                "error.html", status=404, title="Not found", message="No such action."
            ), 404
    except Invalid as exc:
        flash(str(exc), "error")
    return redirect(url_for("admin.scenario_packs"))
