"""Where a decision sends a lead: retry, callback, nurture, disqualify, do-not-call or a meeting.

Nothing here commits: recording an outcome writes the outcome, the lead, the callback or meeting
and the telecaller's state in one transaction (see console.services.outcomes).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session

from console.domain.calendar import review_due_at
from console.domain.compliance import florida_next_allowed
from console.domain.criteria import Criteria
from console.domain.follow_ups import FollowUpReason
from console.domain.handoff import LEAD_STATUS_AFTER, Decision, DecisionKind
from console.domain.queue import LeadStatus
from console.domain.roles import AgentState
from console.models import AgentStateEvent, Call, Callback, Campaign, Lead, Meeting, Outcome, User
from console.services import dnc, queue_facts
from console.services.campaigns import rule_of
from console.services.wrap_up import WrapUp

BUSY = (AgentState.ON_CALL, AgentState.WRAP_UP)


def outcome_row(
    call: Call, campaign: Campaign, wrap: WrapUp, decision: Decision, now: datetime
) -> Outcome:
    """The outcome as stored, with the rule it was judged by (later rule changes leave it be)."""
    score = decision.score
    scores = {c.value: score.values.get(c) for c in Criteria}
    ended = call.ended_at or now
    return Outcome(
        call_id=call.id,
        lead_id=call.lead_id,
        agent_id=call.agent_id,
        campaign_id=campaign.id,
        disposition=wrap.disposition.code,
        flags=sorted(str(flag) for flag in wrap.disposition.flags),
        decision=str(decision.kind),
        reasons=list(decision.reasons),
        scores=scores,
        total=score.total if any(v is not None for v in scores.values()) else None,
        scores_set_by_hand=wrap.set_by_hand,
        evidence=wrap.evidence,
        answers=wrap.answers,
        next_step=wrap.next_step,
        notes=wrap.notes,
        script_id=wrap.script.id if wrap.script else call.script_id,
        script_version=wrap.script.version if wrap.script else call.script_version,
        rule=rule_of(campaign).to_dict(),
        override_reason=(wrap.override_reason or "").strip() or None if decision.override else None,
        follow_up_at=decision.follow_up_at,
        wrap_seconds=max(0, int((now - ended).total_seconds())),
        created_at=now,
    )


def _close_callbacks(session: Session, lead: Lead, now: datetime) -> None:
    """A call on the lead keeps any promise to call it back."""
    session.exec(
        update(Callback)
        .where(Callback.lead_id == lead.id, Callback.done_at.is_(None))
        .values(done_at=now)
    )


def move(
    session: Session,
    lead: Lead,
    call: Call,
    outcome: Outcome,
    wrap: WrapUp,
    decision: Decision,
    rep: User | None,
    now: datetime,
) -> Meeting | None:
    """Send the lead where the decision says (the meeting when booked); count the attempt here
    only for a call not placed through telephony, which counts its own dials as they happen."""
    if not call.twilio_sid:
        lead.attempts += 1
    lead.last_attempt_at = call.started_at
    if lead.first_touch_at is None and call.status != "preparing":
        lead.first_touch_at = call.started_at  # the first dial: speed to lead ends here
        lead.first_touch_by_id = call.agent_id
    lead.next_attempt_at = lead.follow_up_at = lead.callback_at = lead.callback_owner_id = None
    lead.follow_up_reason = None  # a follow-up round ends with its first outcome
    lead.updated_at = now
    _close_callbacks(session, lead, now)
    kind = decision.kind
    lead.status = LEAD_STATUS_AFTER[kind]
    meeting = None
    if kind is DecisionKind.RETRY:
        # Florida: never before the day's third dial has aged out, whatever the cadence says.
        recent = queue_facts.recent_dials(session, lead, now)
        allowed = florida_next_allowed(lead.country, lead.region, recent, now)
        lead.next_attempt_at = max(filter(None, [decision.follow_up_at, allowed]), default=None)
    elif kind is DecisionKind.NURTURE:
        lead.follow_up_at, lead.follow_up_reason = decision.follow_up_at, FollowUpReason.nurture
    elif kind is DecisionKind.CALLBACK:
        _callback(session, lead, outcome, wrap, now)
    elif kind is DecisionKind.DNC:
        reason = "asked on a call not to be called again"
        dnc.block(
            session, lead.phone, reason=reason, source="call", actor_id=call.agent_id, now=now
        )
        lead.dnc, lead.status = True, LeadStatus.dnc
    elif kind is DecisionKind.HANDOFF:
        meeting = _book(session, lead, outcome, wrap, decision, rep, now)
    if lead.dnc:  # the number was blocked meanwhile: no decision puts it back in the queue
        lead.status = LeadStatus.dnc
        lead.next_attempt_at = lead.callback_at = lead.callback_owner_id = None
    return meeting


def _callback(session: Session, lead: Lead, outcome: Outcome, wrap: WrapUp, now: datetime) -> None:
    request = wrap.callback
    owner = outcome.agent_id if request.mine else None
    lead.callback_at, lead.callback_owner_id = request.at, owner
    note = wrap.next_step or wrap.evidence.get("callback_when", "") or wrap.notes
    session.add(
        Callback(
            lead_id=lead.id,
            owner_id=owner,
            created_by_id=outcome.agent_id,
            due_at=request.at,
            note=note[:500],
            created_at=now,
        )
    )


def _book(
    session: Session,
    lead: Lead,
    outcome: Outcome,
    wrap: WrapUp,
    decision: Decision,
    rep: User,
    now: datetime,
) -> Meeting:
    asked = wrap.meeting
    meeting = Meeting(
        lead_id=lead.id,
        outcome_id=outcome.id,
        campaign_id=lead.campaign_id,
        booked_by_id=outcome.agent_id,
        sales_rep_id=rep.id,
        starts_at=asked.starts_at,
        duration_minutes=asked.duration_minutes,
        decision_maker_present=asked.decision_maker_present,
        attendees=asked.attendees or ", ".join(p for p in (lead.name, rep.name) if p),
        status="booked",
        override=decision.override,
        review_due_at=review_due_at(now, rep.timezone),
        created_at=now,
        updated_at=now,
    )
    session.add(meeting)
    session.flush()
    return meeting


def free_agent(session: Session, lead: Lead, agent: User, now: datetime) -> bool:
    """Release the lead's lease; a telecaller on the call or in wrap-up is available again.

    A pause or offline chosen on purpose stands. Answers whether the state changed.
    """
    if lead.lease_owner_id == agent.id:
        lead.lease_owner_id = lead.lease_expires_at = None
    if agent.state not in BUSY:
        return False
    agent.state, agent.state_reason, agent.state_since = AgentState.AVAILABLE, None, now
    session.add(agent)
    session.add(AgentStateEvent(user_id=agent.id, state=AgentState.AVAILABLE, at=now))
    return True
