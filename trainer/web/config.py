"""Configuration: code defaults, then the instance folder, then TRAINER_* environment
variables, then the test mapping. There is no default secret outside tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask


def database_url(value: str) -> str:
    """Return a SQLAlchemy URL for DATABASE_URL, using psycopg 3 for PostgreSQL."""
    if value.startswith("postgres://"):
        value = "postgresql://" + value[len("postgres://") :]
    if value.startswith("postgresql://"):
        value = "postgresql+psycopg://" + value[len("postgresql://") :]
    return value


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Load the configuration into `app`, in order of precedence."""
    instance = Path(app.instance_path)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'trainer.sqlite'}",
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=True,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=True,
        PERMANENT_SESSION_LIFETIME=12 * 3600,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
        LOGIN_MAX_FAILURES=5,
        LOGIN_WINDOW_MINUTES=15,
        MAIL_SERVER=None,
        MAIL_PORT=25,
        MAIL_SENDER="reconnect@localhost",
        PACKS_FOLDER=str(instance / "packs"),
        JOBS_MODE="thread",  # background jobs: thread | sync; REDIS_URL switches to RQ
        REDIS_URL=None,
        TRANSCRIBE_TIMEOUT=600,  # seconds before a transcription counts as stalled
        SPEECH_ENGINE=None,  # whisper | sphinx; None: the best that can run here
        # Signs Open Badges credentials; created on first use (keep it, back it up).
        BADGE_KEY_FILE=str(instance / "badge-signing-key.pem"),
        PUBLIC_URL=None,  # e.g. https://training.example.com; None: the request's host
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("TRAINER")
    if os.environ.get("REDIS_URL"):
        app.config["REDIS_URL"] = os.environ["REDIS_URL"]
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "No SECRET_KEY is configured. Set TRAINER_SECRET_KEY, or put SECRET_KEY in "
            f"{instance / 'config.py'} (`trainer demo` creates one for the demo)."
        )
