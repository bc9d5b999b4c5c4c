"""Voicemail drills through the web app: upload, transcription job, touch, retry, correction."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.voicemail_audio import CALLBACK, synthesise, tone_wav
from tests.web.conftest import add_voicemail, csrf_token
from trainer.extensions import db
from trainer.models import Attempt, AuditLog, User, Voicemail
from trainer.services import training, voicemail_drills
from trainer.speech import EngineUnavailable

SCENARIO = "new-availability-cr-v"
TYPED = "Half a written answer I must not lose."


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> bytes:
    return synthesise(tmp_path_factory.mktemp("speech") / "voicemail.wav").read_bytes()


@pytest.fixture
def playing(app, client, world, login):
    """The trainee signed in, with an open attempt holding a typed draft; returns its id."""
    with app.app_context():
        trainee = db.session.get(User, world["trainee"])
        attempt = training.start_attempt(trainee, SCENARIO)
        training.save_draft(trainee, attempt.id, TYPED, "text")
        attempt_id = attempt.id
    login("trainee@test.example")
    return attempt_id


def _upload(client, attempt_id, data: bytes, name: str = "voicemail.wav", **kwargs):
    token = csrf_token(client, f"/attempts/{attempt_id}")
    # Encoded here, in memory: the test client would spool a large body to a temporary file
    # that nobody closes (a ResourceWarning, an error under filterwarnings = error).
    boundary, body = encode_multipart(
        {"csrf_token": token, "audio": FileStorage(io.BytesIO(data), name, "audio")}
    )
    return client.post(
        f"/attempts/{attempt_id}/voicemail",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        **kwargs,
    )


def test_an_uploaded_voicemail_is_transcribed_graded_and_sent(app, client, playing, speech):
    response = _upload(client, playing, speech)
    assert response.status_code == 302
    page = client.get(f"/attempts/{playing}").get_data(as_text=True)
    assert "Priya" in page and CALLBACK in page
    assert "You sent a voicemail" in page  # the touch is in the timeline
    assert TYPED in page  # the typed draft is still there
    with app.app_context():
        voicemail = db.session.scalar(select(Voicemail).where(Voicemail.attempt_id == playing))
        assert voicemail.status == "done" and voicemail.engine == "whisper"
        assert voicemail.result["callback_number"] == CALLBACK
        assert voicemail.result["callback_said"] == 2
        attempt = db.session.get(Attempt, playing)
        touch = [a for a in attempt.actions if a["kind"] == "voicemail"]
        assert touch == [
            {
                "kind": "voicemail",
                "text": voicemail.transcript,
                "token": f"voicemail-{voicemail.id}",
            }
        ]
        voicemail_id = voicemail.id
    status = client.get(f"/voicemails/{voicemail_id}/status").get_json()
    assert status["status"] == "done" and status["callback_number"] == CALLBACK
    assert status["words_per_minute"] > 0 and status["duration"] > 10
    assert client.get(f"/voicemails/{voicemail_id}/audio").data == speech
    # The feedback shows the recording's measures next to the graded touches.
    token = csrf_token(client, f"/attempts/{playing}")
    client.post(f"/attempts/{playing}/act", data={"csrf_token": token, "kind": "end", "token": "e"})
    feedback = client.get(f"/attempts/{playing}/feedback").get_data(as_text=True)
    assert "Recorded voicemails" in feedback and CALLBACK in feedback


def test_the_recorder_posts_json_and_polls(client, playing, speech):
    response = _upload(client, playing, speech, headers={"Accept": "application/json"})
    assert response.status_code == 202
    data = response.get_json()
    assert data["status"] in ("queued", "done")  # sync jobs in tests: done by the next poll
    polled = client.get(data["status_url"]).get_json()
    assert polled["status"] == "done" and polled["callback_number"] == CALLBACK
    refused = _upload(client, playing, b"", headers={"Accept": "application/json"})
    assert refused.status_code == 400 and "empty" in refused.get_json()["error"]


BAD = {
    "empty": (b"", "voicemail.wav", "The recording is empty"),
    "silent": (tone_wav(2, amplitude=0), "voicemail.wav", "The recording is silent"),
    "corrupt": (
        b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 200,
        "voicemail.wav",
        "could not be read",
    ),
    "wrong-type": (b"%PDF-1.4\n" + b"x" * 2000, "notes.pdf", "could not be read"),
    "too-long": (tone_wav(125), "voicemail.wav", "the limit is 120"),
    "too-big": (b"\x00" * (5 * 1024 * 1024 + 10), "voicemail.wav", "larger than 5 MB"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_upload_says_why_and_keeps_the_attempt(app, client, playing, case):
    data, name, message = BAD[case]
    response = _upload(client, playing, data, name)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert TYPED in page  # what was typed is still on the page
    with app.app_context():
        attempt = db.session.get(Attempt, playing)
        assert attempt.status == "in_progress" and attempt.actions == []
        assert attempt.draft_text == TYPED
        assert db.session.scalar(select(Voicemail).where(Voicemail.attempt_id == playing)) is None


def test_no_file_chosen_is_a_clear_error(client, playing):
    token = csrf_token(client, f"/attempts/{playing}")
    response = client.post(f"/attempts/{playing}/voicemail", data={"csrf_token": token})
    assert response.status_code == 400
    assert "Choose a recording" in response.get_data(as_text=True)


def test_a_failed_transcription_keeps_the_audio_and_can_be_retried(
    app, client, playing, speech, monkeypatch
):
    def broken(*args, **kwargs):
        raise EngineUnavailable("The whisper model could not be loaded: test")

    monkeypatch.setattr(voicemail_drills, "grade_recording", broken)
    assert _upload(client, playing, speech).status_code == 302
    page = client.get(f"/attempts/{playing}").get_data(as_text=True)
    assert "The transcription failed" in page and "could not be loaded" in page
    assert "Retry the transcription" in page
    with app.app_context():
        voicemail = db.session.scalar(select(Voicemail).where(Voicemail.attempt_id == playing))
        assert voicemail.status == "failed" and voicemail.audio == speech
        voicemail_id = voicemail.id
    monkeypatch.undo()
    token = csrf_token(client, f"/attempts/{playing}")
    retried = client.post(f"/voicemails/{voicemail_id}/retry", data={"csrf_token": token})
    assert retried.status_code == 302
    status = client.get(f"/voicemails/{voicemail_id}/status").get_json()
    assert status["status"] == "done" and status["callback_number"] == CALLBACK
    again = client.post(f"/voicemails/{voicemail_id}/retry", data={"csrf_token": token})
    assert again.status_code == 400  # only a failed job is retried


def test_a_stalled_job_can_be_retried(app, client, playing):
    voicemail_id = add_voicemail(app, playing, status="running")
    with app.app_context():
        voicemail = db.session.get(Voicemail, voicemail_id)
        voicemail.started_at = voicemail.created_at.replace(year=2020)
        db.session.commit()
    status = client.get(f"/voicemails/{voicemail_id}/status").get_json()
    assert status["status"] == "failed" and "took too long" in status["error"]


def _finished_with_voicemail(app, client, playing, speech) -> int:
    assert _upload(client, playing, speech).status_code == 302
    token = csrf_token(client, f"/attempts/{playing}")
    client.post(f"/attempts/{playing}/act", data={"csrf_token": token, "kind": "end", "token": "e"})
    client.post("/logout", data={"csrf_token": token})
    with app.app_context():
        return db.session.scalar(select(Voicemail.id).where(Voicemail.attempt_id == playing))


def test_a_manager_corrects_a_transcript_and_it_is_audited(app, client, login, playing, speech):
    voicemail_id = _finished_with_voicemail(app, client, playing, speech)
    login("manager@test.example")
    review = client.get(f"/manage/attempts/{playing}").get_data(as_text=True)
    assert "Correct the transcript" in review
    token = csrf_token(client, f"/manage/attempts/{playing}")
    corrected = (
        "Hi Priya, this is Marisol at Harborview Honda. Call me at 555 241 3380. "
        "Again, 555 241 3380."
    )
    no_reason = client.post(
        f"/manage/voicemails/{voicemail_id}/correct",
        data={"csrf_token": token, "transcript": corrected, "reason": ""},
    )
    assert no_reason.status_code == 400 and "Say why" in no_reason.get_data(as_text=True)
    response = client.post(
        f"/manage/voicemails/{voicemail_id}/correct",
        data={"csrf_token": token, "transcript": corrected, "reason": "Names were misheard"},
    )
    assert response.status_code == 302
    with app.app_context():
        voicemail = db.session.get(Voicemail, voicemail_id)
        assert voicemail.corrected_transcript == corrected
        assert voicemail.corrected_by.email == "manager@test.example"
        assert voicemail.result["callback_number"] == CALLBACK
        assert voicemail.transcript != corrected  # what was heard is kept
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "voicemail.correct"))
        assert entry.detail["new"] == corrected and entry.detail["reason"] == "Names were misheard"
        attempt = db.session.get(Attempt, playing)
        assert attempt.status == "done"
        assert [a["text"] for a in attempt.actions if a["kind"] == "voicemail"] == [corrected]
        assert corrected in str(attempt.result)  # graded again
    page = client.get(f"/manage/attempts/{playing}").get_data(as_text=True)
    assert "Names were misheard" in page


def test_another_dealerships_manager_cannot_correct_or_hear(app, client, login, playing, speech):
    voicemail_id = _finished_with_voicemail(app, client, playing, speech)
    login("othermanager@test.example")
    token = csrf_token(client, "/manage/")
    response = client.post(
        f"/manage/voicemails/{voicemail_id}/correct",
        data={"csrf_token": token, "transcript": "Changed by South.", "reason": "Not my store"},
    )
    assert response.status_code == 404
    assert client.get(f"/voicemails/{voicemail_id}/audio").status_code == 404
    assert client.get(f"/voicemails/{voicemail_id}/status").status_code == 404
    with app.app_context():
        assert db.session.get(Voicemail, voicemail_id).corrected_transcript is None
        assert not db.session.scalar(select(AuditLog).where(AuditLog.action == "voicemail.correct"))
