"""Call sessions: a telecaller's run of calls with its start, pauses and end, kept in the database
so a reload or a crash resumes it where it was."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from console import clock
from console.models.types import JSONType, UTCDateTime


class CallSession(SQLModel, table=True):
    """One session: the campaigns chosen (none: all of mine), the lead previewed now and since
    when (its countdown runs from then), and every pause with its reason."""

    __tablename__ = "call_session"
    # At most one open session per telecaller.
    __table_args__ = (
        Index(
            "ix_call_session_open",
            "agent_id",
            unique=True,
            postgresql_where=text("ended_at IS NULL"),
            sqlite_where=text("ended_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    agent_id: int = Field(foreign_key="app_user.id", index=True)
    campaigns: list[str] = Field(default_factory=list, sa_type=JSONType)
    state: str = Field(default="running", max_length=16)
    started_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    pause_reason: str | None = Field(default=None, max_length=40)
    pauses: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONType)
    preview_lead_id: int | None = Field(default=None, foreign_key="lead.id")
    preview_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    skipped: list[int] = Field(default_factory=list, sa_type=JSONType)
