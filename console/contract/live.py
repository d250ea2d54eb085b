"""The live events' payloads, one model per event: what the services publish to the browsers over
Socket.IO (publish() writes each through its model, so an event that drifts fails in the tests) and
what the browsers send in. `type` and `at` are added by publish() to every event."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, PlainSerializer

from console.contract.common import Shape
from console.domain.calls import CallStatus, RecordingConsent
from console.domain.handoff import DecisionKind
from console.domain.meetings import MeetingAction, MeetingStatus
from console.domain.outcomes import INTENTS
from console.domain.queue import LeadStatus
from console.domain.roles import PAUSE_REASONS, AgentState

# A moment in ISO 8601 with its offset, written exactly as the services' isoformat() gives it.
Moment = Annotated[AwareDatetime, PlainSerializer(datetime.isoformat, return_type=str)]
ActionSlug = Literal[tuple(action.value.replace("_", "-") for action in MeetingAction)]
Intent = Literal[INTENTS]
PauseReason = Literal[PAUSE_REASONS]


class AgentCard(Shape):
    """A telecaller as the floor shows them."""

    id: int
    name: str
    team_id: int | None
    state: AgentState
    reason: PauseReason | None
    since: Moment
    warn_at: Moment | None  # when the floor flags this state as long, if ever


class LeadCard(Shape):
    """A lead as the API and the live feed show it."""

    id: int
    campaign_id: int
    name: str
    first_name: str
    last_name: str
    company: str
    title: str
    phone: str
    email: str | None
    country: str | None
    region: str | None
    timezone: str
    zones: list[str]
    source: str | None
    form: str | None
    intent: Intent
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


class CallCard(Shape):
    """A call as the call screen and the floor show it, with the phase the screen displays."""

    id: int
    lead_id: int
    agent_id: int
    campaign_id: int
    mode: Literal["bridge", "browser"]
    status: CallStatus
    phase: str
    label: str
    rank: int
    live: bool
    redial: bool
    timing: bool
    answered_by: str | None
    started_at: Moment
    answered_at: Moment | None
    ended_at: Moment | None
    duration_seconds: int | None
    recording_consent: RecordingConsent
    recorded: bool


class OutcomeCard(Shape):
    """An outcome as the campaign's feed and the floor show it."""

    id: int
    call_id: int | None
    lead_id: int
    lead_name: str
    company: str
    agent_id: int
    agent: str
    campaign_id: int
    disposition: str
    decision: DecisionKind
    reasons: list[str]
    total: int | None
    override: bool
    at: Moment


class MeetingCard(Shape):
    """A meeting as the lists and the live feed show it."""

    id: int
    status: MeetingStatus
    status_label: str
    lead_id: int
    lead_name: str
    company: str
    title: str
    campaign: str
    campaign_name: str
    sales_rep_id: int
    sales_rep: str
    booked_by_id: int
    booked_by: str
    starts_at: Moment
    ends_at: Moment
    duration_minutes: int
    starts_in_zones: list[str]
    attendees: str
    decision_maker_present: bool
    override: bool
    total: int | None
    review_due_at: Moment | None
    overdue: bool
    reviewed_at: Moment | None
    amount: float | None
    created_at: Moment
    actions: list[ActionSlug]
    feedback: dict[str, Any] | None


class ReviewCard(Shape):
    """One step sales took on a meeting."""

    id: int
    action: ActionSlug
    label: str
    reason: str | None
    overturned: list[str]
    note: str
    amount: float | None
    details: dict[str, Any]
    by: str | None
    at: Moment


class AgentStateChanged(Shape):
    """agent.state: a telecaller's state changed (to them and the floor)."""

    agent: AgentCard


class CallUpdated(Shape):
    """call.updated: a call moved on (to its telecaller and the floor)."""

    call: CallCard


class LeadArrived(Shape):
    """lead.arrived: a lead the campaign's telecallers can call now (speed to lead)."""

    lead: LeadCard
    duplicate: bool


class LeadAssigned(Shape):
    """lead.assigned: a team lead handed a lead to this telecaller."""

    lead: LeadCard
    by: str


class MeetingBooked(Shape):
    """meeting.booked: a telecaller booked a meeting (to its rep, its booker and the floor)."""

    meeting: MeetingCard


class MeetingReviewed(Shape):
    """meeting.reviewed: sales took a step on a meeting (to its booker, its rep and the floor)."""

    meeting: MeetingCard
    review: ReviewCard
    action: ActionSlug


class OutcomeRecorded(Shape):
    """outcome.recorded: a call's outcome was recorded (to the campaign and the floor)."""

    outcome: OutcomeCard


class QueueChanged(Shape):
    """queue.changed: refresh the counts; says what changed when the publisher knows."""

    campaign: str | None = None  # the campaign's slug
    campaign_id: int | None = None
    lead_id: int | None = None
    imported: int | None = None  # leads a CSV import created
    dnc: str | None = None  # the number just put on the do-not-call list


EVENTS: dict[str, type[Shape]] = {
    "agent.state": AgentStateChanged,
    "call.updated": CallUpdated,
    "lead.arrived": LeadArrived,
    "lead.assigned": LeadAssigned,
    "meeting.booked": MeetingBooked,
    "meeting.reviewed": MeetingReviewed,
    "outcome.recorded": OutcomeRecorded,
    "queue.changed": QueueChanged,
}


class UnknownEvent(LookupError):
    """An event name no model describes: a programming error, never a user's."""


def written(event: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload of `event` checked against its model and written as JSON values; a payload
    that drifts from its model raises pydantic's ValidationError (a bug to fix, not input)."""
    model = EVENTS.get(event)
    if model is None:
        raise UnknownEvent(f"{event!r} is not a live event: add its model to contract.live.EVENTS")
    return model.model_validate(payload).model_dump(mode="json", exclude_unset=True)


# Browser -> server.


class ConnectAuth(Shape):
    """connect: the page's `auth`; the session cookie identifies it, so it names nothing."""


class SnapshotAsk(Shape):
    """snapshot: a page asks for a fresh snapshot; it names nothing (an empty object or none)."""
