"""Recording a call's outcome: judge it by the campaign's rule, move the lead, in one transaction.

The lead moves only if it is still the one the call was about and nobody else holds it now;
otherwise the outcome is kept for the call and the telecaller is told why the lead stayed.

The rule is snapshotted into the outcome, so changing a campaign's rule never changes a decision
already made. A second save for the same call is refused with the decision already recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from console import clock
from console.contract.outcomes import NO_TIME, OutcomeBody, OutcomeEvaluation, OutcomeInput
from console.domain.cadence import DEFAULT_CADENCE, Cadence, is_exhausted, next_attempt_at
from console.domain.calendar import format_in_zones
from console.domain.calibration import stored_facts
from console.domain.dispositions import Flag
from console.domain.feed import named, outcome_sentence
from console.domain.handoff import (
    Decision,
    DecisionKind,
    OutcomeFacts,
    OutcomeInvalid,
    evaluate,
    missing,
    needs_said,
    override_offered,
)
from console.domain.queue import why_outcome_keeps_lead
from console.domain.roles import Role
from console.errors import Conflict, Forbidden, Invalid, NotFound
from console.mailer import Mailer
from console.models import Call, Campaign, Lead, Meeting, Outcome, User
from console.services import booking, invites, lead_moves, live, meetings, races
from console.services.campaign_people import rep_for_meeting
from console.services.campaigns import rule_of, worked_by_slug
from console.services.queue_facts import candidate_of, holder_working
from console.services.scripting import Library, suggestion_view
from console.services.wrap_up import WrapUp, advice_of, dispositions_of, read_wrap_up


class OutcomeExists(Conflict):
    """The call already has its outcome; `outcome` is the one recorded first."""

    code = "outcome_exists"

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(
            f"This call's outcome is already recorded ({outcome.decision}); it is saved only once.",
            code=self.code,
        )
        self.outcome = outcome


@dataclass
class Recorded:
    """What saving an outcome did: the decision, the stored outcome, the meeting booked."""

    decision: Decision
    outcome: Outcome
    lead: Lead
    meeting: Meeting | None = None
    agent_freed: bool = False  # the telecaller went from wrap-up back to available
    notice: str | None = None  # why the lead was not moved (it moved on, or someone holds it)

    def to_dict(self) -> dict[str, Any]:
        """The answer of POST /calls/{id}/outcome."""
        return {
            **self.decision.to_dict(),
            "outcome_id": self.outcome.id,
            "lead": {
                "id": self.lead.id,
                "status": self.lead.status,
                "follow_up_at": _iso(self.lead.follow_up_at),
                "next_attempt_at": _iso(self.lead.next_attempt_at),
                "callback_at": _iso(self.lead.callback_at),
            },
            "meeting_id": self.meeting.id if self.meeting else None,
            "lead_moved": self.notice is None,
            "notice": self.notice,
        }


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def cadence_of(campaign: Campaign) -> Cadence:
    """The campaign's attempt cadence (the default when its setting does not parse)."""
    try:
        return Cadence.parse(campaign.cadence)
    except ValueError:
        return DEFAULT_CADENCE


def summary(outcome: Outcome) -> dict[str, Any]:
    """A recorded outcome's decision, as the 409 for a second save repeats it."""
    return {
        "outcome_id": outcome.id,
        "decision": outcome.decision,
        "reasons": list(outcome.reasons),
        "total": outcome.total,
        "follow_up_at": _iso(outcome.follow_up_at),
    }


def _own_call(session: Session, call_id: int, agent: User) -> Call:
    call = session.get(Call, call_id)
    if call is None:
        raise NotFound(f"There is no call {call_id}.")
    if agent.role != Role.TELECALLER or call.agent_id != agent.id:
        raise Forbidden("Only the telecaller who made this call records its outcome.")
    return call


def _existing(session: Session, call_id: int) -> Outcome | None:
    return session.exec(select(Outcome).where(Outcome.call_id == call_id)).first()


def attempts_with(lead: Lead | None, call: Call | None) -> int:
    """Attempts including this call: a dialled call was counted when it was placed."""
    made = lead.attempts if lead else 0
    return made if call is not None and call.twilio_sid else made + 1


def _judge(
    wrap: WrapUp,
    lead: Lead | None,
    call: Call | None,
    campaign: Campaign,
    attempted_at: datetime,
    now: datetime,
) -> tuple[Decision, OutcomeFacts]:
    """The rule's decision and the facts it judged; every field to fix (reading and rule
    together) as one Invalid."""
    cadence, attempts = cadence_of(campaign), attempts_with(lead, call)
    if wrap.disposition is None:
        raise Invalid("Fix these fields before saving the outcome.", fields=wrap.errors)
    intent = lead.intent if lead else "need"
    facts = wrap.facts(
        intent=intent,
        attempts_exhausted=is_exhausted(cadence, attempts),
        retries=intent == "need" or campaign.call_interest,  # see queue: interest when due
    )
    try:
        decision = evaluate(
            rule_of(campaign),
            facts,
            now,
            next_attempt_at=next_attempt_at(cadence, attempts, attempted_at),
        )
    except OutcomeInvalid as problem:
        raise Invalid(
            "Fix these fields before saving the outcome.", fields={**wrap.errors, **problem.fields}
        ) from None
    if wrap.errors and decision.kind is not DecisionKind.DNC:  # a DNC request is honoured anyway
        raise Invalid("Fix these fields before saving the outcome.", fields=wrap.errors)
    return decision, facts


def _read(
    campaign: Campaign, call: Call | None, lead: Lead | None, outcome: OutcomeBody, library: Library
) -> WrapUp:
    zone = lead.zones[0] if lead and lead.zones else None
    return read_wrap_up(outcome, campaign=campaign, call=call, lead_zone=zone, library=library)


def record_outcome(
    *,
    session: Session,
    call_id: int,
    agent: User,
    outcome: OutcomeInput,
    publish: Callable[..., None],
    library: Library,
    now: datetime | None = None,
    mailer: Mailer | None = None,
) -> Recorded:
    """Judge the call's outcome, store it with the rule it was judged by, and move the lead."""
    now = now or clock.now()
    call = _own_call(session, call_id, agent)
    existing = _existing(session, call.id)
    if existing is not None:
        raise OutcomeExists(existing)
    lead, campaign = session.get(Lead, call.lead_id), session.get(Campaign, call.campaign_id)
    wrap = _read(campaign, call, lead, outcome, library)
    decision, facts = _judge(wrap, lead, call, campaign, call.started_at, now)
    rep = None
    if decision.kind is DecisionKind.HANDOFF:
        if wrap.meeting is None:
            raise Invalid(
                "A handoff goes to sales as a meeting.",
                fields={"meeting.starts_at": NO_TIME},
            )
        rep = booking.settle_rep(
            session=session,
            campaign=campaign,
            named=wrap.meeting.sales_rep,
            starts_at=wrap.meeting.starts_at,
            length=timedelta(minutes=wrap.meeting.duration_minutes),
            lead_zone=lead.zones[0] if lead.zones else "UTC",
            now=now,
        )  # the rep's row stays locked until this commits: their time cannot be taken twice
    # The lead's holder cannot change while this save decides whether it may move the lead.
    lead = races.hold(session, Lead, lead.id)
    kept = _why_lead_stays(session, lead, call, agent, decision, now)
    call.ended_at = call.ended_at or now
    outcome = lead_moves.outcome_row(call, campaign, wrap, decision, now)
    outcome.facts = stored_facts(facts)  # so any rule replays this outcome exactly
    session.add(outcome)
    try:
        session.flush()
        meeting = None
        if kept is None:
            meeting = lead_moves.move(session, lead, call, outcome, wrap, decision, rep, now)
        if meeting is not None:
            invites.queue_invite(session, meeting, now)
        freed = lead_moves.free_agent(session, lead, agent, now)
        session.commit()
    except IntegrityError:
        session.rollback()  # a second save raced this one and won: answer with its decision
        raise OutcomeExists(_existing(session, call.id)) from None
    recorded = Recorded(decision, outcome, lead, meeting, freed, notice=kept)
    announce(session, recorded, agent, publish, now)
    if meeting is not None and mailer is not None:  # after the commit: mail never holds it up
        invites.send_now(session=session, mailer=mailer, meeting_id=meeting.id, now=now)
    return recorded


def _why_lead_stays(
    session: Session, lead: Lead, call: Call, agent: User, decision: Decision, now: datetime
) -> str | None:
    """Why this outcome must not move the lead (a sentence), or None. A do-not-call request is
    honoured whoever holds the lead (unless it was erased: its number is gone); a meeting is
    booked only with the lead moved."""
    erased = lead.erased_at is not None
    if decision.kind is DecisionKind.DNC and not erased:
        return None
    # A later call on the lead (ids grow with time) whose outcome is in: the lead moved on.
    later = select(Outcome.id).where(Outcome.lead_id == lead.id, Outcome.call_id > call.id)
    moved_on = session.exec(later).first() is not None
    candidate = candidate_of(lead, holder_working=holder_working(session, lead))
    kept = why_outcome_keeps_lead(candidate, agent.id, now, moved_on=moved_on, erased=erased)
    if kept is not None and decision.kind is DecisionKind.HANDOFF:
        kept += " No meeting was booked."
    return kept


def announce(
    session: Session, recorded: Recorded, agent: User, publish: Callable[..., None], now: datetime
) -> None:
    """Tell the campaign and the floor; a booked meeting also reaches its rep and its booker."""
    from console.services.accounts import agent_event

    outcome, lead = recorded.outcome, recorded.lead
    card = {
        "id": outcome.id,
        "call_id": outcome.call_id,
        "lead_id": lead.id,
        "lead_name": lead.name or lead.company,
        "company": lead.company,
        "agent_id": agent.id,
        "agent": agent.name,
        "campaign_id": outcome.campaign_id,
        "disposition": outcome.disposition,
        "decision": outcome.decision,
        "reasons": outcome.reasons,
        "total": outcome.total,
        "override": recorded.decision.override,
        "at": outcome.created_at.isoformat(),
    }
    # A list of rooms reaches each person once, even one in several of them (a team lead).
    said = {"outcome": card, "sentence": _sentence(session, recorded, agent)}
    publish("outcome.recorded", said, room=[f"campaign:{outcome.campaign_id}", "floor"])
    if recorded.agent_freed:
        publish("agent.state", agent_event(agent), room=["floor", f"user:{agent.id}"])
    if outcome.call_id is not None:
        live.tell_floor(session, session.get(Call, outcome.call_id), publish, done=True)
    publish("queue.changed", {"lead_id": lead.id}, room=f"campaign:{outcome.campaign_id}")
    if recorded.meeting is not None:
        booked = meetings.card(meetings.booking(session, recorded.meeting.id), now)
        rooms = [f"rep:{booked['sales_rep_id']}", "floor", f"user:{agent.id}"]
        publish("meeting.booked", {"meeting": booked}, room=rooms)


def preview_decision(
    *,
    session: Session,
    campaign_slug: str,
    agent: User,
    outcome: OutcomeEvaluation,
    library: Library,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The decision the rule would make for this body, with nothing saved (the live preview)."""
    now = now or clock.now()
    campaign = worked_by_slug(session=session, slug=campaign_slug, viewer=agent)
    call = lead = None
    if outcome.call_id is not None:
        call = _own_call(session, outcome.call_id, agent)
        if call.campaign_id != campaign.id:
            raise Invalid("Wrong campaign.", fields={"call_id": "this call is on another campaign"})
        lead = session.get(Lead, call.lead_id)
    wrap = _read(campaign, call, lead, outcome, library)
    started = call.started_at if call else now
    decision, facts = _judge(wrap, lead, call, campaign, started, now)
    flags = wrap.disposition.flags if wrap.disposition else ()
    needs = _needs(campaign, decision, facts)
    answer = {
        **decision.to_dict(),
        "needs": needs,
        "needs_said": needs_said(needs),
        # While something is missing there is no "no" to override: find it out, or score it.
        "override_offered": override_offered(flags, decision) and not needs,
        "meter": _meter(wrap, campaign),
        "sales_rep": None,
        "meeting_times": [],
    }
    if wrap.meeting is not None:
        try:
            rep = rep_for_meeting(session=session, campaign=campaign, named=wrap.meeting.sales_rep)
        except Invalid as problem:  # the preview still shows the decision; saving will refuse
            answer["sales_rep_problem"] = problem.fields["meeting.sales_rep"]
            return answer
        zone = lead.zones[0] if lead and lead.zones else "UTC"
        answer["sales_rep"] = {"id": rep.id, "name": rep.name, "email": rep.email}
        answer["meeting_times"] = format_in_zones(
            wrap.meeting.starts_at, [("lead", zone), ("rep", rep.timezone)]
        )
    return answer


def _needs(campaign: Campaign, decision: Decision, facts: OutcomeFacts) -> list[str]:
    """What a qualified outcome the rule would send to nurture still lacks (unknown criteria, a
    meeting time): while it lacks them the preview shows them instead of the decision."""
    qualified = facts.disposition.has(Flag.QUALIFIED)
    if not qualified or decision.kind is not DecisionKind.NURTURE or decision.override:
        return []
    return list(missing(rule_of(campaign), decision.score, facts.meeting))


def _meter(wrap: WrapUp, campaign: Campaign) -> dict[str, Any]:
    reading = wrap.reading
    return {
        "scores": dict(reading.scores) if reading else {},
        "evidence": wrap.evidence,
        "script": f"{wrap.script.id} v{wrap.script.version}" if wrap.script else None,
        "suggestion": suggestion_view(advice_of(reading, campaign)),
    }


def _sentence(session: Session, recorded: Recorded, agent: User) -> str:
    """What the feed says of the outcome, with the names and the disposition's own label."""
    outcome, lead = recorded.outcome, recorded.lead
    labels = {d.code: d.label for d in dispositions_of(session.get(Campaign, outcome.campaign_id))}
    rep = session.get(User, recorded.meeting.sales_rep_id) if recorded.meeting else None
    return outcome_sentence(
        agent.name,
        named(lead.name, lead.company),
        labels.get(outcome.disposition, outcome.disposition),
        outcome.decision,
        rep.name if rep else None,
    )
