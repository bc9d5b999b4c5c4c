"""`trainer demo`, `trainer serve`, `trainer db` and `trainer worker`: run the web app, its
background jobs, and manage its database."""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from pathlib import Path

import click


def _app(overrides: dict | None = None):
    from trainer import create_app

    try:
        return create_app(overrides)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None


def _upgrade(app) -> None:
    from flask_migrate import upgrade

    from trainer.web.app import MIGRATIONS

    with app.app_context():
        upgrade(directory=MIGRATIONS)


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option(
    "--port",
    default=5000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to serve on.",
)
@click.option(
    "--no-serve",
    is_flag=True,
    help="Create or reuse the demo database, print the logins, and stop.",
)
def demo_command(host: str, port: int, no_serve: bool) -> None:
    """Create (or reuse) a demo database with a dealer group, and serve the app."""
    from trainer.services import demo

    app, database = demo_app()
    app.config["PUBLIC_URL"] = f"http://{host}:{port}"  # what the demo's credentials name
    _upgrade(app)
    with app.app_context():
        created = demo.seed()
    click.echo(f"Demo database: {database} ({'created' if created else 'reused'})")
    click.echo(f"Demo logins (password for all: {demo.PASSWORD}):")
    for login in demo.logins():
        click.echo(f"  {login.role:10s} {login.email:32s} {login.name} ({login.dealership})")
    if no_serve:
        return
    click.echo(f"Serving on http://{host}:{port}/  (Ctrl-C to stop)")
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


def demo_app():
    """Return the demo's app (SQLite in the instance folder) and its database file."""
    probe = _app_instance_path()
    database = probe / "demo.sqlite"
    secret_file = probe / "demo-secret-key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_hex(32), encoding="utf-8")
        secret_file.chmod(0o600)
    app = _app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "SECRET_KEY": secret_file.read_text(encoding="utf-8").strip(),
        # The demo is served over plain http on this machine, so cookies cannot be Secure.
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
    })  # fmt: skip
    return app, database


@contextmanager
def app_context(demo: bool):
    """Run a command's work inside the configured app (or the demo's when `demo`), closing the
    database connections when it is done."""
    from trainer.extensions import db

    app = demo_app()[0] if demo else _app()
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def _app_instance_path() -> Path:
    from flask import Flask

    path = Path(Flask("trainer", instance_relative_config=True).instance_path)
    path.mkdir(parents=True, exist_ok=True)
    return path


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
def serve_command(host: str, port: int, workers: int) -> None:
    """Serve the app with gunicorn (configure with TRAINER_* variables and DATABASE_URL)."""
    from gunicorn.app.base import BaseApplication

    app = _app()

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")

        def load(self):
            return app

    Server().run()


@click.group("db")
def db_group() -> None:
    """Manage the database schema (Alembic migrations)."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the configured database."""
    _upgrade(_app())
    click.echo("The database is up to date.")


@db_group.command("current")
def db_current() -> None:
    """Show the database's migration revision."""
    from flask_migrate import current

    from trainer.web.app import MIGRATIONS

    app = _app()
    with app.app_context():
        current(directory=MIGRATIONS)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run background jobs (voicemail transcription) from the Redis queue in REDIS_URL."""
    from trainer import jobs

    app = _app()
    if not app.config.get("REDIS_URL"):
        raise click.ClickException(
            "No REDIS_URL is configured: set REDIS_URL (or TRAINER_REDIS_URL) to the Redis the "
            "web app uses. Without it the web app transcribes in its own process."
        )
    click.echo(f"Working on the '{jobs.QUEUE}' queue at {app.config['REDIS_URL']} (Ctrl-C to stop)")
    jobs.work(app, burst=burst)
