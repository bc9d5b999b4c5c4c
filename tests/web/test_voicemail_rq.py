"""With REDIS_URL set, transcription goes through a real Redis + RQ queue and a worker
(`trainer worker` runs the same `jobs.work`). Runs when a Redis server answers locally."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from tests.voicemail_audio import CALLBACK
from tests.web.test_voicemail import _upload, playing, speech  # noqa: F401  (fixtures)
from trainer import jobs
from trainer.extensions import db
from trainer.models import Voicemail

REDIS_URL = os.environ.get("TRAINER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        return bool(Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except RedisError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason=f"no Redis server answers at {REDIS_URL}")
def test_a_voicemail_is_transcribed_by_an_rq_worker(app, client, playing, speech):  # noqa: F811
    app.config.update(REDIS_URL=REDIS_URL)
    with app.app_context():
        jobs.queue(app).empty()
    response = _upload(client, playing, speech, headers={"Accept": "application/json"})
    assert response.status_code == 202
    with app.app_context():
        voicemail = db.session.scalar(select(Voicemail).where(Voicemail.attempt_id == playing))
        assert voicemail.status == "queued"  # waiting for a worker, not done in the request
        voicemail_id = voicemail.id
        assert jobs.work(app, burst=True)  # the worker takes the job and stops when empty
    status = client.get(f"/voicemails/{voicemail_id}/status").get_json()
    assert status["status"] == "done"
    assert status["callback_number"] == CALLBACK
