"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL,
and `trainer db upgrade` applies them."""

from __future__ import annotations

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from trainer import create_app
from trainer.cli import main
from trainer.extensions import db
from trainer.web.app import MIGRATIONS


def _app(tmp_path):
    url = os.environ.get("TRAINER_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    return create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})


def test_migrations_match_the_models(tmp_path):
    app = _app(tmp_path)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"the models and the migrations differ: {diff}"
        tables = set(inspect(db.engine).get_table_names())
        assert {"user_account", "attempt", "assignment", "audit_log", "override"} <= tables
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        db.engine.dispose()


def test_db_upgrade_command(tmp_path, monkeypatch, runner):
    database = tmp_path / "cli.sqlite"
    monkeypatch.setenv("TRAINER_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    result = runner.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    assert database.exists()


def test_the_app_refuses_to_start_without_a_secret(tmp_path, monkeypatch, runner):
    monkeypatch.delenv("TRAINER_SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    result = runner.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 1
    assert "No SECRET_KEY is configured" in result.output
