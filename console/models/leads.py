"""Leads, their intake touches, callbacks and the internal do-not-call list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from console import clock
from console.models.types import JSONType, UTCDateTime


class LeadBase(SQLModel):
    """What marketing tells us about a person."""

    first_name: str = Field(default="", max_length=80)
    last_name: str = Field(default="", max_length=80)
    company: str = Field(default="", max_length=160)
    title: str = Field(default="", max_length=120)
    phone: str = Field(max_length=20)
    email: str | None = Field(default=None, max_length=254)
    country: str | None = Field(default=None, max_length=2)
    region: str | None = Field(default=None, max_length=8)
    timezone: str = Field(default="", max_length=1200)  # one IANA zone, or several space-separated
    source: str | None = Field(default=None, max_length=80)
    form: str | None = Field(default=None, max_length=80)
    notes: str = Field(default="", max_length=4000)
    external_id: str | None = Field(default=None, max_length=120)


class Lead(LeadBase, table=True):
    """A lead in a campaign, with the queue state the work cycle moves along."""

    __tablename__ = "lead"

    __table_args__ = (
        # One lead per phone in a campaign, whatever races: a repeat is a touch on that lead.
        Index("ix_lead_campaign_phone", "campaign_id", "phone", unique=True),
        Index("ix_lead_campaign_email", "campaign_id", "email"),
        # The queue's bucket scans: one index range per zone, already in the bucket's order.
        Index(
            "ix_lead_queue_fresh",
            "campaign_id",
            "status",
            "intent",
            "attempts",
            "timezone",
            "arrived_at",
        ),
        Index("ix_lead_queue_retry", "campaign_id", "status", "timezone", "next_attempt_at"),
        Index(
            "ix_lead_queue_backlog",
            "campaign_id",
            "status",
            "timezone",
            text("priority DESC"),
            "arrived_at",
        ),
        Index("ix_lead_queue_callback", "campaign_id", "status", "timezone", "callback_at"),
        Index("ix_lead_queue_follow_up", "campaign_id", "status", "timezone", "follow_up_at"),
        Index("ix_lead_campaign_zone", "campaign_id", "timezone"),  # zones in use, by skip scan
        Index("ix_lead_follow_up", "status", "follow_up_at"),
        # Speed to lead per telecaller over a period (console.services.metrics), from the index.
        Index(
            "ix_lead_first_touch",
            "first_touch_by_id",
            "first_touch_at",
            postgresql_include=["arrived_at", "campaign_id"],
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    intent: str = Field(default="need", max_length=16)
    status: str = Field(default="queued", max_length=16)
    priority: int = Field(default=0)
    dnc: bool = Field(default=False)
    attempts: int = Field(default=0)
    last_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # When a lead in nurture comes back to the queue, and why it left (console.domain.follow_ups);
    # both stay on a lead taken back until the first outcome of its new round.
    follow_up_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    follow_up_reason: str | None = Field(default=None, max_length=16)
    # The open callback, mirrored from its Callback row so the queue can find it by index.
    callback_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    callback_owner_id: int | None = Field(default=None, foreign_key="app_user.id")
    lease_owner_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    lease_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    arrived_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    first_touch_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Who dialled it first: speed to lead is theirs (set with first_touch_at, at the first dial).
    first_touch_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    touches: int = Field(default=1)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    # Set when the person's data was erased (console.services.erasure): the row stays, stripped.
    erased_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def zones(self) -> tuple[str, ...]:
        return tuple(self.timezone.split())


class LeadTouch(SQLModel, table=True):
    """One arrival of a lead from marketing; duplicates add a touch instead of a new lead."""

    __tablename__ = "lead_touch"

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id", index=True)
    source: str | None = Field(default=None, max_length=80)
    form: str | None = Field(default=None, max_length=80)
    received_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)


class Callback(SQLModel, table=True):
    """A promised call back: personal (owner set) or anyone's; done once the call happens."""

    __tablename__ = "callback"

    __table_args__ = (
        Index(
            "ix_callback_open",
            "due_at",
            postgresql_where=text("done_at IS NULL"),
            sqlite_where=text("done_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id", index=True)
    owner_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    due_at: datetime = Field(sa_type=UTCDateTime)
    note: str = Field(default="", max_length=500)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)


class DncEntry(SQLModel, table=True):
    """A number on the internal do-not-call list: honoured at once, kept at least five years."""

    __tablename__ = "dnc_entry"

    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(unique=True, index=True, max_length=20)
    reason: str = Field(default="", max_length=200)
    source: str = Field(default="request", max_length=40)
    added_by_id: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)


class AuditEntry(SQLModel, table=True):
    """Who changed what, when, with the before and after."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    action: str = Field(max_length=80)
    entity: str = Field(max_length=40)
    entity_id: str = Field(default="", max_length=40)
    before: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSONType)
    at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, index=True)
