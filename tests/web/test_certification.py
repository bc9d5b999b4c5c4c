"""Certification end to end on a real database: exams, release, certificates, verification,
expiry and recertification under a controlled clock, revocation, review and calibration."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.web.conftest import csrf_token, sit_exam
from trainer.extensions import db
from trainer.models import Assignment, AuditLog, Certificate, Exam, User
from trainer.models.base import utcnow
from trainer.services import certificates, clock, credentials, exams, reviews

LEVEL1 = "internet-lead-response-1"
LEVEL2 = "follow-up-discipline-2"


class Clock:
    """The time certification decisions see; moves only when a test moves it."""

    def __init__(self):
        self.now = utcnow() + timedelta(minutes=1)

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def at(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(clock, "now", lambda: fake.now)
    return fake


def _certificate(app, exam_id: int) -> Certificate | None:
    with app.app_context():
        found = db.session.scalar(select(Certificate).where(Certificate.exam_id == exam_id))
        if found is not None:
            db.session.expunge(found)
        return found


def test_a_trainee_passes_an_exam_and_the_certificate_verifies_everywhere(
    app, client, world, login, at
):
    login("trainee@test.example")
    token = csrf_token(client, "/exams")
    started = client.post("/exams/start", data={"csrf_token": token, "track_id": LEVEL1})
    assert started.status_code == 302
    with app.app_context():
        exam = db.session.scalar(select(Exam).where(Exam.user_id == world["trainee"]))
        attempt_id, scenario_id = exam.attempt_id, exam.attempt.scenario_id
        model = exams.training.scenario(scenario_id).steps[0].model_answer
        channel = {"follow_up_plan": "plan"}.get(
            exams.training.scenario(scenario_id).steps[0].channel,
            exams.training.scenario(scenario_id).steps[0].channel,
        )
    play = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Exam: Internet Lead Response" in play and "Exam time ends" in play
    token = csrf_token(client, f"/attempts/{attempt_id}")
    client.post(
        f"/attempts/{attempt_id}/act",
        data={
            "csrf_token": token,
            "kind": "send",
            "channel": channel,
            "message": model,
            "token": "a",
        },
    )
    page = client.get(f"/attempts/{attempt_id}")
    assert page.status_code == 200  # a first answer never ends these leads
    assert "You sent" in page.get_data(as_text=True)
    assert "Graded:" not in page.get_data(as_text=True)  # no grades mid-exam
    # Exam mode: no practising (the drawn scenario's model answer) and no old feedback.
    blocked = client.post(
        "/attempts", data={"csrf_token": token, "scenario_id": scenario_id}, follow_redirects=True
    )
    assert "finish it before practising" in blocked.get_data(as_text=True)
    earlier = client.get(f"/attempts/{world['attempt']}/feedback", follow_redirects=True)
    assert "back once your exam is finished" in earlier.get_data(as_text=True)
    assert "Model answers" not in earlier.get_data(as_text=True)
    done = client.post(
        f"/attempts/{attempt_id}/act", data={"csrf_token": token, "kind": "end", "token": "b"}
    )
    assert done.status_code == 302 and "/exams/" in done.headers["Location"]
    assert client.get(f"/attempts/{world['attempt']}/feedback").status_code == 200
    result = client.get(f"/exams/{exam.id}").get_data(as_text=True)
    assert "You passed." in result, result
    certificate = _certificate(app, exam.id)
    assert certificate is not None and len(certificate.public_id) == 24
    client.post("/logout", data={"csrf_token": csrf_token(client, "/exams")})

    # Anyone, signed out, can check it: the page, the signed credential, the PDF, the evidence.
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert "VALID" in page and "Trainee" in page and "Internet Lead Response" in page
    badge = client.get(f"/verify/{certificate.public_id}/badge.json")
    assert badge.mimetype == "application/ld+json"
    document = badge.get_json(force=True)
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["evidence"][0]["id"].endswith(f"/verify/{certificate.public_id}/evidence")
    issuer = client.get("/badges/issuer").get_json(force=True)
    key = issuer["verificationMethod"][0]
    assert document["proof"]["verificationMethod"] == key["id"]
    assert credentials.verify_proof(document, key["publicKeyMultibase"], key["id"])
    tampered = {**document, "validUntil": "2099-01-01T00:00:00Z"}
    assert not credentials.verify_proof(tampered, key["publicKeyMultibase"], key["id"])
    assert not credentials.verify_proof(document, key["publicKeyMultibase"], "https://x/#k")
    assert document["credentialStatus"]["type"] == "1EdTechRevocationList"
    listing = client.get(document["credentialStatus"]["id"]).get_json()
    assert listing["revokedCredentials"] == []
    evidence = client.get(f"/verify/{certificate.public_id}/evidence").get_data(as_text=True)
    assert scenario_id in evidence and "Pass rules" in evidence
    pdf = client.get(f"/verify/{certificate.public_id}/certificate.pdf")
    assert pdf.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Trainee" in text and "Internet Lead Response - Level 1" in text
    assert certificate.public_id in text and "valid" in text
    assert client.get(f"/badges/tracks/{LEVEL1}").get_json(force=True)["type"] == ["Achievement"]


@pytest.mark.parametrize(
    "public_id",
    ["AAAAAAAAAAAAAAAAAAAAAAAA", "short", "has spaces in it here!!", "x" * 41],
    ids=["unknown", "too-short", "bad-characters", "too-long"],
)
def test_an_unknown_or_malformed_id_is_not_found(client, world, public_id):
    page = client.get(f"/verify/{public_id}")
    assert page.status_code == 404
    assert "Certificate not found" in page.get_data(as_text=True)
    for suffix in ("badge.json", "certificate.pdf", "evidence"):
        assert client.get(f"/verify/{public_id}/{suffix}").status_code == 404


def test_a_tampered_id_is_not_found(app, client, world, at):
    exam_id = sit_exam(app, world["trainee"], LEVEL1)
    real = _certificate(app, exam_id).public_id
    flipped = real[:-1] + ("A" if real[-1] != "A" else "B")
    assert client.get(f"/verify/{real}").status_code == 200
    assert client.get(f"/verify/{flipped}").status_code == 404
    assert client.get(f"/verify?id={real}").headers["Location"].endswith(f"/verify/{real}")


def test_grades_stay_hidden_until_a_manager_releases_a_reviewed_exam(app, client, world, login, at):
    sit_exam(app, world["trainee"], LEVEL1)
    exam_id = sit_exam(app, world["trainee"], LEVEL2)
    with app.app_context():
        exam = db.session.get(Exam, exam_id)
        assert exam.status == "awaiting_review" and exam.released_at is None
        attempt_id = exam.attempt_id
    login("trainee@test.example")
    assert "waiting for a manager's review" in client.get(f"/exams/{exam_id}").get_data(
        as_text=True
    )
    feedback = client.get(f"/attempts/{attempt_id}/feedback")
    assert feedback.status_code == 302 and feedback.headers["Location"].endswith(
        f"/exams/{exam_id}"
    )
    progress = client.get("/progress").get_data(as_text=True)
    assert f"/attempts/{attempt_id}/feedback" not in progress
    client.post("/logout", data={"csrf_token": csrf_token(client, "/exams")})

    login("manager@test.example")
    queue = client.get("/manage/reviews").get_data(as_text=True)
    assert f"/manage/attempts/{attempt_id}" in queue
    token = csrf_token(client, f"/manage/attempts/{attempt_id}")
    # The reviewer marks follow-up down on the answer: the provisional verdict turns to fail.
    client.post(f"/manage/attempts/{attempt_id}", data={
        "csrf_token": token, "touch_index": "0", "criterion": "follow_up", "level": "1",
        "reason": "No next step is owned in this answer.",
    })  # fmt: skip
    review = client.get(f"/manage/attempts/{attempt_id}").get_data(as_text=True)
    assert "would be: <strong>not passed</strong>" in review
    released = client.post(
        f"/manage/exams/{exam_id}/release", data={"csrf_token": token, "note": "Own the step."}
    )
    assert released.status_code == 302
    with app.app_context():
        exam = db.session.get(Exam, exam_id)
        assert exam.status == "failed" and exam.reviewed_by_id == world["manager"]
        assert db.session.scalar(select(Certificate).where(Certificate.exam_id == exam_id)) is None
        actions = set(db.session.scalars(select(AuditLog.action)))
        assert {"level.override", "exam.release"} <= actions
    # Released: the levels are closed to further changes.
    again = client.post(f"/manage/attempts/{attempt_id}", data={
        "csrf_token": token, "touch_index": "0", "criterion": "trust", "level": "4",
        "reason": "Changing after release",
    })  # fmt: skip
    assert again.status_code == 400 and "released" in again.get_data(as_text=True)
    client.post("/logout", data={"csrf_token": token})
    login("trainee@test.example")
    result = client.get(f"/exams/{exam_id}").get_data(as_text=True)
    assert "Not passed this time" in result and "Own the step." in result
    assert client.get(f"/attempts/{attempt_id}/feedback").status_code == 200


def test_the_calibration_page_compares_scorer_and_reviewers(app, client, world, login, at):
    sit_exam(app, world["trainee"], LEVEL1)
    exam_id = sit_exam(app, world["trainee"], LEVEL2)
    with app.app_context():
        manager = db.session.get(User, world["manager"])
        attempt_id = db.session.get(Exam, exam_id).attempt_id
        reviews.override_level(
            manager, attempt_id, 0, "trust", 0, "Promised a price it can't give."
        )
        exams.release(manager, exam_id)
    login("consultant@test.example")
    page = client.get("/consult/calibration").get_data(as_text=True)
    assert "1 reviewed exam in the period" in page
    assert "Promised a price it can&#39;t give." in page
    rows = re.findall(r"<tr><td>(\w[\w -]*)</td><td>(\d+)</td>\s*<td>(\d+)%</td>", page)
    by_name = {name: (int(count), int(exact)) for name, count, exact in rows}
    assert by_name["Trust"][1] < 100 and by_name["Reconnection"] == (
        by_name["Reconnection"][0],
        100,
    )
    bad = client.get("/consult/calibration?start=yesterday")
    assert bad.status_code == 400 and "Use a date like" in bad.get_data(as_text=True)


def test_time_up_ends_the_exam_and_grades_what_was_sent(app, client, world, login, at):
    login("trainee@test.example")
    token = csrf_token(client, "/exams")
    client.post("/exams/start", data={"csrf_token": token, "track_id": LEVEL1})
    with app.app_context():
        exam = db.session.scalar(select(Exam).where(Exam.user_id == world["trainee"]))
        exam_id, attempt_id = exam.id, exam.attempt_id
    at.advance(minutes=31)
    page = client.get(f"/attempts/{attempt_id}")
    assert page.status_code == 302
    with app.app_context():
        exam = db.session.get(Exam, exam_id)
        assert exam.timed_out and exam.status == "failed"
        assert exam.finished_at == exam.deadline_at  # not when the trainee came back
        assert exam.verdict["checks"][0]["reached"] == "none sent"
    assert "time ran out" in client.get(f"/exams/{exam_id}").get_data(as_text=True)


def test_cool_down_attempt_cap_and_prerequisites(app, world, at):
    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        assert "First earn" in exams.standing(trainee, exams.track(LEVEL2)).reason
    first = sit_exam(app, world["trainee"], LEVEL1, strong=False)
    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        assert db.session.get(Exam, first).status == "failed"
        state = exams.standing(trainee, exams.track(LEVEL1))
        assert not state.can_start and "wait until" in state.reason
        with pytest.raises(exams.Invalid):
            exams.start(trainee, LEVEL1)
    at.advance(hours=25)
    second = sit_exam(app, world["trainee"], LEVEL1, strong=False)
    at.advance(hours=25)
    sit_exam(app, world["trainee"], LEVEL1, strong=False)
    at.advance(hours=25)
    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        state = exams.standing(trainee, exams.track(LEVEL1))
        assert not state.can_start and "used all 3 attempts" in state.reason
        # Each attempt drew a different variant from the last one.
        drawn = [db.session.get(Exam, e).attempt.scenario_id for e in (first, second)]
        assert drawn[0] != drawn[1]
    at.advance(days=30)
    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        assert exams.standing(trainee, exams.track(LEVEL1)).can_start


def test_expiry_and_recertification_under_a_controlled_clock(app, client, world, login, at):
    exam_id = sit_exam(app, world["trainee"], LEVEL1)
    certificate = _certificate(app, exam_id)
    assert certificate.expires_at - certificate.issued_at > timedelta(days=364)
    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        state = exams.standing(trainee, exams.track(LEVEL1))
        assert not state.can_start and "recertification opens" in state.reason
    # 40 days before expiry: in the 60-day list (not the 30), recertification open.
    at.now = certificate.expires_at - timedelta(days=40)
    login("manager@test.example")
    page = client.get("/manage/certificates?within=60").get_data(as_text=True)
    assert "Trainee" in page and "(40 days)" in page
    assert "Trainee" not in client.get("/manage/certificates?within=30").get_data(as_text=True)
    token = csrf_token(client, "/manage/certificates")
    client.post(f"/manage/certificates/{certificate.id}/recertify", data={"csrf_token": token})
    twice = client.post(
        f"/manage/certificates/{certificate.id}/recertify",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "already has this recertification assigned" in twice.get_data(as_text=True)
    with app.app_context():
        drill = db.session.scalar(select(Assignment).where(Assignment.track_id == LEVEL1))
        assert drill.due_at == certificate.expires_at
        trainee = db.session.get(User, world["trainee"])
        assert exams.standing(trainee, exams.track(LEVEL1)).can_start
        [(_assignment, _track, done)] = exams.recertification_items(trainee)
        assert not done
    client.post("/logout", data={"csrf_token": token})
    login("trainee@test.example")
    drills = client.get("/drills").get_data(as_text=True)
    assert "Exams assigned to you" in drills and "Recertify: Internet Lead Response" in drills
    # Expired: the public page and the PDF say so.
    at.now = certificate.expires_at + timedelta(minutes=1)
    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert "EXPIRED" in page
    pdf = client.get(f"/verify/{certificate.public_id}/certificate.pdf").data
    assert "EXPIRED" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    # Recertifying issues a new valid certificate and completes the drill.
    renewed = _certificate(app, sit_exam(app, world["trainee"], LEVEL1))
    assert renewed.public_id != certificate.public_id
    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        assert certificates.current(trainee, LEVEL1).id == renewed.id
        [(_assignment, _track, done)] = exams.recertification_items(trainee)
        assert done


def test_revocation_and_another_dealerships_manager(app, client, world, login, at):
    theirs = _certificate(app, sit_exam(app, world["other_trainee"], LEVEL1))
    sit_exam(app, world["other_trainee"], LEVEL2)
    with app.app_context():
        waiting = db.session.scalar(select(Exam).where(Exam.status == "awaiting_review"))
        waiting_id, waiting_attempt = waiting.id, waiting.attempt_id
    login("manager@test.example")  # North's manager
    token = csrf_token(client, "/manage/certificates")
    assert "Othertrainee" not in client.get("/manage/certificates").get_data(as_text=True)
    assert "Othertrainee" not in client.get("/manage/reviews").get_data(as_text=True)
    revoke = client.post(
        f"/manage/certificates/{theirs.id}/revoke",
        data={"csrf_token": token, "reason": "Trying to revoke another store's"},
    )
    assert revoke.status_code == 404
    assert (
        client.post(f"/manage/exams/{waiting_id}/release", data={"csrf_token": token}).status_code
        == 404
    )
    assert client.get(f"/manage/attempts/{waiting_attempt}").status_code == 404
    with app.app_context():
        assert db.session.get(Certificate, theirs.id).revoked_at is None
        assert db.session.get(Exam, waiting_id).status == "awaiting_review"
    client.post("/logout", data={"csrf_token": token})
    # South's own manager can revoke, with a reason; the public page says so at once.
    login("othermanager@test.example")
    token = csrf_token(client, "/manage/certificates")
    empty = client.post(
        f"/manage/certificates/{theirs.id}/revoke",
        data={"csrf_token": token, "reason": ""},
        follow_redirects=True,
    )
    assert "Say why" in empty.get_data(as_text=True)
    client.post(
        f"/manage/certificates/{theirs.id}/revoke",
        data={"csrf_token": token, "reason": "Shared exam answers with a colleague"},
    )
    page = client.get(f"/verify/{theirs.public_id}").get_data(as_text=True)
    assert "REVOKED" in page and "Shared exam answers" not in page
    with app.app_context():
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "certificate.revoke"))
        assert entry.detail["reason"] == "Shared exam answers with a colleague"


def test_the_leaderboard_respects_opt_out(app, client, world, login, at):
    with app.app_context():
        for email in ("trainee@test.example", "trainee2@test.example"):
            person = db.session.scalar(select(User).where(User.email == email))
            for seed in range(3):
                exams.training.play_scripted(
                    person, "new-availability-cr-v",
                    [("text", exams.training.scenario("new-availability-cr-v").steps[0].model_answer)],
                    seed=seed, opened_at=utcnow() - timedelta(days=seed + 1),
                )  # fmt: skip
        db.session.commit()
    login("trainee2@test.example")
    board = client.get("/leaderboard").get_data(as_text=True)
    assert "<td>Trainee2</td>" in board and "<td>Trainee</td>" in board
    token = csrf_token(client, "/leaderboard")
    client.post("/leaderboard", data={"csrf_token": token, "opt_out": "yes"})
    mine = client.get("/leaderboard").get_data(as_text=True)
    assert "only you see this line" in mine
    client.post("/logout", data={"csrf_token": token})
    login("trainee@test.example")
    board = client.get("/leaderboard").get_data(as_text=True)
    assert "Trainee2" not in board and "<td>Trainee</td>" in board
    client.post("/logout", data={"csrf_token": csrf_token(client, "/leaderboard")})
    login("manager@test.example")
    assert "Trainee2" not in client.get("/manage/leaderboard").get_data(as_text=True)


def test_the_certificates_command(app, world, runner, monkeypatch, at):
    valid = _certificate(app, sit_exam(app, world["trainee"], LEVEL1))
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("TRAINER_SECRET_KEY", "cli-test-secret")
    from trainer.cli import main

    listed = runner.invoke(main, ["certificates", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.output)
    assert row["id"] == valid.public_id and row["status"] == "valid"
    checked = runner.invoke(main, ["certificates", "verify", valid.public_id, "--json"])
    assert checked.exit_code == 0 and json.loads(checked.output)["holder"] == "Trainee"
    missing = runner.invoke(main, ["certificates", "verify", "nope" * 6, "--json"])
    assert missing.exit_code == 2 and json.loads(missing.output)["status"] == "not_found"
    refused = runner.invoke(main, ["certificates", "revoke", valid.public_id, "--reason", "x"])
    assert refused.exit_code == 1 and "Say why" in refused.output
    revoked = runner.invoke(
        main, ["certificates", "revoke", valid.public_id, "--reason", "Left the company"]
    )
    assert revoked.exit_code == 0, revoked.output
    after = runner.invoke(main, ["certificates", "verify", valid.public_id])
    assert after.exit_code == 1 and after.output.startswith("REVOKED")


def test_certificate_ids_can_be_typed_from_paper_and_on_a_command_line():
    """Ids are base58: no look-alikes (0/O, I/l) to mistype from a printed certificate and no
    '-', which would make `trainer certificates verify ID` read the id as an option."""
    ids = [certificates.new_public_id() for _ in range(3000)]
    assert len(set(ids)) == len(ids)
    assert {len(i) for i in ids} == {24}
    used = set("".join(ids))
    assert used <= set(certificates.ID_ALPHABET) and not used & set("-_0OIl")
    assert all(certificates.PUBLIC_ID.match(i) for i in ids)


def test_the_demo_has_a_valid_and_an_expired_certificate(app):
    from trainer.services import demo

    with app.app_context():
        demo.seed()
        rows = {
            (r.certificate.holder_name, r.certificate.track_id): r.status
            for r in certificates.everything()
        }
        assert rows[("Jordan Ellis", LEVEL1)] == "valid"
        assert rows[("Alex Chen", LEVEL1)] == "expired"
        assert db.session.scalar(select(Exam).where(Exam.status == "awaiting_review")) is not None


def test_every_exam_variant_can_be_passed_by_a_strong_answer(app, world):
    """An exam is fair only if each scenario it may draw can be passed: the scenario's model
    answer, sent promptly, meets every track's rules."""
    from trainer.certification import judge
    from trainer.services import demo

    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        failures = []
        for track in exams.catalog().tracks.values():
            for scenario_id in track.pool:
                attempt = exams.training.play_scripted(
                    trainee, scenario_id, demo._script(scenario_id, True, 0), seed=11,
                    opened_at=utcnow(),
                )  # fmt: skip
                verdict = judge(track.rules, exams.evidence(attempt))
                failures += [
                    f"{track.id} / {scenario_id}: {c.rule} {c.reached} (needs {c.required})"
                    for c in verdict.checks
                    if not c.passed
                ]
        assert not failures, "\n".join(failures)


def test_a_revoked_credential_is_no_longer_served_and_is_on_the_revocation_list(
    app, client, world, at
):
    certificate = _certificate(app, sit_exam(app, world["trainee"], LEVEL1))
    with app.app_context():
        certificates.revoke(None, db.session.get(Certificate, certificate.id), "Left the store")
    gone = client.get(f"/verify/{certificate.public_id}/badge.json")
    assert gone.status_code == 410 and gone.get_json()["status"] == "revoked"
    listing = client.get("/badges/revocations").get_json()
    assert [r["id"] for r in listing["revokedCredentials"]] == [
        f"http://localhost/verify/{certificate.public_id}/badge.json"
    ]


def test_signed_documents_never_name_the_address_a_request_claims(app, client, world, at):
    certificate = _certificate(app, sit_exam(app, world["trainee"], LEVEL1))
    url = f"/verify/{certificate.public_id}/badge.json"
    app.testing = False  # as in production
    try:
        refused = client.get(url, headers={"Host": "evil.example"})
        assert refused.status_code == 503
        assert "TRAINER_PUBLIC_URL" in refused.get_data(as_text=True)
        app.config["PUBLIC_URL"] = "https://training.example.com"
        document = client.get(url, headers={"Host": "evil.example"}).get_json(force=True)
        issuer = client.get("/badges/issuer", headers={"Host": "evil.example"}).get_json(force=True)
    finally:
        app.testing = True
    assert document["issuer"]["id"] == "https://training.example.com/badges/issuer"
    assert "evil.example" not in json.dumps(document) + json.dumps(issuer)
    key = issuer["verificationMethod"][0]
    assert credentials.verify_proof(document, key["publicKeyMultibase"], key["id"])


def test_renewing_early_keeps_the_time_left(app, world, at):
    first = _certificate(app, sit_exam(app, world["trainee"], LEVEL1))
    at.now = first.expires_at - timedelta(days=30)
    renewed = _certificate(app, sit_exam(app, world["trainee"], LEVEL1))
    assert renewed.issued_at == at.now
    assert renewed.expires_at == certificates.add_months(first.expires_at, 12)


def test_a_manager_sitting_an_exam_cannot_see_or_release_it(app, client, world, login, at):
    sit_exam(app, world["manager"], LEVEL1)
    exam_id = sit_exam(app, world["manager"], LEVEL2)
    with app.app_context():
        exam = db.session.get(Exam, exam_id)
        assert exam.status == "awaiting_review"
        attempt_id = exam.attempt_id
    login("manager@test.example")
    assert client.get(f"/manage/attempts/{attempt_id}").status_code == 404
    assert f"/manage/attempts/{attempt_id}" not in client.get("/manage/reviews").get_data(
        as_text=True
    )
    token = csrf_token(client, "/manage/reviews")
    assert (
        client.post(f"/manage/exams/{exam_id}/release", data={"csrf_token": token}).status_code
        == 403
    )
    with app.app_context():
        assert db.session.get(Exam, exam_id).status == "awaiting_review"


def test_one_open_exam_at_a_time_even_when_starts_race(app, world, at):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        exams.start(trainee, LEVEL1)
        with pytest.raises(exams.Invalid, match="another exam open"):
            exams.start(trainee, "voicemail-1")
        # The database itself refuses a second open exam on a track (two racing requests).
        first = db.session.scalar(select(Exam))
        twin = Exam(
            user_id=first.user_id, dealership_id=first.dealership_id,
            attempt_id=exams.training.start_attempt(trainee, "new-chat-maverick", exam=True).id,
            track_id=first.track_id, track_version=1, track_title="x", status="in_progress",
            started_at=first.started_at, deadline_at=first.deadline_at, open_key=first.open_key,
            rules=first.rules,
        )  # fmt: skip
        db.session.add(twin)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_a_released_exams_transcript_cannot_be_corrected(app, world, at):
    from tests.web.conftest import add_voicemail
    from trainer.services import voicemail_drills

    exam_id = sit_exam(app, world["trainee"], LEVEL1)
    with app.app_context():
        attempt_id = db.session.get(Exam, exam_id).attempt_id
    voicemail = add_voicemail(
        app, attempt_id, status="done", transcript="Call me at 555 0100.",
        result={"transcript": "Call me at 555 0100."},
    )  # fmt: skip
    with app.app_context():
        manager = db.session.get(User, world["manager"])
        with pytest.raises(exams.Invalid, match="released"):
            voicemail_drills.correct(manager, voicemail, "Call me at 555 0199.", "Misheard number")


def test_an_overdue_recertification_shows_on_the_team_dashboard_until_passed(app, world, at):
    from trainer.services import dashboards

    certificate = _certificate(app, sit_exam(app, world["trainee"], LEVEL1))
    at.now = certificate.expires_at - timedelta(days=10)
    with app.app_context():
        manager = db.session.get(User, world["manager"])
        drill = exams.assign_recertification(manager, certificate.id)
        drill.due_at = utcnow() - timedelta(hours=1)  # the dashboard counts on the wall clock
        db.session.commit()
        overdue = dashboards.overdue_items(world["north"])
        assert [(p.name, item) for p, _a, item in overdue] == [("Trainee", f"exam: {LEVEL1}")]
    sit_exam(app, world["trainee"], LEVEL1)
    with app.app_context():
        assert dashboards.overdue_items(world["north"]) == []


def test_a_message_typed_in_a_browser_scores_like_the_same_message_anywhere(app, world):
    """Browsers send textarea line breaks as CRLF; the grade must not depend on that."""
    from trainer.services import demo

    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        scenario_id = "new-price-out-the-door-silverado"
        answer = exams.training.scenario(scenario_id).steps[0].model_answer
        kind = demo._script(scenario_id, True, 0)[1][0]
        plain = exams.training.play_scripted(
            trainee, scenario_id, [(kind, answer)], seed=3, opened_at=utcnow()
        )
        typed = exams.training.play_scripted(
            trainee, scenario_id, [(kind, answer.replace("\n", "\r\n"))], seed=3,
            opened_at=utcnow(),
        )  # fmt: skip
        assert exams.training.effective_levels(typed) == exams.training.effective_levels(plain)
