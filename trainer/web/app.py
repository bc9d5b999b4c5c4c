"""Build the Flask app: configuration, extensions, blueprints, error pages, security headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, render_template, request

from trainer.extensions import csrf, db, login_manager, migrate
from trainer.paths import bundled_dir
from trainer.web.config import configure

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def build_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Return a configured app (see `trainer.create_app`)."""
    app = Flask(
        "trainer",
        instance_relative_config=True,
        static_folder=str(bundled_dir("static")),
        template_folder=str(Path(__file__).resolve().parent.parent / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    configure(app, test_config)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "strong"

    from trainer.web import errors, filters
    from trainer.web.admin import views as admin
    from trainer.web.auth import views as auth
    from trainer.web.consult import views as consult
    from trainer.web.exams import views as exams
    from trainer.web.manage import certificates as certificates
    from trainer.web.manage import views as manage
    from trainer.web.trainee import views as trainee
    from trainer.web.verify import views as verify

    blueprints = (auth.bp, trainee.bp, exams.bp, manage.bp, certificates.bp, consult.bp, admin.bp)
    for blueprint in (*blueprints, verify.bp):
        app.register_blueprint(blueprint)
    errors.register(app)
    filters.register(app)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        if request.endpoint and request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.route("/about")
    def about():
        return render_template("about.html")

    return app
