"""What the wrap-up form starts from: dispositions, reps, the meter's scores and evidence, or the
outcome already recorded."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from console import clock
from console.contract.outcomes import OutcomeEvaluation
from console.domain.criteria import CRITERION_LABELS, SCORE_LABELS, Criteria
from console.domain.dispositions import Flag
from console.domain.roles import Role
from console.errors import Forbidden, Invalid, NotFound
from console.models import Call, Campaign, Lead, Meeting, Outcome, User
from console.services import booking, outcomes
from console.services.campaign_people import rep_for_meeting, sales_reps
from console.services.campaigns import rule_of
from console.services.scripting import Library
from console.services.wrap_up import advice_of, dispositions_of, read_wrap_up


def _call(session: Session, call_id: int, viewer: User) -> Call:
    call = session.get(Call, call_id)
    if call is None:
        raise NotFound(f"There is no call {call_id}.")
    if viewer.role not in (Role.LEAD, Role.ADMIN) and call.agent_id != viewer.id:
        raise Forbidden("This call belongs to another telecaller.")
    return call


def _next_step(suggestion: Any) -> str:
    if suggestion is None:
        return ""
    if suggestion.meeting_booked:
        return "meeting"
    return {"callback": "callback", "nurture": "send_info"}.get(suggestion.disposition, "")


def _recorded(session: Session, outcome: Outcome) -> dict[str, Any]:
    meeting = session.exec(select(Meeting).where(Meeting.outcome_id == outcome.id)).first()
    return {
        **outcomes.summary(outcome),
        "disposition": outcome.disposition,
        "meeting_id": meeting.id if meeting else None,
    }


def form_view(
    *, session: Session, call_id: int, viewer: User, library: Library, now: datetime | None = None
) -> dict[str, Any]:
    """The wrap-up's starting state for a call (or the outcome it already has)."""
    now = now or clock.now()
    call = _call(session, call_id, viewer)
    lead, campaign = session.get(Lead, call.lead_id), session.get(Campaign, call.campaign_id)
    existing = session.exec(select(Outcome).where(Outcome.call_id == call.id)).first()
    zone = lead.zones[0] if lead.zones else "UTC"
    wrap = read_wrap_up(
        OutcomeEvaluation(), campaign=campaign, call=call, lead_zone=zone, library=library
    )
    suggestion = advice_of(wrap.reading, campaign)
    try:
        next_rep = rep_for_meeting(session=session, campaign=campaign, named=None).name
    except Invalid:
        next_rep = None
    return {
        "call": call,
        "lead": lead,
        "campaign": campaign,
        "lead_zone": zone,
        "editable": existing is None and call.agent_id == viewer.id,
        "recorded": _recorded(session, existing) if existing else None,
        "dispositions": [
            {
                "code": d.code,
                "label": d.label,
                "qualified": d.has(Flag.QUALIFIED),
                "callback": d.has(Flag.CALLBACK),
            }
            for d in dispositions_of(campaign)
        ],
        "disposition": suggestion.disposition if suggestion else "",
        "next_step_kind": _next_step(suggestion),
        "decision_maker_present": bool(suggestion and suggestion.decision_maker_present),
        "criteria": [
            {
                "name": c.value,
                "label": CRITERION_LABELS[c],
                "score": wrap.scores.get(c.value),
                "choices": SCORE_LABELS[c],
            }
            for c in Criteria
        ],
        "evidence": wrap.evidence,
        "next_step": wrap.next_step,
        "notes": wrap.notes,
        "reps": [
            {"id": r.id, "name": r.name, "zone": r.timezone}
            for r in sales_reps(session=session, campaign=campaign)
        ],
        "next_rep": next_rep,
        "threshold": rule_of(campaign).threshold,
        "ended_at": call.ended_at,
        "now": now,
    }


def slots_view(
    *,
    session: Session,
    call_id: int,
    viewer: User,
    rep: str | None,
    length: int,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The free times the wrap-up offers for the call's meeting, with the named rep or round
    robin, each in the lead's and the rep's zones."""
    now = now or clock.now()
    call = _call(session, call_id, viewer)
    lead, campaign = session.get(Lead, call.lead_id), session.get(Campaign, call.campaign_id)
    zone = lead.zones[0] if lead.zones else "UTC"
    if not 15 <= length <= 240:
        raise Invalid("Choose a length.", fields={"length": "a meeting lasts 15 to 240 minutes"})
    named = rep.strip() if rep and rep.strip() else None
    try:
        slots = booking.offered_slots(
            session=session,
            campaign=campaign,
            named=named,
            lead_zone=zone,
            length=timedelta(minutes=length),
            now=now,
        )
    except Invalid as problem:
        return {"slots": [], "problem": next(iter(problem.fields.values()), problem.message)}
    said = "No free time in the next days: type a date and time." if not slots else None
    return {"slots": slots, "problem": said, "lead_zone": zone}
