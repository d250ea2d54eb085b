"""Email the console sends (meeting invites, their updates, reminders), kept until delivered."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from console import clock
from console.models.types import JSONType, UTCDateTime


class MailMessage(SQLModel, table=True):
    """One message in the outbox: written with what it tells of (a booking), sent after that
    commits, tried again by the scheduler until the mail server takes it."""

    __tablename__ = "mail_message"

    id: int | None = Field(default=None, primary_key=True)
    # What makes a second booking step or job run queue the same message only once.
    key: str = Field(unique=True, max_length=120)
    kind: str = Field(max_length=16)  # invite, update, cancel, reminder
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    recipients: list[str] = Field(default_factory=list, sa_type=JSONType)
    subject: str = Field(max_length=300)
    body: str = Field(max_length=4000)
    ics: str | None = Field(default=None)
    not_after: datetime | None = Field(default=None, sa_type=UTCDateTime)  # pointless after this
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=500)
    next_try_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, index=True)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    dropped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
