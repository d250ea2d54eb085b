"""Demo calls as Twilio and the telecaller left them: the call, its outcome, and the lead after."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from console.domain.handoff import (
    LEAD_STATUS_AFTER,
    BookedMeeting,
    CallbackRequest,
    Decision,
    DecisionKind,
    OutcomeFacts,
)
from console.models import Call, Callback, Campaign, DncEntry, Lead, Meeting, Outcome, User
from console.services.demo_meetings import Booking
from console.services.demo_talk import Talk

TALK_SECONDS = {"voicemail": (18, 45), "wrong-number": (10, 40), "gatekeeper": (40, 150),
                "not-interested": (60, 240), "callback": (60, 180), "nurture": (180, 540),
                "qualified": (420, 1200), "dnc": (15, 60)}  # fmt: skip
CALL_STATUS = {"no-answer": "no-answer", "busy": "busy"}


@dataclass
class Floor:
    """What every demo call needs: the seeded RNG, the clock, the people and the campaigns."""

    session: Session
    rng: random.Random
    now: datetime
    callers: list[User]
    reps: list[User]
    campaigns: dict[int, Campaign]
    bookings: list[Booking] = field(default_factory=list)
    callbacks: int = 0


def _sid(rng: random.Random) -> str:
    return f"CA{rng.getrandbits(128):032x}"


def dial(floor: Floor, lead: Lead, agent: User, at: datetime, code: str) -> Call:
    """The call row of one dial that ended with disposition `code`, flushed so it has an id."""
    rng = floor.rng
    call = Call(
        lead_id=lead.id,
        agent_id=agent.id,
        campaign_id=lead.campaign_id,
        twilio_sid=_sid(rng),
        lead_call_sid=_sid(rng),
        status=CALL_STATUS.get(code, "completed"),
        started_at=at,
        script_id=floor.campaigns[lead.campaign_id].script_id,
    )
    ring = timedelta(seconds=rng.randint(4, 8) if code == "busy" else rng.randint(6, 28))
    call.ended_at = at + ring
    if code in TALK_SECONDS:
        call.answered_by = "machine_end_beep" if code == "voicemail" else "human"
        call.answered_at = at + ring
        call.duration_seconds = rng.randint(*TALK_SECONDS[code])
        call.ended_at = call.answered_at + timedelta(seconds=call.duration_seconds)
    else:
        call.duration_seconds = 0
    call.updated_at = call.ended_at
    floor.session.add(call)
    floor.session.flush()
    return call


def record(
    floor: Floor,
    lead: Lead,
    call: Call,
    campaign: Campaign,
    facts: OutcomeFacts,
    talk: Talk,
    decision: Decision,
) -> Outcome:
    """The outcome the telecaller saved after the call, with the rule's decision."""
    wrap = floor.rng.randint(15, 150)
    outcome = Outcome(
        call_id=call.id,
        lead_id=lead.id,
        agent_id=call.agent_id,
        campaign_id=campaign.id,
        disposition=facts.disposition.code,
        flags=sorted(facts.disposition.flags),
        decision=str(decision.kind),
        reasons=list(decision.reasons),
        scores=talk.scores,
        total=decision.score.total if talk.scores else None,
        scores_set_by_hand=facts.scores_set_by_hand,
        evidence=talk.evidence,
        next_step=talk.next_step,
        notes=talk.notes,
        script_id=campaign.script_id,
        rule=campaign.handoff_rule,
        follow_up_at=decision.follow_up_at,
        wrap_seconds=wrap,
        created_at=call.ended_at + timedelta(seconds=wrap),
    )
    floor.session.add(outcome)
    floor.session.flush()
    return outcome


def apply(
    floor: Floor,
    lead: Lead,
    call: Call,
    outcome: Outcome,
    decision: Decision,
    facts: OutcomeFacts,
    rep: User | None,
    talk: Talk,
) -> None:
    """Move the lead where the decision sends it: retry, nurture, callback, DNC or a meeting."""
    lead.attempts += 1
    lead.last_attempt_at, lead.updated_at = call.started_at, outcome.created_at
    lead.next_attempt_at = lead.follow_up_at = lead.callback_at = lead.callback_owner_id = None
    kind = decision.kind
    lead.status = LEAD_STATUS_AFTER[kind]
    if kind is DecisionKind.RETRY:
        lead.next_attempt_at = decision.follow_up_at
    elif kind is DecisionKind.NURTURE:
        lead.follow_up_at = decision.follow_up_at
    elif kind is DecisionKind.CALLBACK:
        _promise_callback(floor, lead, outcome, facts.callback)
    elif kind is DecisionKind.DNC:
        lead.dnc = True
        floor.session.add(
            DncEntry(phone=lead.phone, reason="asked on a call not to be called again",
                     source="call", added_by_id=outcome.agent_id, created_at=outcome.created_at)
        )  # fmt: skip
    elif kind is DecisionKind.HANDOFF:
        _book(floor, lead, outcome, facts.meeting, rep, talk)


def _promise_callback(floor: Floor, lead: Lead, outcome: Outcome, request: CallbackRequest) -> None:
    owner = outcome.agent_id if request.mine else None
    lead.callback_at, lead.callback_owner_id = request.at, owner
    floor.session.add(
        Callback(
            lead_id=lead.id,
            owner_id=owner,
            created_by_id=outcome.agent_id,
            due_at=request.at,
            note="Asked us to call back then; has the pricing page open",
            created_at=outcome.created_at,
        )
    )


def _book(
    floor: Floor, lead: Lead, outcome: Outcome, booked: BookedMeeting, rep: User, talk: Talk
) -> None:
    attendees = f"{lead.name} ({lead.title})"
    if talk.evidence["decision_maker"] != lead.name:
        attendees += f", {talk.evidence['decision_maker']} ({talk.evidence['decision_maker_role']})"
    meeting = Meeting(
        lead_id=lead.id,
        outcome_id=outcome.id,
        campaign_id=lead.campaign_id,
        booked_by_id=outcome.agent_id,
        sales_rep_id=rep.id,
        starts_at=booked.starts_at,
        decision_maker_present=booked.decision_maker_present,
        attendees=attendees,
        created_at=outcome.created_at,
        updated_at=outcome.created_at,
    )
    floor.session.add(meeting)
    floor.bookings.append(Booking(meeting, lead, floor.campaigns[lead.campaign_id], rep))
