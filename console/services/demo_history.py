"""Weeks of demo history: dials, outcomes and what each did to its lead, all from one seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from console.demo_population import DemoPerson
from console.demo_population.people import GATHERER
from console.domain.cadence import Cadence, is_exhausted, next_attempt_at
from console.domain.dispositions import disposition_for, parse_dispositions
from console.domain.handoff import (
    BookedMeeting,
    CallbackRequest,
    Decision,
    DecisionKind,
    HandoffRule,
    OutcomeFacts,
    evaluate,
)
from console.domain.meetings import round_robin
from console.domain.queue import LeadStatus
from console.models import Call, Callback, Campaign, DncEntry, Lead, Meeting, Outcome, User
from console.services.demo_meetings import Booking, meeting_start
from console.services.demo_talk import Talk, write_up

# The campaign window closes at 20:00; stop dialling early enough to finish the call inside it.
OPENS, LAST_DIAL = time(9), time(19, 30)
FRESH = timedelta(hours=1)
ATTEMPTED_SHARE = 0.62  # the rest are never dialled: research finds 30%+ of leads never are
NO_CONTACT = {"no-answer": 50, "voicemail": 30, "busy": 10, "gatekeeper": 10}
FATES = {
    "need": {"handoff": 20, "short": 8, "nurture": 12, "not-interested": 10, "callback": 5,
             "disqualify": 4, "dnc": 3, "unreached": 38},
    "interest": {"handoff": 8, "short": 6, "nurture": 26, "not-interested": 14, "callback": 4,
                 "disqualify": 4, "dnc": 3, "unreached": 35},
}  # fmt: skip
FINAL_CODE = {"handoff": "qualified", "short": "qualified", "nurture": "nurture",
              "not-interested": "not-interested", "callback": "callback",
              "disqualify": "wrong-number", "dnc": "dnc"}  # fmt: skip
ATTEMPTS = {True: {1: 20, 2: 25, 3: 25, 4: 30}, False: {1: 40, 2: 25, 3: 20, 4: 15}}
TALK_SECONDS = {"voicemail": (18, 45), "wrong-number": (10, 40), "gatekeeper": (40, 150),
                "not-interested": (60, 240), "callback": (60, 180), "nurture": (180, 540),
                "qualified": (420, 1200), "dnc": (15, 60)}  # fmt: skip
CALL_STATUS = {"no-answer": "no-answer", "busy": "busy"}
# When open callbacks fall due, relative to now: some due this minute, one overdue, some later.
CALLBACK_DUE = (-25, -8, -150, 20, 180, 1440, -2, 2880)


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


def plant_history(
    *,
    session: Session,
    rng: random.Random,
    leads: list[tuple[Lead, DemoPerson]],
    users: dict[str, User],
    campaigns: list[Campaign],
    now: datetime,
) -> list[Booking]:
    """Dial about 60% of the leads 1-4 times each and record what happened; returns handoffs."""
    callers = [user for user in users.values() if user.role == "telecaller"]
    reps = [user for user in users.values() if user.role == "sales"]
    floor = Floor(session, rng, now, callers, reps, {c.id: c for c in campaigns})
    forced = _sure_handoffs(leads, now)
    for lead, person in leads:
        if now - lead.arrived_at < FRESH:
            continue  # speed-to-lead work for whoever signs in first
        if lead.id in forced or rng.random() < ATTEMPTED_SHARE:
            _work(floor, lead, person, forced=lead.id in forced)
    return floor.bookings


def _sure_handoffs(leads: list[tuple[Lead, DemoPerson]], now: datetime) -> set[int]:
    # The newest callable need leads end in a meeting, so sales has one still to review.
    eligible = [
        lead.id
        for lead, person in leads
        if person.intent == "need" and person.authority != GATHERER
        and now - lead.arrived_at > FRESH
    ]  # fmt: skip
    return set(eligible[-2:])


def _draw(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _work(floor: Floor, lead: Lead, person: DemoPerson, *, forced: bool) -> None:
    rng = floor.rng
    fate = "handoff" if forced else _draw(rng, FATES[lead.intent])
    if fate == "handoff" and person.authority == GATHERER:
        fate = "short"  # an information gatherer cannot carry a handoff
    planned = 1 if forced else _draw(rng, ATTEMPTS[fate == "unreached"])
    times = _attempt_times(floor, lead, planned)
    if len(times) < planned:
        fate = "unreached"  # the clock ran out before the lead was reached
    if fate == "callback":
        fate = _recent_callback_call(floor, lead, times)
    for number, at in enumerate(times, 1):
        last = number == len(times)
        code = FINAL_CODE[fate] if last and fate in FINAL_CODE else _draw(rng, NO_CONTACT)
        _call(floor, lead, person, at, code, fate if last else "unreached")


def calling_time(rng: random.Random, at: datetime, zone: str) -> datetime:
    """`at`, or the next moment inside weekday calling hours in the lead's zone."""
    tz = ZoneInfo(zone)
    local = at.astimezone(tz)
    while local.weekday() >= 5 or not OPENS <= local.time() < LAST_DIAL:
        same_day = local.weekday() < 5 and local.time() < OPENS
        day = local.date() + timedelta(days=0 if same_day else 1)
        local = datetime.combine(day, OPENS, tz) + timedelta(minutes=rng.randint(0, 120))
    return local.astimezone(UTC)


def _attempt_times(floor: Floor, lead: Lead, planned: int) -> list[datetime]:
    rng, zone = floor.rng, lead.zones[0]
    cadence = Cadence.parse(floor.campaigns[lead.campaign_id].cadence)
    # Speed to lead: need is dialled within minutes, interest when someone gets to it.
    first = rng.choice((3, 8, 15, 40, 180)) if lead.intent == "need" else rng.randint(60, 2880)
    at = calling_time(rng, lead.arrived_at + timedelta(minutes=first), zone)
    times = []
    for attempt in range(1, planned + 1):
        if at > floor.now - timedelta(minutes=30):
            break
        times.append(at)
        jitter = timedelta(minutes=rng.randint(0, 45))
        at = calling_time(rng, at + cadence.delays[attempt - 1] + jitter, zone)
    return times


def _recent_callback_call(floor: Floor, lead: Lead, times: list[datetime]) -> str:
    # A callback promised weeks ago would have been made by now; open ones come from recent calls.
    ago = timedelta(hours=floor.rng.uniform(3, 72))
    recent = calling_time(floor.rng, floor.now - ago, lead.zones[0])
    if times[-1] < recent < floor.now - timedelta(minutes=30):
        times[-1] = recent
        return "callback"
    return "nurture"


def _caller(floor: Floor, at: datetime, fate: str) -> User:
    if fate == "callback" and floor.callbacks < 2:
        return floor.callers[0]  # caller1 opens the demo with personal callbacks waiting
    on_shift = [c for c in floor.callers if 8 <= at.astimezone(ZoneInfo(c.timezone)).hour < 18]
    return floor.rng.choice(on_shift or floor.callers)


def _sid(rng: random.Random) -> str:
    return f"CA{rng.getrandbits(128):032x}"


def _dial(floor: Floor, lead: Lead, agent: User, at: datetime, code: str) -> Call:
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


def _call(floor: Floor, lead: Lead, person: DemoPerson, at: datetime, code: str, fate: str) -> None:
    agent = _caller(floor, at, fate)
    call = _dial(floor, lead, agent, at, code)
    talk = write_up(floor.rng, person, code, fate)
    campaign = floor.campaigns[lead.campaign_id]
    rep = _next_rep(floor) if fate == "handoff" else None
    facts = _facts(floor, lead, campaign, code, talk, call, rep)
    cadence, attempts = Cadence.parse(campaign.cadence), lead.attempts + 1
    decision = evaluate(
        HandoffRule.from_dict(campaign.handoff_rule),
        facts,
        call.ended_at,
        next_attempt_at=next_attempt_at(cadence, attempts, at),
    )
    outcome = _outcome(floor, lead, call, campaign, facts, talk, decision)
    _apply(floor, lead, call, outcome, decision, facts, rep, talk)


def _next_rep(floor: Floor) -> User:
    last = floor.bookings[-1].rep.id if floor.bookings else None
    rep_id = round_robin([rep.id for rep in floor.reps], last)
    return next(rep for rep in floor.reps if rep.id == rep_id)


def _facts(
    floor: Floor,
    lead: Lead,
    campaign: Campaign,
    code: str,
    talk: Talk,
    call: Call,
    rep: User | None,
) -> OutcomeFacts:
    disposition = disposition_for(code, parse_dispositions(campaign.dispositions))
    meeting = callback = None
    if rep is not None:
        meeting = BookedMeeting(meeting_start(floor.rng, call.ended_at, rep.timezone), True)
    if code == "callback":
        index, floor.callbacks = floor.callbacks, floor.callbacks + 1
        due = floor.now + timedelta(minutes=CALLBACK_DUE[index % len(CALLBACK_DUE)])
        mine = index < 2 or index % 2 == 1
        callback = CallbackRequest(max(due, call.ended_at + timedelta(minutes=30)), mine)
    return OutcomeFacts(
        disposition=disposition,
        scores=talk.scores,
        scores_set_by_hand=bool(talk.scores),
        meeting=meeting,
        callback=callback,
        intent=lead.intent,
        attempts_exhausted=is_exhausted(Cadence.parse(campaign.cadence), lead.attempts + 1),
        timeframe_text=talk.evidence.get("timeframe"),
    )


def _outcome(
    floor: Floor,
    lead: Lead,
    call: Call,
    campaign: Campaign,
    facts: OutcomeFacts,
    talk: Talk,
    decision: Decision,
) -> Outcome:
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


def _apply(
    floor: Floor,
    lead: Lead,
    call: Call,
    outcome: Outcome,
    decision: Decision,
    facts: OutcomeFacts,
    rep: User | None,
    talk: Talk,
) -> None:
    lead.attempts += 1
    lead.last_attempt_at, lead.updated_at = call.started_at, outcome.created_at
    lead.next_attempt_at = lead.follow_up_at = lead.callback_at = lead.callback_owner_id = None
    kind = decision.kind
    lead.status = STATUS_AFTER[kind]
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


STATUS_AFTER = {
    DecisionKind.RETRY: LeadStatus.queued,
    DecisionKind.CALLBACK: LeadStatus.queued,
    DecisionKind.NURTURE: LeadStatus.nurture,
    DecisionKind.DISQUALIFY: LeadStatus.disqualified,
    DecisionKind.DNC: LeadStatus.dnc,
    DecisionKind.HANDOFF: LeadStatus.meeting,
}


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
