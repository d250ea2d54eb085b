"""Leads: a lead as it arrives (from the API, a CSV row or the demo's web forms) and as the API
shows it (card, preview, record), a CSV import's report, reassignment. An arriving lead's fields
are text within their columns' lengths, without control characters; what needs a campaign or a
phone library (the number, the zones it rings in, the intent) is the intake service's to decide."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, field_validator, model_validator

from console.contract.common import Answer, FormId, Id, Moment, Refused, Shape, text, worded
from console.domain.addresses import is_email
from console.domain.calls import CallStatus
from console.domain.handoff import DecisionKind
from console.domain.meetings import MeetingStatus
from console.domain.outcomes import INTENTS
from console.domain.queue import LeadStatus
from console.domain.regions import canonical_zone

# What a normalised field (phone, country, time zone) may be before it is normalised; the stored
# form is checked by the service, which knows the campaign and the phone library.
RAW_LIMIT = 1200


def _blank_if_none(value: Any) -> Any:
    return "" if value is None else value


def _field(max_length: int) -> Any:
    """Text of at most `max_length` characters once trimmed; null and absent are blank."""
    return Annotated[text(max_length), BeforeValidator(_blank_if_none), Field(default="")]


class LeadIntake(Shape):
    """One lead's form. The lengths are the Lead columns' (a test holds them to the table)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    first_name: _field(80)
    last_name: _field(80)
    company: _field(160)
    title: _field(120)
    phone: _field(RAW_LIMIT)
    email: _field(254)
    country: _field(RAW_LIMIT)
    region: _field(8)
    timezone: _field(64)  # one IANA zone; the service may store several
    source: _field(80)
    form: _field(80)
    notes: _field(4000)
    external_id: _field(120)

    @field_validator("email")
    @classmethod
    def _an_address(cls, email: str) -> str:
        if email and not is_email(email):
            raise Refused(f"{email!r} is not an email address: give one such as ada@example.com")
        return email.lower()

    @field_validator("country")
    @classmethod
    def _two_letters(cls, country: str) -> str:
        if country and not re.fullmatch(r"[A-Za-z]{2}", country):
            raise Refused("use the two-letter ISO code, such as US, GB, IN or AU")
        return country.upper()

    @field_validator("timezone")
    @classmethod
    def _a_known_zone(cls, zone: str) -> str:
        if zone and canonical_zone(zone) is None:
            raise Refused(
                f"{zone!r} is not a time zone we know: use an IANA name such as America/New_York, "
                "or leave it empty to take the zone from the region or the phone number"
            )
        return canonical_zone(zone) or ""

    @field_validator("region")
    @classmethod
    def _upper(cls, region: str) -> str:
        return region.upper()

    @model_validator(mode="after")
    def _someone(self) -> LeadIntake:
        if not (self.first_name or self.last_name or self.company):
            raise Refused(
                "a lead needs a first name, last name or company",
                field="first_name",
                message="The lead was not accepted: give a first name, last name or company.",
            )
        return self


class NewLead(LeadIntake):
    """POST /leads: the lead's form and the campaign it is for. A website's form often sends
    more (utm_source, consent boxes): a lead is never lost for that; the answer names what was
    left out (`ignored_fields`), as an import names the columns it ignored."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)

    campaign: text(64, min_length=1)  # the campaign's slug

    def ignored_fields(self) -> list[str]:
        return sorted(self.model_extra or {})


FIELDS = tuple(LeadIntake.model_fields)  # the columns a CSV import maps its headers onto


class Reassign(Shape):
    """POST /leads/{id}/reassign: the telecaller who gets the lead."""

    to: Id


class HandOver(Shape):
    """The floor's hand-over form: the telecaller chosen from the list."""

    to: Annotated[FormId, worded("choose a telecaller from the list")]


class ImportQuery(Shape):
    """POST /campaigns/{slug}/leads/import: `strict` imports nothing if any row is bad."""

    strict: bool = Field(default=False, description="1, true or yes: all rows or none")


class ImportForm(ImportQuery):
    """The import page's form: the campaign the file goes into (the file itself is read apart)."""

    campaign: Annotated[text(64, min_length=1), worded("choose the campaign to import into")] = (
        Field(default="", validate_default=True)
    )  # absent is said like empty


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
    ignored_fields: list[str] = Field(
        description="fields sent that a lead does not have: the lead was taken in without them"
    )


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
    came_back: str | None = Field(
        description="a lead back from nurture: why it left and what changed, in a sentence"
    )


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

    import_id: int = Field(description="its record: GET /imports/{id}")
    created: int
    duplicates: int
    rejected: list[RejectedRow]
    ignored_columns: list[str]
