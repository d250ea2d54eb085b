"""The live events' payloads, one model per event: what the services publish to the browsers over
Socket.IO (publish() writes each through its model, so an event that drifts fails in the tests) and
what the browsers send in. `type` and `at` are added by publish() to every event. A card the API
also answers with (agent, lead, call, meeting, review) is the API's own model: the services build
each card once and send it to both, so one model describes both."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from console.contract.agents import Agent
from console.contract.calls import CallCard
from console.contract.common import Moment, Shape
from console.contract.leads import LeadCard
from console.contract.meetings import ActionSlug, MeetingCard, Review
from console.contract.notices import NoticeCard
from console.domain.handoff import DecisionKind


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


class AgentStateChanged(Shape):
    """agent.state: a telecaller's state changed (to them and the floor)."""

    agent: Agent
    sentence: str  # what the feed says: "Sofia Alvarez is paused (lunch)"


class CallUpdated(Shape):
    """call.updated: a call moved on (to its telecaller and the floor)."""

    call: CallCard


class CallStrip(Shape):
    """A telecaller's call as the floor's strip shows it, every word decided by the server."""

    call_id: int
    lead_name: str
    company: str
    phase: str  # ringing, connected, wrap_up ... (on_screen's phases, and wrap_up)
    label: str  # the phase in words
    timer_from: Moment | None = None  # the phase's clock starts here; None: no clock
    step: str | None = None  # the script step they are on (None: not known yet)
    criteria: list[str] | None = None  # what is known so far, in words


class CallProgress(Shape):
    """call.progress: a telecaller's call moved on, or its draft was saved (to the floor);
    `strip` None when the call is done with. `sentence` is what the feed says."""

    agent_id: int
    agent: str
    strip: CallStrip | None
    sentence: str | None = None


class LeadArrived(Shape):
    """lead.arrived: a lead the campaign's telecallers can call now (speed to lead)."""

    lead: LeadCard
    duplicate: bool
    takers: list[int] = Field(
        default_factory=list,
        description="the telecallers whose Next lead (N) would give them this lead now",
    )


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
    review: Review
    action: ActionSlug
    undone: bool = False  # the step was taken back within its minute
    sentence: str  # what the feed says: "Meeting accepted by Dana Ruiz"


class NoticePosted(Shape):
    """notice.posted: a reminder or alert for one person (to them only)."""

    notice: NoticeCard


class NoticesDone(Shape):
    """notice.done: notices acted on or dismissed; their reader's pages take them off the list."""

    ids: list[int]


class OutcomeRecorded(Shape):
    """outcome.recorded: a call's outcome was recorded (to the campaign and the floor)."""

    outcome: OutcomeCard
    sentence: str  # what the feed says: "Sofia Alvarez booked a meeting with ... for Rachel Kim"


class QueueChanged(Shape):
    """queue.changed: refresh the counts; says what changed when the publisher knows."""

    campaign: str | None = None  # the campaign's slug
    campaign_id: int | None = None
    lead_id: int | None = None
    imported: int | None = None  # leads a CSV import created
    dnc: str | None = None  # the number just put on the do-not-call list


EVENTS: dict[str, type[Shape]] = {
    "agent.state": AgentStateChanged,
    "call.progress": CallProgress,
    "call.updated": CallUpdated,
    "lead.arrived": LeadArrived,
    "lead.assigned": LeadAssigned,
    "meeting.booked": MeetingBooked,
    "meeting.reviewed": MeetingReviewed,
    "notice.done": NoticesDone,
    "notice.posted": NoticePosted,
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


# Server -> the pages of one process, not through publish().


class Resync(Shape):
    """live.resync: this process's message queue (Redis) came back after an outage, so events
    from other processes may have been missed: the page asks for a fresh snapshot."""


# Browser -> server.


class ConnectAuth(Shape):
    """connect: the page's `auth`; the session cookie identifies it, so it names nothing."""


class SnapshotAsk(Shape):
    """snapshot: a page asks for a fresh snapshot; it names nothing (an empty object or none)."""
