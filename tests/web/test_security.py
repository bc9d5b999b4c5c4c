"""Web security through the real app: CSRF, sign-in throttling, redirects, cookies, headers,
escaping, passwords and one-time links, keeping what people typed, and acting only on your own."""

from __future__ import annotations

import io
import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask
from sqlalchemy import select

from tests.voicemail_audio import tone_wav
from tests.web.conftest import PASSWORD, add_voicemail, csrf_token, sit_exam
from trainer import create_app
from trainer.extensions import db
from trainer.models import (
    Attempt,
    AuditLog,
    Certificate,
    Invite,
    LoginFailure,
    Override,
    PasswordReset,
    User,
)
from trainer.models.base import utcnow
from trainer.services import accounts, packs, training
from trainer.web.config import configure
from trainer.web.filters import highlight

SCENARIO = "new-availability-cr-v"
GOOD_TEXT = (
    "Hi Priya, it's Marisol at Harborview Honda. Yes, the blue CR-V EX-L is here with heated "
    "seats. Quick call at 6:15 tonight, or is text easier?"
)
CSRF_MESSAGE = "reload the page and try again"


def sign_in(client, email: str, password: str = PASSWORD):
    """Sign `client` in (any client, not only the fixture's)."""
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def signed_in(client) -> bool:
    """Return True if the client's session is a signed-in one."""
    return client.get("/password").status_code == 200


def open_attempt(app, user_id: int) -> int:
    """Start a scenario for a person and return the attempt id."""
    with app.app_context():
        return training.start_attempt(db.session.get(User, user_id), SCENARIO).id


def database_rows() -> dict[str, list[str]]:
    """Every row of every table, to tell whether a request changed anything."""
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
        for table in db.metadata.sorted_tables
    }


# CSRF: every POST route refuses a request without the token, and changes nothing.


@pytest.fixture
def links(app, world):
    """A working invite link, a working reset link, an open attempt and a pack."""
    with app.app_context():
        admin = db.session.get(User, world["admin"])
        invite = accounts.create_invite(
            admin, email="new@test.example", name="Newcomer", role="trainee",
            dealership_id=world["north"],
        )  # fmt: skip
        reset = accounts.create_reset(admin, db.session.get(User, world["trainee"]))
        pack = packs.upload(
            admin, "A pack", "one.yaml", b"id: broken\n", Path(app.config["PACKS_FOLDER"])
        ).id
    opened = open_attempt(app, world["trainee"])
    passed = sit_exam(app, world["trainee2"], "internet-lead-response-1")
    waiting = sit_exam(app, world["trainee2"], "follow-up-discipline-2")
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.exam_id == passed))
    return {
        **world,
        "certificate": certificate.id,
        "waiting_exam": waiting,
        "invite": invite,
        "reset": reset,
        "open": opened,
        "pack": pack,
        "failed_voicemail": add_voicemail(app, opened, status="failed", error="Engine crashed"),
        "done_voicemail": add_voicemail(
            app,
            world["attempt"],
            status="done",
            transcript="Call me at 555 0100.",
            result={"transcript": "Call me at 555 0100."},
        ),
    }


def _due() -> str:
    return (utcnow() + timedelta(days=5)).strftime("%Y-%m-%d")


NEW_PASSWORD = {"password": "a new password 1", "confirm": "a new password 1"}
# endpoint -> (who posts, URL, form data), each a request that works when it carries the token.
POSTS = {
    "auth.login": (
        None,
        lambda w: "/login",
        lambda w: {"email": "trainee@test.example", "password": PASSWORD},
    ),
    "auth.logout": ("trainee", lambda w: "/logout", lambda w: {}),
    "auth.accept_invite": (None, lambda w: f"/invite/{w['invite']}", lambda w: NEW_PASSWORD),
    "auth.reset": (None, lambda w: f"/reset/{w['reset']}", lambda w: NEW_PASSWORD),
    "auth.change_password": (
        "trainee",
        lambda w: "/password",
        lambda w: {"current": PASSWORD, **NEW_PASSWORD},
    ),
    "trainee.start": ("trainee", lambda w: "/attempts", lambda w: {"scenario_id": SCENARIO}),
    "trainee.act": (
        "trainee",
        lambda w: f"/attempts/{w['open']}/act",
        lambda w: {"kind": "send", "channel": "text", "message": GOOD_TEXT, "token": "t1"},
    ),
    "trainee.draft": ("trainee", lambda w: f"/attempts/{w['open']}/draft", None),
    "trainee.voicemail_upload": (
        "trainee",
        lambda w: f"/attempts/{w['open']}/voicemail",
        lambda w: {"audio": (io.BytesIO(tone_wav()), "voicemail.wav")},
    ),
    "trainee.voicemail_retry": (
        "trainee",
        lambda w: f"/voicemails/{w['failed_voicemail']}/retry",
        lambda w: {},
    ),
    "manage.voicemail_correct": (
        "manager",
        lambda w: f"/manage/voicemails/{w['done_voicemail']}/correct",
        lambda w: {"transcript": "Call me at 555 0199.", "reason": "The number was misheard"},
    ),
    "manage.assign": (
        "manager",
        lambda w: "/manage/assign",
        lambda w: {
            "title": "Week one",
            "due_date": _due(),
            "scenario_ids": [SCENARIO],
            "person_ids": [str(w["trainee"])],
        },
    ),
    "manage.review": (
        "manager",
        lambda w: f"/manage/attempts/{w['attempt']}",
        lambda w: {
            "touch_index": "0",
            "criterion": "trust",
            "level": "1",
            "reason": "Promised without checking",
        },
    ),
    "manage.switch": (
        "admin",
        lambda w: "/manage/switch",
        lambda w: {"dealership_id": str(w["south"])},
    ),
    "admin.users": (
        "admin",
        lambda w: "/admin/users",
        lambda w: {
            "how": "create",
            "name": "Made Here",
            "email": "made@test.example",
            "role": "trainee",
            "dealership_id": str(w["north"]),
            "password": "a new password 1",
        },
    ),
    "admin.reset_link": ("admin", lambda w: f"/admin/users/{w['trainee']}/reset", lambda w: {}),
    "admin.toggle_active": ("admin", lambda w: f"/admin/users/{w['trainee']}/active", lambda w: {}),
    "admin.dealerships": (
        "admin",
        lambda w: "/admin/dealerships",
        lambda w: {"what": "dealership", "name": "East Ford"},
    ),
    "admin.scenario_packs": (
        "admin",
        lambda w: "/admin/packs",
        lambda w: {"name": "Upload", "file": (io.BytesIO(b"id: x\n"), "x.yaml")},
    ),
    "admin.pack_action": ("admin", lambda w: f"/admin/packs/{w['pack']}/disable", lambda w: {}),
    "exams.start": (
        "trainee",
        lambda w: "/exams/start",
        lambda w: {"track_id": "internet-lead-response-1"},
    ),
    "exams.board": ("trainee", lambda w: "/leaderboard", lambda w: {"opt_out": "yes"}),
    "certs.release": (
        "manager",
        lambda w: f"/manage/exams/{w['waiting_exam']}/release",
        lambda w: {"note": "Well done"},
    ),
    "certs.revoke": (
        "manager",
        lambda w: f"/manage/certificates/{w['certificate']}/revoke",
        lambda w: {"reason": "Issued by mistake"},
    ),
    "certs.recertify": (
        "manager",
        lambda w: f"/manage/certificates/{w['certificate']}/recertify",
        lambda w: {},
    ),
}


def test_every_post_route_is_in_the_csrf_table(app):
    posting = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods}
    missing = posting - set(POSTS)
    assert not missing, f"add a working request for {sorted(missing)} to POSTS in {__name__}"
    assert set(POSTS) <= posting


def _post(client, world, endpoint: str, token: str | None):
    _, url, data = POSTS[endpoint]
    if data is None:  # the draft autosave is JSON, its token in a header
        headers = {"X-CSRFToken": token} if token else {}
        return client.post(url(world), json={"text": "typed", "channel": "text"}, headers=headers)
    body = dict(data(world))
    if token:
        body["csrf_token"] = token
    return client.post(url(world), data=body)


@pytest.mark.parametrize("endpoint", sorted(POSTS))
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(app, client, links, endpoint):
    role = POSTS[endpoint][0]
    if role:
        assert sign_in(client, f"{role}@test.example").status_code == 302
    was_signed_in = signed_in(client)
    with app.app_context():
        before = database_rows()
    refused = _post(client, links, endpoint, None)
    assert refused.status_code == 400
    assert CSRF_MESSAGE in refused.get_data(as_text=True)
    with app.app_context():
        assert database_rows() == before
    assert signed_in(client) == was_signed_in
    if endpoint == "manage.switch":
        assert "Team dashboard: North Honda" in client.get("/manage/").get_data(as_text=True)
    # The very same request with the token goes through: the refusal was about the token.
    token = csrf_token(client, "/login" if role is None else "/password")
    accepted = _post(client, links, endpoint, token)
    assert CSRF_MESSAGE not in accepted.get_data(as_text=True)
    assert accepted.status_code in (200, 302), accepted.get_data(as_text=True)[:600]


# Sign-in throttling.


def test_too_many_wrong_passwords_lock_the_account_for_a_while(app, client, world):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert sign_in(client, "trainee@test.example", "wrong password").status_code == 401
    locked = sign_in(client, "trainee@test.example")
    assert locked.status_code == 429
    page = locked.get_data(as_text=True)
    assert f"Try again in {app.config['LOGIN_WINDOW_MINUTES']} minutes" in page
    assert not signed_in(client)
    # A teammate's account with its own right password is not affected by the address
    # alone when it comes from elsewhere.
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert sign_in(other, "trainee2@test.example").status_code == 302
    # Once the window has passed, the right password works again.
    with app.app_context():
        for failure in db.session.scalars(select(LoginFailure)):
            failure.at = utcnow() - timedelta(minutes=app.config["LOGIN_WINDOW_MINUTES"] + 1)
        db.session.commit()
    assert sign_in(client, "trainee@test.example").status_code == 302


def test_failures_below_the_limit_do_not_lock(app, client, world):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        sign_in(client, "trainee@test.example", "wrong password")
    assert sign_in(client, "trainee@test.example").status_code == 302


# Redirects after signing in stay on this site.


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "///evil.example",
        "/\t/evil.example",
        "https:evil.example",
        "javascript:alert(1)",
    ],
)
def test_sign_in_never_redirects_off_site(client, world, target):
    token = csrf_token(client)
    response = client.post(
        f"/login?next={quote(target, safe='')}",
        data={"email": "trainee@test.example", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", "localhost") and location.path == "/drills"


def test_sign_in_honours_a_next_page_on_this_site(client, world):
    asked = client.get("/practice")
    assert asked.status_code == 302
    login_url = asked.headers["Location"]
    token = csrf_token(client)
    response = client.post(
        login_url,
        data={"email": "trainee@test.example", "password": PASSWORD, "csrf_token": token},
    )
    assert urlsplit(response.headers["Location"]).path == "/practice"


# Cookies and headers.


def test_the_session_cookie_is_httponly_and_samesite_lax(client, world):
    response = sign_in(client, "trainee@test.example")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_cookies_are_secure_by_default_and_configurable(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("TRAINER_")]:
        monkeypatch.delenv(name)
    bare = Flask("defaults", instance_path=str(tmp_path))
    configure(bare, {"SECRET_KEY": "x"})
    assert bare.config["SESSION_COOKIE_SECURE"] is True
    assert bare.config["REMEMBER_COOKIE_SECURE"] is True
    app = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    )
    cookie = app.test_client().get("/login").headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie
    monkeypatch.setenv("TRAINER_SESSION_COOKIE_SECURE", "false")
    plain = Flask("plain", instance_path=str(tmp_path))
    configure(plain, {"SECRET_KEY": "x"})
    assert plain.config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize("url", ["/login", "/drills", "/no-such-page", "/health"])
def test_security_headers_are_on_every_response(client, world, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


# What a trainee typed is shown as text, never as markup.

HOSTILE = (
    "Hi Priya, it's Marisol at Harborview Honda. <script>alert(1)</script> Yes, the blue CR-V "
    "EX-L is here with heated seats. <img src=x onerror=alert(2)> Quick call at 6:15 tonight, "
    "or is text easier?"
)


def _assert_escaped(page: str) -> None:
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_script_in_a_touch_is_escaped_on_play_feedback_and_review(app, client, world, login):
    attempt = open_attempt(app, world["trainee"])
    login("trainee@test.example")
    token = csrf_token(client, f"/attempts/{attempt}")
    sent = client.post(f"/attempts/{attempt}/act", data={
        "csrf_token": token, "kind": "send", "channel": "text", "message": HOSTILE, "token": "a",
    })  # fmt: skip
    assert sent.status_code == 302
    _assert_escaped(client.get(f"/attempts/{attempt}").get_data(as_text=True))
    client.post(f"/attempts/{attempt}/act", data={"csrf_token": token, "kind": "end", "token": "b"})
    feedback = client.get(f"/attempts/{attempt}/feedback").get_data(as_text=True)
    assert "<mark>" in feedback  # the evidence is still highlighted
    _assert_escaped(feedback)
    client.post("/logout", data={"csrf_token": token})
    login("manager@test.example")
    review = client.get(f"/manage/attempts/{attempt}").get_data(as_text=True)
    assert "<mark>" in review
    _assert_escaped(review)


def test_a_draft_with_markup_is_escaped_in_the_message_box(app, client, world, login):
    attempt = open_attempt(app, world["trainee"])
    login("trainee@test.example")
    token = csrf_token(client, f"/attempts/{attempt}")
    client.post(
        f"/attempts/{attempt}/draft",
        json={"text": "</textarea><script>alert(1)</script>", "channel": "text"},
        headers={"X-CSRFToken": token},
    )
    page = client.get(f"/attempts/{attempt}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_highlighting_escapes_inside_and_around_the_marks():
    text = 'Call <b onmouseover="x()">me</b> at 6:15 & "soon"'
    marked = str(highlight(text, [(0, 8), (5, 12), (40, 200)]))
    assert "<b" not in marked and "</b>" not in marked
    assert marked.count("<mark>") == 2
    assert marked.startswith("<mark>Call &lt;b onmo</mark>useover=&#34;x()&#34;&gt;")
    assert "&amp;" in marked and "&#34;" in marked


# Passwords, sessions and one-time links.


def test_passwords_are_stored_as_salted_hashes(app, world):
    with app.app_context():
        people = list(db.session.scalars(select(User)))
        hashes = [p.password_hash for p in people]
    assert all(h and PASSWORD not in h for h in hashes)
    assert all(h.startswith(("scrypt:", "pbkdf2:")) for h in hashes)
    assert len(set(hashes)) == len(hashes)  # the same password, a different salt each time


def test_changing_the_password_signs_out_other_sessions(app, client, world):
    other = app.test_client()
    assert sign_in(other, "trainee@test.example").status_code == 302
    assert sign_in(client, "trainee@test.example").status_code == 302
    token = csrf_token(client, "/password")
    changed = client.post("/password", data={
        "csrf_token": token, "current": PASSWORD, "password": "a brand new secret",
        "confirm": "a brand new secret",
    })  # fmt: skip
    assert changed.status_code == 302
    assert signed_in(client)  # the session that changed it stays signed in
    assert not signed_in(other)
    fresh = app.test_client()
    assert sign_in(fresh, "trainee@test.example").status_code == 401
    assert sign_in(fresh, "trainee@test.example", "a brand new secret").status_code == 302


def test_a_wrong_current_password_changes_nothing(app, client, world, login):
    login("trainee@test.example")
    token = csrf_token(client, "/password")
    response = client.post("/password", data={
        "csrf_token": token, "current": "not it at all", "password": "a brand new secret",
        "confirm": "a brand new secret",
    })  # fmt: skip
    assert "That is not your current password." in response.get_data(as_text=True)
    assert sign_in(app.test_client(), "trainee@test.example").status_code == 302


def _new_invite(app, world, **changes) -> str:
    with app.app_context():
        admin = db.session.get(User, world["admin"])
        token = accounts.create_invite(
            admin, email="invited@test.example", name="Invited Person", role="trainee",
            dealership_id=world["north"],
        )  # fmt: skip
        invite = db.session.scalar(select(Invite).where(Invite.email == "invited@test.example"))
        for name, value in changes.items():
            setattr(invite, name, value)
        db.session.commit()
    return token


def test_an_invite_link_works_once(app, world):
    token = _new_invite(app, world)
    first = app.test_client()
    assert "Welcome, Invited Person" in first.get(f"/invite/{token}").get_data(as_text=True)
    form = {"password": "my chosen secret", "confirm": "my chosen secret"}
    accepted = first.post(
        f"/invite/{token}", data={**form, "csrf_token": csrf_token(first, f"/invite/{token}")}
    )
    assert accepted.status_code == 302
    assert signed_in(first)
    second = app.test_client()
    again = second.get(f"/invite/{token}")
    assert again.status_code == 404
    assert "not valid" in again.get_data(as_text=True)
    reused = second.post(f"/invite/{token}", data={**form, "csrf_token": csrf_token(second)})
    assert reused.status_code == 404
    with app.app_context():
        assert (
            len(db.session.scalars(select(User).where(User.email == "invited@test.example")).all())
            == 1
        )


def test_an_expired_invite_fails(app, world):
    token = _new_invite(app, world, expires_at=utcnow() - timedelta(minutes=1))
    client = app.test_client()
    page = client.get(f"/invite/{token}")
    assert page.status_code == 404 and "not valid" in page.get_data(as_text=True)
    posted = client.post(f"/invite/{token}", data={
        "password": "my chosen secret", "confirm": "my chosen secret",
        "csrf_token": csrf_token(client),
    })  # fmt: skip
    assert posted.status_code == 404
    with app.app_context():
        assert not db.session.scalar(select(User).where(User.email == "invited@test.example"))


def _new_reset(app, world, **changes) -> str:
    with app.app_context():
        person = db.session.get(User, world["trainee"])
        token = accounts.create_reset(db.session.get(User, world["admin"]), person)
        reset = db.session.scalar(select(PasswordReset).where(PasswordReset.user_id == person.id))
        for name, value in changes.items():
            setattr(reset, name, value)
        db.session.commit()
    return token


def test_a_reset_link_works_once(app, world):
    token = _new_reset(app, world)
    first = app.test_client()
    assert first.get(f"/reset/{token}").status_code == 200
    form = {"password": "a reset password", "confirm": "a reset password"}
    done = first.post(
        f"/reset/{token}", data={**form, "csrf_token": csrf_token(first, f"/reset/{token}")}
    )
    assert done.status_code == 302 and signed_in(first)
    second = app.test_client()
    again = second.get(f"/reset/{token}")
    assert again.status_code == 404 and "not valid" in again.get_data(as_text=True)
    reused = second.post(
        f"/reset/{token}",
        data={"password": "another password", "confirm": "another password",
              "csrf_token": csrf_token(second)},
    )  # fmt: skip
    assert reused.status_code == 404
    assert sign_in(app.test_client(), "trainee@test.example", "a reset password").status_code == 302


def test_an_expired_reset_link_fails(app, world):
    token = _new_reset(app, world, expires_at=utcnow() - timedelta(minutes=1))
    client = app.test_client()
    page = client.get(f"/reset/{token}")
    assert page.status_code == 404 and "not valid" in page.get_data(as_text=True)
    assert sign_in(app.test_client(), "trainee@test.example").status_code == 302


# Errors keep what people typed.


def test_the_admin_form_keeps_what_was_typed_after_an_error(client, world, login):
    login("admin@test.example")
    token = csrf_token(client, "/admin/users")
    response = client.post("/admin/users", data={
        "csrf_token": token, "how": "create", "name": "Typed Person Name",
        "email": "not-an-email", "role": "trainee", "dealership_id": str(world["north"]),
    })  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Typed Person Name"' in page
    assert 'value="not-an-email"' in page
    assert "Enter a valid email address." in page


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"channel": "text", "message": "   "}, "the message is empty"),
        ({"channel": "fax", "message": "Kept text for the fax."}, "Choose email, text"),
        ({"channel": "text", "message": "x" * 50_001}, "longer than 50,000"),
    ],
    ids=["empty", "bad-channel", "too-long"],
)
def test_an_invalid_send_keeps_the_typed_text(app, client, world, login, form, error):
    attempt = open_attempt(app, world["trainee"])
    login("trainee@test.example")
    token = csrf_token(client, f"/attempts/{attempt}")
    response = client.post(f"/attempts/{attempt}/act", data={
        "csrf_token": token, "kind": "send", "token": "t1", **form,
    })  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error in page
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)
    assert textarea == form["message"]
    with app.app_context():
        assert db.session.get(Attempt, attempt).actions == []


def test_the_draft_autosave_keeps_text_across_a_reload(app, client, world, login):
    attempt = open_attempt(app, world["trainee"])
    login("trainee@test.example")
    token = csrf_token(client, f"/attempts/{attempt}")
    saved = client.post(
        f"/attempts/{attempt}/draft",
        json={"text": "Hi Priya, half a thought", "channel": "email"},
        headers={"X-CSRFToken": token},
    )
    assert saved.status_code == 200 and saved.get_json()["saved"] is True
    page = client.get(f"/attempts/{attempt}").get_data(as_text=True)
    assert ">Hi Priya, half a thought</textarea>" in page
    assert re.search(r'value="email" checked', page)


def test_the_draft_autosave_needs_the_csrf_header(app, client, world, login):
    attempt = open_attempt(app, world["trainee"])
    login("trainee@test.example")
    refused = client.post(f"/attempts/{attempt}/draft", json={"text": "sneaky", "channel": "text"})
    assert refused.status_code == 400
    assert CSRF_MESSAGE in refused.get_json()["error"]
    with app.app_context():
        assert db.session.get(Attempt, attempt).draft_text == ""


# Double submits, and acting only on your own attempts.


def test_a_double_submit_makes_one_touch_and_leaves_the_box_empty(app, client, world, login):
    attempt = open_attempt(app, world["trainee"])
    login("trainee@test.example")
    token = csrf_token(client, f"/attempts/{attempt}")
    form = {"csrf_token": token, "kind": "send", "channel": "text", "message": GOOD_TEXT,
            "token": "same-token"}  # fmt: skip
    first = client.post(f"/attempts/{attempt}/act", data=form)
    second = client.post(f"/attempts/{attempt}/act", data=form)
    assert first.status_code == second.status_code == 302
    with app.app_context():
        actions = db.session.get(Attempt, attempt).actions
        assert [a["kind"] for a in actions if a["kind"] == "text"] == ["text"]
    page = client.get(f"/attempts/{attempt}").get_data(as_text=True)
    assert page.count("You sent a text") == 1
    # What was sent is not offered again as a draft, as if it had not gone.
    assert re.search(r"<textarea[^>]*></textarea>", page)


def test_a_trainee_cannot_act_on_a_teammates_attempt(app, client, world, login):
    attempt = open_attempt(app, world["trainee2"])
    with app.app_context():
        before = database_rows()
    login("trainee@test.example")
    token = csrf_token(client, "/practice")
    for form in (
        {"kind": "send", "channel": "text", "message": GOOD_TEXT},
        {"kind": "wait", "duration": "1d"},
        {"kind": "lost", "reason": "gone"},
        {"kind": "end"},
    ):
        response = client.post(
            f"/attempts/{attempt}/act", data={"csrf_token": token, "token": "x", **form}
        )
        assert response.status_code == 404, form
    drafted = client.post(
        f"/attempts/{attempt}/draft", json={"text": "mine now"}, headers={"X-CSRFToken": token}
    )
    assert drafted.status_code == 404
    with app.app_context():
        assert database_rows() == before
        assert db.session.get(Attempt, attempt).status == "in_progress"


# Overrides need a reason, and are audited.


def _override(client, world, reason: str):
    token = csrf_token(client, f"/manage/attempts/{world['attempt']}")
    return client.post(f"/manage/attempts/{world['attempt']}", data={
        "csrf_token": token, "touch_index": "0", "criterion": "trust", "level": "1",
        "reason": reason,
    })  # fmt: skip


@pytest.mark.parametrize("reason", ["", "   ", "ok"])
def test_an_override_without_a_reason_is_refused(app, client, world, login, reason):
    login("manager@test.example")
    response = _override(client, world, reason)
    assert response.status_code == 400
    assert "Say why" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Override)) == 0
        assert not db.session.scalar(select(AuditLog).where(AuditLog.action == "level.override"))


def test_an_override_is_audited_and_shown_to_the_trainee(app, client, world, login):
    login("manager@test.example")
    response = _override(client, world, "Promised a price without checking stock.")
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "level.override"))
        assert entry.actor_id == world["manager"]
        assert entry.object_id == world["attempt"] and entry.dealership_id == world["north"]
        assert entry.detail["reason"] == "Promised a price without checking stock."
        assert entry.detail["new"] == 1 and entry.detail["criterion"] == "trust"
    audit_page = client.get("/manage/audit").get_data(as_text=True)
    assert "level.override" in audit_page
    client.post("/logout", data={"csrf_token": csrf_token(client, "/manage/")})
    login("trainee@test.example")
    feedback = client.get(f"/attempts/{world['attempt']}/feedback").get_data(as_text=True)
    assert "Promised a price without checking stock." in feedback


def test_an_invite_is_checked_when_made_not_when_used(app, client, world, login):
    login("admin@test.example")
    token = csrf_token(client, "/admin/users")
    response = client.post("/admin/users", data={
        "csrf_token": token, "how": "invite", "name": "Wrong Team Person",
        "email": "wrongteam@test.example", "role": "trainee",
        "dealership_id": str(world["north"]), "team_id": str(world["south_team"]),
    })  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose a team of the person&#39;s dealership." in page
    assert 'value="Wrong Team Person"' in page
    assert re.search(rf'<option value="{world["south_team"]}" selected>', page)
    with app.app_context():
        assert not db.session.scalar(select(Invite))
