"""Leads: a lead's card, preview and record, a CSV import's report, reassignment."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from console.contract.common import Answer, Id, Moment, Shape
from console.domain.calls import CallStatus
from console.domain.handoff import DecisionKind
from console.domain.meetings import MeetingStatus
from console.domain.outcomes import INTENTS
from console.domain.queue import LeadStatus


class Reassign(Shape):
    """POST /leads/{id}/reassign: the telecaller who gets the lead."""

    to: Id


class ImportQuery(Shape):
    """POST /campaigns/{slug}/leads/import: `strict` imports nothing if any row is bad."""

    strict: bool = Field(default=False, description="1, true or yes: all rows or none")


class LeadCard(Answer):
    """A lead as the API and live events show it."""

    id: int
    campaign_id: int
    name: str
    first_name: str
    last_name: str
    company: str
    title: str
    phone: str = Field(description="E.164")
    email: str | None
    country: str | None
    region: str | None
    timezone: str = Field(description="one IANA zone, or several separated by spaces")
    zones: list[str]
    source: str | None
    form: str | None
    intent: Literal[INTENTS]  # type: ignore[valid-type]
    status: LeadStatus
    dnc: bool
    notes: str
    external_id: str | None
    attempts: int
    touches: int
    arrived_at: Moment
    next_attempt_at: Moment | None
    follow_up_at: Moment | None
    callback_at: Moment | None


class TakenIn(LeadCard):
    """A lead created (201), or an existing one touched again (200, duplicate true)."""

    duplicate: bool


class LocalTime(Answer):
    """The lead's local time now, derived from its zone."""

    time: Moment | None
    zone: str | None
    label: str


class Attempt(Answer):
    """One call made to the lead: who called and how it ended."""

    call_id: int
    at: Moment
    by: str
    status: CallStatus
    duration_seconds: int | None
    disposition: str | None


class Touch(Answer):
    """One time the lead reached us (a form, an import)."""

    at: Moment
    source: str | None
    form: str | None


class LeadPreview(LeadCard):
    """What a telecaller sees before dialling."""

    local_time: LocalTime
    history: list[Attempt]
    touch_history: list[Touch]


class OutcomeLine(Answer):
    """One recorded outcome of the lead's calls."""

    id: int
    call_id: int | None
    disposition: str
    decision: DecisionKind
    reasons: list[str]
    scores: dict[str, Any] = Field(description="need, timeframe, authority, profile (1-3)")
    at: Moment


class MeetingLine(Answer):
    """One meeting booked for the lead."""

    id: int
    starts_at: Moment
    status: MeetingStatus
    sales_rep_id: int


class LeadRecord(LeadPreview):
    """The lead with its touches, calls, outcomes and meetings."""

    outcomes: list[OutcomeLine]
    meetings: list[MeetingLine]


class RejectedRow(Answer):
    """A CSV row that was not imported, and each field to fix."""

    row: int = Field(description="the line in the file")
    fields: dict[str, str]


class ImportReport(Answer):
    """What an import did."""

    created: int
    duplicates: int
    rejected: list[RejectedRow]
    ignored_columns: list[str]
