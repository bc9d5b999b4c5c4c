"""Web fixtures: an app on a fresh database (SQLite, or PostgreSQL when
TRAINER_TEST_DATABASE_URL is set), a client, sign-in helpers and factories."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from trainer import create_app
from trainer.extensions import db
from trainer.models import DealerGroup, Dealership, Team, User
from trainer.services import accounts, training

PASSWORD = "correct horse battery"


def _database_url(tmp_path: Path) -> str:
    return os.environ.get("TRAINER_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path),
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "PACKS_FOLDER": str(tmp_path / "packs"),
            "JOBS_MODE": "sync",  # transcription jobs run inside the request
            "BADGE_KEY_FILE": str(tmp_path / "badge-signing-key.pem"),
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(app):
    """Two dealerships, each with a manager, two trainees and a team; a consultant engaged by
    the first only; an admin; and a finished attempt for one trainee of each store."""
    with app.app_context():
        group = DealerGroup(name="Test Group")
        north = Dealership(name="North Honda", group=group)
        south = Dealership(name="South Toyota", group=group)
        north.teams = [Team(name="Internet")]
        south.teams = [Team(name="Internet")]
        db.session.add_all([north, south])
        db.session.flush()

        def person(role, email, stores, team=None):
            return accounts.create_user(
                None, email=email, name=email.split("@")[0].title(), role=role, password=PASSWORD,
                dealership_ids=[s.id for s in stores], team_id=team.id if team else None, commit=False,
            )  # fmt: skip

        people = {
            "admin": person("admin", "admin@test.example", []),
            "consultant": person("consultant", "consultant@test.example", [north]),
            "manager": person("manager", "manager@test.example", [north]),
            "trainee": person("trainee", "trainee@test.example", [north], north.teams[0]),
            "trainee2": person("trainee", "trainee2@test.example", [north], north.teams[0]),
            "other_manager": person("manager", "othermanager@test.example", [south]),
            "other_trainee": person(
                "trainee", "othertrainee@test.example", [south], south.teams[0]
            ),
        }
        answer = training.scenario("new-availability-cr-v").steps[0].model_answer
        from trainer.models.base import utcnow

        mine = training.play_scripted(
            people["trainee"],
            "new-availability-cr-v",
            [("text", answer)],
            seed=3,
            opened_at=utcnow(),
        )
        theirs = training.play_scripted(
            people["other_trainee"],
            "new-availability-cr-v",
            [("text", answer)],
            seed=3,
            opened_at=utcnow(),
        )
        db.session.commit()
        ids = {name: user.id for name, user in people.items()}
        ids.update(
            north=north.id,
            south=south.id,
            north_team=north.teams[0].id,
            south_team=south.teams[0].id,
            attempt=mine.id,
            other_attempt=theirs.id,
        )
        return ids


def csrf_token(client, url: str = "/login") -> str:
    """Return a CSRF token from a page's form."""
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


@pytest.fixture
def login(client) -> Callable[[str], None]:
    """Sign in as a person of the `world` by email."""

    def _login(email: str, password: str = PASSWORD):
        token = csrf_token(client)
        response = client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return _login


def add_voicemail(app, attempt_id: int, **fields) -> int:
    """Store a recording for an attempt directly (a tone unless `audio` is given); return its id."""
    from tests.voicemail_audio import tone_wav
    from trainer.models import Attempt, Voicemail

    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        audio = fields.pop("audio", None) or tone_wav()
        voicemail = Voicemail(
            attempt_id=attempt.id, user_id=attempt.user_id, dealership_id=attempt.dealership_id,
            audio=audio, size_bytes=len(audio), duration=1.5, filename="vm.wav",
            content_type="audio/wav", **fields,
        )  # fmt: skip
        db.session.add(voicemail)
        db.session.commit()
        return voicemail.id


def email_of(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


def sit_exam(app, user_id: int, track_id: str, strong: bool = True) -> int:
    """Sit a track's exam through the real services (a strong or weak first answer); return
    the exam's id."""
    from trainer.models import Attempt
    from trainer.services import demo, exams

    with app.app_context():
        user = db.session.get(User, user_id)
        exam = exams.start(user, track_id)
        attempt_id = exam.attempt_id
        for kind, text in demo._script(exam.attempt.scenario_id, strong, 0):
            if db.session.get(Attempt, attempt_id).status != "in_progress":
                break
            training.act(user, attempt_id, kind, text)
        if db.session.get(Attempt, attempt_id).status == "in_progress":
            training.finish(user, attempt_id)
        return exam.id
