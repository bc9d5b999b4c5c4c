"""Signing in and out, accepting invitations, resetting and changing passwords."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from trainer.extensions import login_manager
from trainer.services import accounts
from trainer.services.errors import Invalid, NotFound, Throttled
from trainer.web.auth.forms import ChangePasswordForm, LoginForm, NewPasswordForm

bp = Blueprint("auth", __name__)

HOME = {
    "trainee": "trainee.drills",
    "manager": "manage.dashboard",
    "consultant": "consult.clients",
    "admin": "admin.users",
}


@login_manager.user_loader
def _load(session_id: str):
    return accounts.load_user(session_id)


def home_for(user) -> str:
    """Return the landing page for a person's role."""
    return url_for(HOME.get(user.role, "trainee.drills"))


def safe_next(target: str | None) -> str | None:
    """Return `target` only if it is a path on this site (no open redirects)."""
    if not target or target.startswith(("//", "\\\\")) or "\\" in target:
        return None
    parts = urlsplit(urljoin(request.host_url, target))
    if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(request.host_url).netloc:
        return None
    if not target.startswith("/"):
        return None
    return target


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                form.email.data,
                form.password.data,
                request.remote_addr or "?",
                max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                window_minutes=current_app.config["LOGIN_WINDOW_MINUTES"],
            )
        except Throttled as exc:
            form.password.errors.append(str(exc))
            status = 429
        except Invalid as exc:
            form.password.errors.append(str(exc))
            status = 401
        else:
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or home_for(user))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("You are signed out.")
    return redirect(url_for("auth.login"))


def _one_time_link(token: str, find, use, template: str, welcome: str, found_as: str = ""):
    """Show and handle a one-time link's password form (an invitation or a reset); the
    found invitation is passed to the template as `found_as` when named."""
    try:
        found = find(token)  # a used or expired link says so before anything is typed
    except NotFound as exc:
        return render_template(
            "error.html", status=404, title="Link not valid", message=str(exc)
        ), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = use(token, form.password.data)
        except Invalid as exc:
            form.password.errors.append(str(exc))
        else:
            login_user(user)
            flash(welcome)
            return redirect(home_for(user))
    extra = {found_as: found} if found_as else {}
    return render_template(template, form=form, **extra)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invite(token: str):
    return _one_time_link(
        token, accounts.find_invite, accounts.accept_invite, "auth/invite.html",
        "Welcome to Reconnect. Your account is ready.", found_as="invite",
    )  # fmt: skip


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    return _one_time_link(
        token, accounts.find_reset, accounts.reset_password, "auth/reset.html",
        "Your password is changed.",
    )  # fmt: skip


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # the user, not the proxy that looks it up
        try:
            accounts.change_password(user, form.current.data, form.password.data)
        except Invalid as exc:
            form[exc.field or "password"].errors.append(str(exc))
        else:
            login_user(user)  # the session id carries the new version
            flash("Your password is changed; other sessions are signed out.")
            return redirect(home_for(user))
    return render_template("auth/password.html", form=form)
