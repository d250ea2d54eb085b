"""Meetings booked for sales reps, and the reviews sales records on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index
from sqlmodel import Field, SQLModel

from console import clock
from console.models.types import JSONType, UTCDateTime


class Meeting(SQLModel, table=True):
    """A handoff: a meeting for a sales rep with the evidence that earned it."""

    __tablename__ = "meeting"
    # Meetings booked per telecaller over a period (console.services.metrics).
    __table_args__ = (
        Index(
            "ix_meeting_booked_by_created",
            "booked_by_id",
            "created_at",
            postgresql_include=["override", "campaign_id"],
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id", index=True)
    outcome_id: int | None = Field(default=None, foreign_key="outcome.id")
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    booked_by_id: int = Field(foreign_key="app_user.id", index=True)
    sales_rep_id: int = Field(foreign_key="app_user.id", index=True)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    duration_minutes: int = Field(default=30)
    decision_maker_present: bool = Field(default=False)
    attendees: str = Field(default="", max_length=500)
    status: str = Field(default="booked", max_length=16, index=True)
    override: bool = Field(default=False)
    review_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    amount_cents: int | None = Field(default=None, sa_type=BigInteger)  # deals over $21M fit
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, index=True)
    updated_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)


class MeetingReview(SQLModel, table=True):
    """One step sales took on a meeting: accept, reject with reason, held, no-show, opportunity."""

    __tablename__ = "meeting_review"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    reviewer_id: int = Field(foreign_key="app_user.id")
    action: str = Field(max_length=20)
    reason: str | None = Field(default=None, max_length=20)
    overturned: list[str] = Field(default_factory=list, sa_type=JSONType)
    note: str = Field(default="", max_length=2000)
    amount_cents: int | None = Field(default=None, sa_type=BigInteger)  # deals over $21M fit
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, index=True)
