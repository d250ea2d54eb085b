"""Helpers for the outcome and review-loop tests: leads, calls, script answers, a publish spy."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlmodel import Session

from console import clock
from console.contract.common import read
from console.contract.live import written
from console.contract.outcomes import OutcomeInput
from console.contract.reviews import ReviewInput
from console.mailer import Mailer
from console.models import Call, Callback, Campaign, Lead, Meeting, User
from console.services import outcomes, reviews
from console.wiring import script_library

_numbers = itertools.count(1000)


def noop(*_args: object, **_kwargs: object) -> None:
    """A publish that goes nowhere."""


# The inbound-demo-requests script walked to a demo booked with the decision maker: 12 of 12.
QUALIFIED_ANSWERS = {
    "opening": {"choice": "speaking"},
    "permission": {"choice": "go-ahead"},
    "reason": {"text": "We answer demo requests a day late and lose them to competitors."},
    "current-approach": {"choice": "manual"},
    "impact": {"choice": "costly"},
    "authority": {"choice": "decides"},
    "timeframe": {"choice": "within-3-months"},
    "team-size": {"choice": "large"},
    "budget": {"choice": "allocated"},
    "close": {"choice": "booked-with-decision-maker"},
}


class Spy:
    """A publish() that remembers every (event, payload, room), each payload written through its
    event's model as the real publish() writes it (so a payload that drifts fails the test)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict, str]] = []

    def __call__(self, event: str, payload: dict, room: str | list[str]) -> None:
        body = written(event, payload)
        for one in [room] if isinstance(room, str) else room:
            self.sent.append((event, body, one))

    def rooms(self, event: str) -> set[str]:
        """The rooms an event went to."""
        return {room for name, _, room in self.sent if name == event}


def add_lead(session: Session, campaign: Campaign, **fields: object) -> Lead:
    """A queued need lead in New York, arrived a few minutes ago."""
    values = {
        "phone": f"+1212555{next(_numbers)}",
        "first_name": "Ada",
        "last_name": "Byron",
        "company": "Engines Ltd",
        "title": "COO",
        "email": "ada@engines.test",
        "timezone": "America/New_York",
        "country": "US",
        "region": "NY",
        "intent": "need",
        "status": "queued",
        "arrived_at": clock.now() - timedelta(minutes=4),
        **fields,
    }
    lead = Lead(campaign_id=campaign.id, **values)
    session.add(lead)
    session.commit()
    return lead


def promise_callback(
    session: Session, campaign: Campaign, owner: User | None, due: datetime, **fields: object
) -> Lead:
    """A lead with an open callback due at `due`, `owner`'s or anyone's (as a recorded outcome
    leaves it)."""
    owner_id = owner.id if owner else None
    lead = add_lead(session, campaign, callback_at=due, callback_owner_id=owner_id, **fields)
    session.add(Callback(lead_id=lead.id, owner_id=owner_id, due_at=due))
    session.commit()
    return lead


def ended_call(
    session: Session, lead: Lead, agent: User, *, answers: dict | None = None, **fields: object
) -> Call:
    """A finished call of the agent on the lead, pinned to version 1 of the campaign's script."""
    started = clock.now() - timedelta(minutes=6)
    values = {
        "status": "completed",
        "started_at": started,
        "answered_at": started + timedelta(seconds=12),
        "ended_at": started + timedelta(minutes=5),
        "duration_seconds": 288,
        "script_id": "inbound-demo-requests",
        "script_version": 1,
        "draft": {"answers": answers or {}, "notes": ""},
        **fields,
    }
    call = Call(lead_id=lead.id, agent_id=agent.id, campaign_id=lead.campaign_id, **values)
    lead.lease_owner_id, lead.lease_expires_at = agent.id, clock.now() + timedelta(minutes=10)
    session.add(call)
    session.commit()
    return call


_slots = itertools.count()


def next_weekday(at_hour: int = 15, days: int = 3) -> str:
    """An ISO time a few days ahead, from the hour in UTC (a sensible meeting slot); each call
    half an hour after the one before, since one rep's meetings never overlap. The offset cycles
    within 4 hours, so however many tests ran before, a meeting starts the same day."""
    day = clock.now() + timedelta(days=days)
    start = day.replace(hour=at_hour, minute=0, second=0, microsecond=0)
    return (start + timedelta(minutes=30 * (next(_slots) % 8))).isoformat()


def meeting_begins(test_clock, starts_at: datetime) -> None:
    """Move the test's clock half an hour into a meeting: held and no-show wait for its start."""
    test_clock.set(starts_at + timedelta(minutes=30))


def meeting_body(**meeting: object) -> dict:
    """An outcome body: the qualified script answers and a meeting with the decision maker."""
    return {
        "disposition": "qualified",
        "answers": QUALIFIED_ANSWERS,
        "meeting": {"starts_at": next_weekday(), **meeting},
    }


def outcome(body: dict) -> OutcomeInput:
    """An outcome body read as the API reads it (a 422's Invalid when it is out of bounds)."""
    return read(OutcomeInput, body)


def book_meeting(session: Session, lead: Lead, agent: User, **call_fields: object) -> Meeting:
    """The agent's qualified call on the lead, handed off as a meeting with the campaign's rep."""
    call = ended_call(session, lead, agent, answers=QUALIFIED_ANSWERS, **call_fields)
    recorded = outcomes.record_outcome(
        session=session,
        call_id=call.id,
        agent=agent,
        outcome=outcome(meeting_body()),
        publish=Spy(),
        library=script_library(),
    )
    return recorded.meeting


def review_step(
    session: Session,
    meeting: Meeting,
    user: User,
    action: str,
    spy: Spy | None = None,
    *,
    mailer: Mailer | None = None,
    **body: object,
) -> dict:
    """`user` takes one review step on the meeting, with the body the API would read."""
    return reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=user,
        action=action,
        review=read(ReviewInput, body),
        publish=spy or Spy(),
        mailer=mailer,
    )
