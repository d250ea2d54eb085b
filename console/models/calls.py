"""Calls, the callbacks Twilio sent about them, and the outcomes telecallers record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from console import clock
from console.models.types import JSONType, UTCDateTime


class Call(SQLModel, table=True):
    """One dial of a lead by a telecaller; its status is fed by Twilio's callbacks."""

    __tablename__ = "call"
    # Live calls by their last news: the reconcile job's scan (console.services.call_reconcile).
    __table_args__ = (
        Index("ix_call_status_updated", "status", "updated_at"),
        # Dials per telecaller over a period (console.services.metrics), from the index alone.
        Index(
            "ix_call_agent_started",
            "agent_id",
            "started_at",
            postgresql_include=["status", "campaign_id"],
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id", index=True)
    agent_id: int = Field(foreign_key="app_user.id", index=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    mode: str = Field(default="bridge", max_length=16)
    twilio_sid: str | None = Field(default=None, unique=True, max_length=40)
    lead_call_sid: str | None = Field(default=None, index=True, max_length=40)
    status: str = Field(default="queued", max_length=20)
    answered_by: str | None = Field(default=None, max_length=30)
    started_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, index=True)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    duration_seconds: int | None = Field(default=None)
    recording_sid: str | None = Field(default=None, max_length=40)
    recording_url: str | None = Field(default=None, max_length=500)
    recording_seconds: int | None = Field(default=None)
    recording_consent: str = Field(default="not_recorded", max_length=20)
    caller_id: str | None = Field(default=None, max_length=16)  # the number the lead saw
    # When the telecaller left the campaign's message on an answering machine (voicemail drop).
    voicemail_left_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    script_id: str | None = Field(default=None, max_length=80)
    script_version: int | None = Field(default=None)
    draft: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    updated_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)


class CallEvent(SQLModel, table=True):
    """A Twilio callback as received; the unique key makes a repeated callback a no-op."""

    __tablename__ = "call_event"

    __table_args__ = (UniqueConstraint("call_sid", "kind", "dedupe_key"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: int | None = Field(default=None, foreign_key="call.id", index=True)
    call_sid: str = Field(max_length=40)
    kind: str = Field(max_length=20)  # status, dial, recording, amd
    dedupe_key: str = Field(max_length=80)
    status: str | None = Field(default=None, max_length=30)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    received_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)


class Outcome(SQLModel, table=True):
    """What a call established: disposition, scores, evidence, next step and the rule's decision."""

    __tablename__ = "outcome"
    # Connects, conversations and wrap-up per telecaller over a period (services.metrics).
    __table_args__ = (
        Index(
            "ix_outcome_agent_created",
            "agent_id",
            "created_at",
            postgresql_include=["campaign_id", "wrap_seconds", "flags"],
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    call_id: int | None = Field(default=None, foreign_key="call.id", unique=True)
    lead_id: int = Field(foreign_key="lead.id", index=True)
    agent_id: int = Field(foreign_key="app_user.id", index=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    disposition: str = Field(max_length=40)
    flags: list[str] = Field(default_factory=list, sa_type=JSONType)
    decision: str = Field(max_length=16, index=True)
    reasons: list[str] = Field(default_factory=list, sa_type=JSONType)
    scores: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    total: int | None = Field(default=None)
    scores_set_by_hand: bool = Field(default=False)
    evidence: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    next_step: str = Field(default="", max_length=500)
    notes: str = Field(default="", max_length=4000)
    script_id: str | None = Field(default=None, max_length=80)
    script_version: int | None = Field(default=None)
    rule: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    # The rest of what the rule looked at (meeting, callback, intent, attempts, reasons given),
    # so a replay of any rule over past outcomes decides exactly as the rule of the day did.
    facts: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    override_reason: str | None = Field(default=None, max_length=1000)
    follow_up_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    wrap_seconds: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, index=True)
