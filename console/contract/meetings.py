"""Meetings handed to sales: lists, the evidence packet, and what a review step answers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from console.contract.common import Answer, Moment, Shape
from console.contract.leads import Attempt
from console.domain.criteria import Criteria
from console.domain.meetings import MeetingAction, MeetingStatus, RejectReason
from console.domain.queue import LeadStatus

# A step sales may take, as its URL writes it: accept, reject, no-show ...
ActionSlug = Literal[tuple(action.value.replace("_", "-") for action in MeetingAction)]


def _underscored(value: Any) -> Any:
    return value.replace("-", "_") if isinstance(value, str) else value  # "no-show" as in URLs


class MeetingsQuery(Shape):
    """GET /meetings: only the meetings in one status."""

    status: Annotated[MeetingStatus | None, BeforeValidator(_underscored)] = Field(
        default=None, description="one status (no-show may be written with a hyphen)"
    )


class Review(Answer):
    """One step sales took, as the feedback, the history and the meeting.reviewed event show it."""

    id: int
    action: ActionSlug = Field(description="the step, as in its URL")
    label: str
    reason: RejectReason | None
    reason_words: str | None = Field(description="the reason in plain words")
    overturned: list[Criteria]
    note: str
    amount: float | None
    details: dict[str, Any] = Field(description="back_to_nurture (reason, follow_up_at, scores)")
    by: str | None
    at: Moment


class MeetingCard(Answer):
    """A meeting as lists and live events show it."""

    id: int
    status: MeetingStatus
    status_label: str
    lead_id: int
    lead_name: str
    company: str
    title: str
    campaign: str = Field(description="the campaign's slug")
    campaign_name: str
    sales_rep_id: int
    sales_rep: str
    booked_by_id: int
    booked_by: str
    starts_at: Moment
    ends_at: Moment
    duration_minutes: int
    starts_in_zones: list[str] = Field(description="the start as the lead and the rep read it")
    attendees: str
    decision_maker_present: bool
    override: bool = Field(description="booked against the handoff rule")
    total: int | None
    review_due_at: Moment | None
    overdue: bool
    reviewed_at: Moment | None
    amount: float | None
    currency: str = Field(description="the campaign's currency (ISO 4217) for amounts")
    created_at: Moment
    actions: list[ActionSlug] = Field(description="the steps allowed next")
    attendance_opens_at: Moment | None = Field(
        description="when held and no-show will be allowed: the meeting's start, while it is "
        "accepted and has not begun; null otherwise"
    )
    feedback: Review | None = Field(description="what sales said last")


class ReviewClock(Answer):
    """How many meetings wait for review, and how many are past their 24 business hours."""

    awaiting_review: int
    overdue: int


class Meetings(Answer):
    """Meetings in review order, with the review clock."""

    meetings: list[MeetingCard]
    review_clock: ReviewClock


class PacketLead(Answer):
    """The contact, as sales calls them."""

    id: int
    name: str
    company: str
    title: str
    phone: str
    email: str | None
    zone: str | None
    local_time: str
    status: LeadStatus
    follow_up_at: Moment | None


class Said(Answer):
    """The prospect's words behind a criterion."""

    key: str
    label: str
    text: str


class CriterionRow(Answer):
    """One criterion with its score and the evidence for it."""

    name: Criteria
    label: str
    score: int | None
    words: str
    evidence: list[Said]


class PacketCall(Answer):
    """The call that booked the meeting."""

    id: int
    started_at: Moment
    duration_seconds: int | None
    recording_seconds: int | None


class UndoOffer(Answer):
    """The reader's own last step on the meeting, which they may still take back."""

    action: ActionSlug
    sentence: str = Field(description="the step in words, e.g. 'Meeting marked a no-show.'")
    until: Moment = Field(description="the undo is refused from this moment on")


class Packet(MeetingCard):
    """The evidence packet sales reads before accepting the handoff."""

    lead: PacketLead
    criteria: list[CriterionRow]
    evidence: dict[str, Any] = Field(description="what the script captured, by key")
    pain: str | None
    decision_maker: str
    next_step: str
    notes: str
    reasons: list[str]
    override_reason: str | None
    scores_set_by_hand: bool
    disposition: str | None
    recording_url: str | None = Field(description="GET /calls/{id}/recording, or null")
    call: PacketCall | None
    attempts: list[Attempt]
    reviews: list[Review]
    review_due_in_zones: list[str]
    invite_url: str
    undo: UndoOffer | None = Field(description="the reader's last step, while it can be undone")


class ReviewedLead(Answer):
    """Where the lead stands after the step."""

    id: int
    status: LeadStatus
    follow_up_at: Moment | None
    scores: dict[str, int | None] | None = Field(description="reset scores, when sent back")


class Reviewed(Answer):
    """The meeting after the step, the step itself, and the lead."""

    meeting: MeetingCard
    review: Review
    lead: ReviewedLead


class Undone(Answer):
    """The meeting after a step was taken back, and the step that was."""

    meeting: MeetingCard
    undone: Review
