"""Background work: transcribing voicemails.

A job is given a voicemail id and records its status in that row. By default jobs run inline
in a thread of the web process (one at a time, so two recordings do not fight for the CPU);
with REDIS_URL configured they go to an RQ queue that `trainer worker` runs. JOBS_MODE="sync"
runs a job inside the request (tests, and one-process set-ups that prefer to wait).
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app

QUEUE = "trainer"
_LOCK = threading.Lock()
_WORKER_APP: Flask | None = None
log = logging.getLogger(__name__)


def mode(app: Flask) -> str:
    """Return how jobs run here: "rq", "thread" or "sync"."""
    if app.config.get("REDIS_URL"):
        return "rq"
    return app.config.get("JOBS_MODE") or "thread"


def queue(app: Flask):
    """Return the RQ queue (REDIS_URL must be configured)."""
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE, connection=Redis.from_url(app.config["REDIS_URL"]))


def enqueue_transcription(voicemail_id: int) -> None:
    """Start transcribing a queued voicemail, the configured way."""
    app = current_app._get_current_object()
    how = mode(app)
    if how == "rq":
        timeout = int(app.config.get("TRANSCRIBE_TIMEOUT", 600))
        queue(app).enqueue(run_transcription, voicemail_id, job_timeout=timeout)
    elif how == "sync":
        _transcribe(app, voicemail_id)
    else:
        threading.Thread(
            target=_transcribe, args=(app, voicemail_id), name=f"voicemail-{voicemail_id}",
            daemon=True,
        ).start()  # fmt: skip


def _transcribe(app: Flask, voicemail_id: int) -> None:
    from trainer.extensions import db
    from trainer.services import voicemail_drills

    with _LOCK, app.app_context():
        try:
            voicemail_drills.transcribe(voicemail_id, app.config.get("SPEECH_ENGINE") or None)
        except Exception:  # the row says "running" until it is retried; log why
            log.exception("transcribing voicemail %s failed", voicemail_id)
        finally:
            db.session.remove()


def run_transcription(voicemail_id: int) -> None:
    """Transcribe a voicemail in an RQ worker (builds the app from the environment)."""
    global _WORKER_APP
    if _WORKER_APP is None:
        from trainer import create_app

        _WORKER_APP = create_app()
    _transcribe(_WORKER_APP, voicemail_id)


def work(app: Flask, *, burst: bool = False) -> bool:
    """Run an RQ worker for the app's queue (until stopped, or until empty with `burst`)."""
    from rq import SimpleWorker, Worker

    global _WORKER_APP
    _WORKER_APP = app
    q = queue(app)
    # Forking per job would reload the speech model every time; one process keeps it warm.
    worker_class = SimpleWorker if app.config.get("WORKER_NO_FORK", True) else Worker
    return worker_class([q], connection=q.connection).work(burst=burst)
