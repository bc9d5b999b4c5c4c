"""Recorded voicemails: the audio a trainee uploaded, its transcription job and its grade.

The audio is kept in the row (at most 5 MB, checked before it is stored): the web process and
an RQ worker on another machine then need only the database, a backup holds everything, and
deleting the row deletes the recording. It is loaded only when asked for (deferred).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainer.extensions import db
from trainer.models.base import UTCDateTime, utcnow
from trainer.models.org import Dealership, User
from trainer.models.training import Attempt

VOICEMAIL_STATUSES = ("queued", "running", "done", "failed")


class Voicemail(db.Model):
    """One recording for one attempt, its transcription status and (when done) the result."""

    __tablename__ = "voicemail"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    dealership_id: Mapped[int] = mapped_column(ForeignKey("dealership.id"), index=True)
    step_id: Mapped[str | None] = mapped_column(String(120))  # the task open when uploaded
    audio: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    filename: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size_bytes: Mapped[int] = mapped_column(Integer)
    duration: Mapped[float] = mapped_column(Float)  # seconds
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    engine: Mapped[str | None] = mapped_column(String(40))
    model: Mapped[str | None] = mapped_column(String(200))
    transcript: Mapped[str | None] = mapped_column(Text)  # what the engine heard
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # VoicemailResult.as_dict()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    corrected_transcript: Mapped[str | None] = mapped_column(Text)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    correction_reason: Mapped[str | None] = mapped_column(Text)
    attempt: Mapped[Attempt] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    dealership: Mapped[Dealership] = relationship()
    corrected_by: Mapped[User | None] = relationship(foreign_keys=[corrected_by_id])

    @property
    def text(self) -> str:
        """Return the transcript that counts: the manager's correction, else what was heard."""
        return self.corrected_transcript or self.transcript or ""

    @property
    def token(self) -> str:
        """Return the action token that ties this recording to its touch in the attempt."""
        return f"voicemail-{self.id}"
