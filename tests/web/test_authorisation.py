"""Who may do what, checked against every route the app really has.

The matrix walks `app.url_map`: each route, with GET and POST, for each role, with the URL
parameters filled with the *other* dealership's objects. A route the matrix does not know how to
fill, or a blueprint it has no role gate for, fails the suite, so new routes get covered too.
"""

from __future__ import annotations

import io
import itertools
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import select

from tests.voicemail_audio import tone_wav
from tests.web.conftest import PASSWORD, add_voicemail, csrf_token, sit_exam
from trainer import create_app
from trainer.extensions import db
from trainer.models import (
    Assignment,
    AssignmentTarget,
    Attempt,
    AuditLog,
    Certificate,
    Exam,
    Override,
    PasswordReset,
    User,
    Voicemail,
)
from trainer.models.base import utcnow
from trainer.services import drills, packs, training

SCENARIO = "new-availability-cr-v"
# Text only the South dealership's attempts hold: it must never reach anyone outside South.
SOUTH_SECRET = "Ask for Quillon Vantablack at the service lane."
SOUTH_DRAFT = "Draft by Zephyrine: do not show this to North."
LEAKS = (
    "South Toyota",
    "Othertrainee",
    "Othermanager",
    "othertrainee@",
    "othermanager@",
    "Quillon",
    "Zephyrine",
)

EMAILS = {
    "trainee": "trainee@test.example",
    "manager": "manager@test.example",
    "consultant": "consultant@test.example",
    "admin": "admin@test.example",
}
SIGNED_IN = tuple(EMAILS)
STAFF = ("manager", "consultant", "admin")

# Reachable without signing in: tested on their own below, not by the matrix's redirect rule.
PUBLIC = {"auth.index", "auth.login", "auth.accept_invite", "auth.reset", "health", "about"}
# Certificate verification is public by design: whoever holds a certificate's id may see it,
# signed in or not, from any dealership. Tested on their own (tests/web/test_certification.py).
VERIFICATION = {
    "verify.lookup", "verify.page", "verify.badge", "verify.evidence", "verify.pdf",
    "verify.issuer", "verify.achievement", "verify.revocations",
}  # fmt: skip
PUBLIC |= VERIFICATION
# Who a blueprint lets in at all (its `guard`), and the URL prefix its routes live under.
GATES = {
    "auth": (SIGNED_IN, ""),
    "trainee": (SIGNED_IN, ""),
    "exams": (SIGNED_IN, ""),
    "manage": (STAFF, "/manage"),
    "certs": (STAFF, "/manage"),
    "consult": (("consultant", "admin"), "/consult"),
    "admin": (("admin",), "/admin"),
}
# How to fill each URL parameter: the other dealership's objects (several, to reach each branch).
FILL = {
    "attempt_id": lambda w: [
        w["other_attempt"],
        w["south_secret_attempt"],
        w["south_open_attempt"],
    ],
    "user_id": lambda w: [w["other_trainee"], w["other_manager"]],
    "pack_id": lambda w: [w["pack"]],
    "action": lambda w: ["enable", "disable"],
    "token": lambda w: ["no-such-token"],
    "voicemail_id": lambda w: [w["south_voicemail"], w["south_failed_voicemail"]],
    "exam_id": lambda w: [w["south_exam"], w["south_review_exam"]],
    "certificate_id": lambda w: [w["south_certificate"]],
    "public_id": lambda w: [w["south_public_id"]],
    "track_id": lambda w: ["internet-lead-response-1"],
}
# Parameters that name one dealership's objects: a non-admin outside it gets 403 or 404.
TENANT_PARAMS = {"attempt_id", "user_id", "voicemail_id", "exam_id", "certificate_id"}


def _rules(app):
    return sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint != "static"),
        # Signing out last, so the session lasts the whole walk.
        key=lambda r: (r.endpoint == "auth.logout", r.rule),
    )


def _gate(rule) -> tuple[tuple[str, ...], bool]:
    """Return (roles let in, public?) for a rule; fail loudly for a route nobody classified."""
    if rule.endpoint in PUBLIC:
        return SIGNED_IN, True
    blueprint = rule.endpoint.rpartition(".")[0]
    if blueprint not in GATES:
        pytest.fail(
            f"route {rule.rule} ({rule.endpoint}) is in no blueprint the authorisation matrix "
            f"knows: add its role gate to GATES (or to PUBLIC) in {Path(__file__).name}"
        )
    roles, prefix = GATES[blueprint]
    assert rule.rule.startswith(prefix), f"{rule.endpoint} is not under {prefix}/"
    return roles, False


def _urls(app, rule, world) -> list[str]:
    """Return the rule's URLs with every parameter filled; fail loudly for an unknown one."""
    unknown = sorted(rule.arguments - set(FILL))
    if unknown:
        pytest.fail(
            f"route {rule.rule} has parameter(s) {unknown} the authorisation matrix cannot fill: "
            f"add them to FILL in {Path(__file__).name} (with the other dealership's objects)"
        )
    names = sorted(rule.arguments)
    choices = [FILL[name](world) for name in names]
    with app.test_request_context():
        return [
            url_for(rule.endpoint, **dict(zip(names, values, strict=True)))
            for values in itertools.product(*choices)
        ]


def test_every_route_is_known_to_the_matrix(app):
    world = {
        "other_attempt": 1, "south_secret_attempt": 2, "south_open_attempt": 3,
        "other_trainee": 4, "other_manager": 5, "pack": 6, "south_voicemail": 7,
        "south_failed_voicemail": 8, "south_exam": 9, "south_review_exam": 10,
        "south_certificate": 11, "south_public_id": "x" * 24,
    }  # fmt: skip
    rules = _rules(app)
    assert len(rules) >= 25
    for rule in rules:
        _gate(rule)
        assert _urls(app, rule, world)


def test_the_matrix_fails_loudly_for_a_route_it_cannot_fill():
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.add_url_rule("/manage/widgets/<int:widget_id>", "manage.widget", lambda widget_id: "")
    app.add_url_rule("/reports/", "reports.index", lambda: "")
    rules = {r.endpoint: r for r in app.url_map.iter_rules()}
    with pytest.raises(pytest.fail.Exception, match="widget_id"):
        _urls(app, rules["manage.widget"], {})
    with pytest.raises(pytest.fail.Exception, match="GATES"):
        _gate(rules["reports.index"])


@pytest.fixture
def south(app, world):
    """The world, plus South objects that hold text only South may see, and an admin's pack."""
    with app.app_context():
        other = db.session.get(User, world["other_trainee"])
        admin = db.session.get(User, world["admin"])
        answer = training.scenario(SCENARIO).steps[0].model_answer
        secret = training.play_scripted(
            other, SCENARIO, [("text", f"{answer} {SOUTH_SECRET}")], seed=5, opened_at=utcnow()
        )
        db.session.commit()
        open_attempt = training.start_attempt(other, SCENARIO)
        training.save_draft(other, open_attempt.id, SOUTH_DRAFT, "text")
        other_manager = db.session.get(User, world["other_manager"])
        drill = drills.assign(
            other_manager, world["south"], title="South drill", scenario_ids=[SCENARIO],
            due_at=utcnow() + timedelta(days=3), person_ids=[other.id],
        )  # fmt: skip
        pack = packs.upload(
            admin, "A pack", "one.yaml", b"id: broken\n", Path(app.config["PACKS_FOLDER"])
        )
        ids = {
            "south_secret_attempt": secret.id,
            "south_open_attempt": open_attempt.id,
            "south_assignment": drill.id,
            "pack": pack.id,
        }
    secret_id, open_id = ids["south_secret_attempt"], ids["south_open_attempt"]
    # A transcribed South voicemail holding South's secret, and a failed one on an open attempt.
    done = add_voicemail(
        app, secret_id, status="done", transcript=f"Call me back. {SOUTH_SECRET}",
        result={"transcript": SOUTH_SECRET, "audio_notes": []}, engine="whisper", model="m",
    )  # fmt: skip
    failed = add_voicemail(app, open_id, status="failed", error="Engine crashed")
    # A South certificate (Level 1 passed) and a Level 2 exam waiting for South's review.
    passed = sit_exam(app, world["other_trainee"], "internet-lead-response-1")
    waiting = sit_exam(app, world["other_trainee"], "follow-up-discipline-2")
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.exam_id == passed))
        assert db.session.get(Exam, waiting).status == "awaiting_review"
        exam_ids = {
            "south_exam": passed, "south_review_exam": waiting,
            "south_certificate": certificate.id, "south_public_id": certificate.public_id,
        }  # fmt: skip
    return {
        **world, **ids, **exam_ids, "south_voicemail": done, "south_failed_voicemail": failed
    }  # fmt: skip


def _south_state(world) -> dict:
    """Everything of South's a request from outside South could change."""
    south_people = [world["other_trainee"], world["other_manager"]]
    attempts = db.session.scalars(select(Attempt).where(Attempt.dealership_id == world["south"]))
    assignments = db.session.scalars(
        select(Assignment).where(Assignment.dealership_id == world["south"])
    )
    return {
        "attempts": sorted(
            (a.id, a.status, repr(a.actions), a.draft_text, a.overall, len(a.overrides))
            for a in attempts
        ),
        "assignments": sorted((a.id, a.title, tuple(a.scenario_ids)) for a in assignments),
        "targets": sorted(
            db.session.scalars(
                select(AssignmentTarget.assignment_id).where(
                    AssignmentTarget.user_id.in_(south_people)
                )
            )
        ),
        "people": sorted(
            (u.id, u.active, u.session_version, u.password_hash, u.name)
            for u in db.session.scalars(select(User).where(User.id.in_(south_people)))
        ),
        "resets": db.session.scalar(
            select(db.func.count())
            .select_from(PasswordReset)
            .where(PasswordReset.user_id.in_(south_people))
        ),
        "audit": db.session.scalar(
            select(db.func.count())
            .select_from(AuditLog)
            .where(
                (AuditLog.dealership_id == world["south"])
                | ((AuditLog.object_type == "user") & AuditLog.object_id.in_(south_people))
            )
        ),
        "overrides": db.session.scalar(select(db.func.count()).select_from(Override)),
        "exams": sorted(
            (e.id, e.status, e.reviewed_by_id, repr(e.verdict))
            for e in db.session.scalars(select(Exam).where(Exam.dealership_id == world["south"]))
        ),
        "certificates": sorted(
            (c.id, c.revoked_at, c.revoke_reason, c.expires_at)
            for c in db.session.scalars(
                select(Certificate).where(Certificate.dealership_id == world["south"])
            )
        ),
        "voicemails": sorted(
            (v.id, v.status, v.tries, v.transcript, v.corrected_transcript, repr(v.result))
            for v in db.session.scalars(
                select(Voicemail).where(Voicemail.dealership_id == world["south"])
            )
        ),
    }


def _hostile_form(world, token: str) -> dict:
    """A POST body that aims every form field at South."""
    return {
        "csrf_token": token, "dealership_id": world["south"], "back": "/manage/",
        "person_ids": [str(world["other_trainee"])], "team_ids": [str(world["south_team"])],
        "title": "Hostile drill", "scenario_ids": [SCENARIO], "scenario_id": SCENARIO,
        "assignment_id": world["south_assignment"],
        "due_date": (utcnow() + timedelta(days=4)).strftime("%Y-%m-%d"),
        "kind": "send", "channel": "text", "message": "A hostile message.", "token": "hostile",
        "touch_index": "0", "criterion": "trust", "level": "0", "reason": "Hostile override reason",
        "transcript": "A hostile corrected transcript.", "track_id": "internet-lead-response-1",
        "note": "Hostile release", "opt_out": "yes",
        "audio": (io.BytesIO(tone_wav()), "hostile.wav"),
    }  # fmt: skip


def _expected(role: str | None, rule, method: str) -> str:
    """Return what this role must get: 'absent', 'login', 'forbidden', 'hidden' or 'any'."""
    if method not in rule.methods:
        return "absent"
    roles, public = _gate(rule)
    if role is None or rule.endpoint in VERIFICATION:
        return "public" if public else "login"
    if role not in roles:
        return "forbidden"
    if role != "admin" and rule.arguments & TENANT_PARAMS:
        return "hidden"
    return "any"


def _check(role, method, url, response, expected) -> list[str]:
    status = response.status_code
    body = response.get_data().decode("utf-8", "replace")  # a recording is not text
    where = f"{role or 'anonymous'} {method} {url} -> {status}"
    problems = []
    if expected == "absent" and status != 405:
        problems.append(f"{where}, expected 405")
    elif expected == "login" and not (
        status == 302 and urlsplit(response.headers["Location"]).path == "/login"
    ):
        problems.append(f"{where}, expected a redirect to /login")
    elif expected == "forbidden" and status != 403:
        problems.append(f"{where}, expected 403 for this role")
    elif expected == "hidden" and status not in (403, 404):
        problems.append(f"{where}, expected 403 or 404 for another dealership's object")
    elif status >= 500 or (role == "admin" and status in (401, 403)):
        problems.append(f"{where}, expected the page to work")
    if role not in (None, "admin"):
        problems += [f"{where} shows {leak!r}" for leak in LEAKS if leak in body]
    return problems


def _walk(app, client, world, role: str | None) -> list[str]:
    problems = []
    token = csrf_token(client, "/login" if role is None else "/password")
    for rule in _rules(app):
        for url in _urls(app, rule, world):
            for method in ("GET", "POST"):
                expected = _expected(role, rule, method)
                if expected == "public":
                    continue
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.post(url, data=_hostile_form(world, token))
                problems += _check(role, method, url, response, expected)
    return problems


@pytest.mark.parametrize("role", [None, *SIGNED_IN], ids=["anonymous", *SIGNED_IN])
def test_the_authorisation_matrix(app, client, south, role):
    if role is not None:
        token = csrf_token(client)
        signed_in = client.post(
            "/login", data={"email": EMAILS[role], "password": PASSWORD, "csrf_token": token}
        )
        assert signed_in.status_code == 302
    with app.app_context():
        before = _south_state(south)
    problems = _walk(app, client, south, role)
    assert not problems, "\n".join(problems)
    if role != "admin":
        with app.app_context():
            assert _south_state(south) == before, "a request from outside South changed South"


# The public pages, one by one.


def test_the_public_pages_work_signed_out(client, world):
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/about").status_code == 200
    home = client.get("/")
    assert home.status_code == 302 and urlsplit(home.headers["Location"]).path == "/login"
    assert client.get("/login").status_code == 200
    token = csrf_token(client)
    wrong = client.post(
        "/login", data={"email": "trainee@test.example", "password": "nope", "csrf_token": token}
    )
    assert wrong.status_code == 401
    assert "do not match an active account" in wrong.get_data(as_text=True)
    empty = client.post("/login", data={"csrf_token": token})
    assert empty.status_code == 400
    for url in ("/invite/no-such-token", "/reset/no-such-token"):
        page = client.get(url)
        assert page.status_code == 404, url
        assert "not valid" in page.get_data(as_text=True)
        posted = client.post(
            url, data={"csrf_token": token, "password": PASSWORD, "confirm": PASSWORD}
        )
        assert posted.status_code == 404, url
        assert "not valid" in posted.get_data(as_text=True)
    assert client.get("/drills").status_code == 302  # none of that signed anyone in


# The attacks a staff member of North could try on South, spelled out.


@pytest.mark.parametrize("role", ["manager", "consultant"])
def test_staff_cannot_switch_to_another_dealership(client, south, login, role):
    login(EMAILS[role])
    token = csrf_token(client, "/manage/")
    switched = client.post(
        "/manage/switch", data={"csrf_token": token, "dealership_id": south["south"]}
    )
    assert switched.status_code == 404
    for url in ("/manage/", "/manage/attempts", "/manage/audit", "/manage/dashboard.csv"):
        page = client.get(url).get_data(as_text=True)
        assert "South Toyota" not in page and "Othertrainee" not in page, url
    assert "North Honda" in client.get("/manage/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["manager", "consultant"])
def test_staff_cannot_review_or_override_another_dealerships_attempt(
    app, client, south, login, role
):
    login(EMAILS[role])
    token = csrf_token(client, "/manage/")
    url = f"/manage/attempts/{south['other_attempt']}"
    page = client.get(url)
    assert page.status_code == 404
    assert "Othertrainee" not in page.get_data(as_text=True)
    override = client.post(url, data={
        "csrf_token": token, "touch_index": "0", "criterion": "trust", "level": "0",
        "reason": "Trying to change another store's level",
    })  # fmt: skip
    assert override.status_code == 404
    with app.app_context():
        attempt = db.session.get(Attempt, south["other_attempt"])
        assert attempt.overrides == []
        assert not db.session.scalar(select(AuditLog).where(AuditLog.action == "level.override"))
    # The same form on North's own attempt works: the refusal above was about South.
    own = client.post(f"/manage/attempts/{south['attempt']}", data={
        "csrf_token": token, "touch_index": "0", "criterion": "trust", "level": "0",
        "reason": "Checking the form itself works",
    })  # fmt: skip
    assert own.status_code == 302


@pytest.mark.parametrize(
    "targets",
    [
        {"person_ids": ["other_trainee"]},
        {"person_ids": ["trainee", "other_trainee"]},
        {"team_ids": ["south_team"]},
    ],
    ids=["their-trainee", "mixed-with-ours", "their-team"],
)
@pytest.mark.parametrize("role", ["manager", "consultant"])
def test_staff_cannot_assign_drills_to_another_dealerships_trainees(
    app, client, south, login, role, targets
):
    login(EMAILS[role])
    token = csrf_token(client, "/manage/assign")
    data = {
        "csrf_token": token, "title": "Sneaky drill", "scenario_ids": [SCENARIO],
        "due_date": (utcnow() + timedelta(days=4)).strftime("%Y-%m-%d"),
    }  # fmt: skip
    for field, names in targets.items():
        data[field] = [str(south[name]) for name in names]
    response = client.post("/manage/assign", data=data)
    assert response.status_code in (400, 403, 404)
    assert "Othertrainee" not in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.scalar(select(Assignment).where(Assignment.title == "Sneaky drill"))
        mine = db.session.scalars(
            select(AssignmentTarget).where(AssignmentTarget.user_id == south["other_trainee"])
        )
        assert [t.assignment_id for t in mine] == [south["south_assignment"]]


def test_a_trainee_cannot_see_a_teammates_attempt(app, client, world, login):
    with app.app_context():
        teammate = db.session.get(User, world["trainee2"])
        answer = training.scenario(SCENARIO).steps[0].model_answer
        theirs = training.play_scripted(
            teammate, SCENARIO, [("text", f"{answer} Xylophone-private-note.")], seed=4,
            opened_at=utcnow(),
        )  # fmt: skip
        db.session.commit()
        attempt_id = theirs.id
    login("trainee@test.example")
    for url in (f"/attempts/{attempt_id}/feedback", f"/attempts/{attempt_id}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Xylophone" not in response.get_data(as_text=True)
    # The trainee's own feedback is there, and the teammate's manager can see theirs.
    assert client.get(f"/attempts/{world['attempt']}/feedback").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/drills")})
    login("manager@test.example")
    review = client.get(f"/manage/attempts/{attempt_id}")
    assert review.status_code == 200 and "Xylophone" in review.get_data(as_text=True)


def test_a_trainee_cannot_start_another_dealerships_drill(app, client, south, login):
    login("trainee@test.example")
    token = csrf_token(client, "/practice")
    response = client.post(
        "/attempts",
        data={
            "csrf_token": token,
            "scenario_id": SCENARIO,
            "assignment_id": south["south_assignment"],
        },
    )
    assert response.status_code == 404
    with app.app_context():
        assert not db.session.scalar(
            select(Attempt).where(
                Attempt.user_id == south["trainee"],
                Attempt.assignment_id == south["south_assignment"],
            )
        )


@pytest.mark.parametrize("role", ["trainee2", "manager", "consultant", "admin"])
def test_nobody_plays_on_someone_elses_behalf(app, client, world, login, role):
    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        attempt = training.start_attempt(trainee, SCENARIO)
        training.save_draft(trainee, attempt.id, "Half-written by the trainee.", "text")
        attempt_id = attempt.id
    login(f"{role}@test.example")
    token = csrf_token(client, "/password")
    play = client.get(f"/attempts/{attempt_id}")
    assert play.status_code == 404
    assert "Half-written" not in play.get_data(as_text=True)
    act = client.post(f"/attempts/{attempt_id}/act", data={
        "csrf_token": token, "kind": "send", "channel": "text", "message": "Not mine to send.",
        "token": "t1",
    })  # fmt: skip
    assert act.status_code == 404
    draft = client.post(
        f"/attempts/{attempt_id}/draft",
        json={"text": "Overwritten", "channel": "email"},
        headers={"X-CSRFToken": token},
    )
    assert draft.status_code == 404
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.actions == []
        assert (attempt.draft_text, attempt.draft_channel) == (
            "Half-written by the trainee.",
            "text",
        )
