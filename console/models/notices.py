"""Notices (reminders and alerts that stay on a person's page until acted on) and the schedule
of timed jobs that posts them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from console import clock
from console.models.types import UTCDateTime


class Notice(SQLModel, table=True):
    """A reminder or alert for one person, open until what it is about is done or they dismiss
    it. Alerts to the floor are one notice per team lead or admin, each in its reader's zone."""

    __tablename__ = "notice"

    __table_args__ = (
        Index(
            "ix_notice_open",
            "recipient_id",
            "created_at",
            postgresql_where=text("done_at IS NULL"),
            sqlite_where=text("done_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    # What makes a second run of a job (or a second process) post the same notice only once.
    key: str = Field(unique=True, max_length=120)
    kind: str = Field(max_length=32)
    recipient_id: int = Field(foreign_key="app_user.id")
    lead_id: int = Field(foreign_key="lead.id", index=True)
    callback_id: int | None = Field(default=None, foreign_key="callback.id")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    sentence: str = Field(max_length=600)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_how: str | None = Field(default=None, max_length=16)  # "acted" or "dismissed"


class ScheduledJob(SQLModel, table=True):
    """One timed job's schedule: the process that moves `next_run_at` on runs it, once."""

    __tablename__ = "scheduled_job"

    name: str = Field(primary_key=True, max_length=64)
    next_run_at: datetime = Field(sa_type=UTCDateTime)
    last_run_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_result: str = Field(default="", max_length=300)
    runs: int = Field(default=0)
