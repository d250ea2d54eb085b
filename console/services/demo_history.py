"""Weeks of demo history: dials, outcomes and what each did to its lead, all from one seed."""

from __future__ import annotations

import random
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
    HandoffRule,
    OutcomeFacts,
    evaluate,
)
from console.domain.meetings import round_robin
from console.models import Call, Campaign, Lead, User
from console.services.demo_calls import Floor, apply, dial, record
from console.services.demo_meetings import Booking, meeting_start
from console.services.demo_talk import Talk, write_up

# The campaign window closes at 20:00; stop dialling early enough to finish the call inside it.
OPENS, LAST_DIAL = time(9), time(19, 30)
FRESH = timedelta(hours=1)
ATTEMPTED_SHARE = 0.62  # the rest are never dialled: research finds 30%+ of leads never are
NO_CONTACT = {"no-answer": 50, "voicemail": 30, "busy": 10, "gatekeeper": 10}
FATES = {
    "need": {"handoff": 18, "short": 8, "nurture": 14, "not-interested": 10, "disqualify": 4,
             "dnc": 3, "unreached": 38},
    "interest": {"handoff": 7, "short": 6, "nurture": 28, "not-interested": 14, "disqualify": 4,
                 "dnc": 3, "unreached": 35},
}  # fmt: skip
# Fates placed in the last few days whatever the seed: open callbacks, meetings to review.
RECENT = {"callback": 7, "handoff": 3}
SETTLED = timedelta(days=10)  # recent fates go to leads this old, so their history fits before
FINAL_CODE = {"handoff": "qualified", "short": "qualified", "nurture": "nurture",
              "not-interested": "not-interested", "callback": "callback",
              "disqualify": "wrong-number", "dnc": "dnc"}  # fmt: skip
ATTEMPTS = {True: {1: 20, 2: 25, 3: 25, 4: 30}, False: {1: 40, 2: 25, 3: 20, 4: 15}}
# When open callbacks fall due, in minutes from now: some due now, one long overdue, some later.
CALLBACK_DUE = (-25, 20, -150, -8, 180, 1440, 2880)


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
    recent = _recent_fates(rng, leads, now)
    for lead, person in leads:
        if now - lead.arrived_at < FRESH:
            continue  # speed-to-lead work for whoever signs in first
        if lead.id in recent or rng.random() < ATTEMPTED_SHARE:
            _work(floor, lead, person, recent.get(lead.id))
    return floor.bookings


def _recent_fates(
    rng: random.Random, leads: list[tuple[Lead, DemoPerson]], now: datetime
) -> dict[int, str]:
    # Open callbacks and meetings awaiting review come from the last few days' calls, on leads
    # that arrived well before, so every seed and every clock gives the floor some of each.
    settled = [(lead, person) for lead, person in leads if now - lead.arrived_at > SETTLED]
    ready = [lead.id for lead, person in settled if person.intent == "need"
             and person.authority != GATHERER]  # fmt: skip
    handoffs = rng.sample(ready, min(RECENT["handoff"], len(ready)))
    rest = [lead.id for lead, _ in settled if lead.id not in handoffs]
    callbacks = rng.sample(rest, min(RECENT["callback"], len(rest)))
    return dict.fromkeys(handoffs, "handoff") | dict.fromkeys(callbacks, "callback")


def _draw(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _work(floor: Floor, lead: Lead, person: DemoPerson, recent: str | None) -> None:
    rng = floor.rng
    fate = recent or _draw(rng, FATES[lead.intent])
    if fate == "handoff" and person.authority == GATHERER:
        fate = "short"  # an information gatherer cannot carry a handoff
    planned = _draw(rng, ATTEMPTS[fate == "unreached"])
    times = _attempt_times(floor, lead, planned)
    if recent:
        times = _ending_recently(floor, lead, times)
    elif len(times) < planned:
        fate = "unreached"  # the clock ran out before the lead was reached
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


def _ending_recently(floor: Floor, lead: Lead, times: list[datetime]) -> list[datetime]:
    at = recent_calling_time(floor.rng, floor.now, lead.zones[0])
    # Earlier attempts stay a day clear of it, so Florida's 3 calls a day hold; 4 dials at most.
    return [earlier for earlier in times if earlier < at - timedelta(days=1)][-3:] + [at]


def recent_calling_time(rng: random.Random, now: datetime, zone: str) -> datetime:
    """A moment in calling hours on one of the last three weekdays, at least 45 minutes ago."""
    tz, latest = ZoneInfo(zone), now - timedelta(minutes=45)
    windows, day = [], now.astimezone(tz).date()
    while len(windows) < 3:
        opens = datetime.combine(day, OPENS, tz)
        closes = min(datetime.combine(day, LAST_DIAL, tz), latest)
        if day.weekday() < 5 and closes > opens:
            windows.append((opens, closes))
        day -= timedelta(days=1)
    opens, closes = rng.choice(windows)
    return (opens + (closes - opens) * rng.random()).astimezone(UTC)


def _caller(floor: Floor, at: datetime, fate: str) -> User:
    if fate == "callback" and floor.callbacks < 2:
        return floor.callers[0]  # caller1 opens the demo with personal callbacks waiting
    on_shift = [c for c in floor.callers if 8 <= at.astimezone(ZoneInfo(c.timezone)).hour < 18]
    return floor.rng.choice(on_shift or floor.callers)


def _call(floor: Floor, lead: Lead, person: DemoPerson, at: datetime, code: str, fate: str) -> None:
    agent = _caller(floor, at, fate)
    call = dial(floor, lead, agent, at, code)
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
    outcome = record(floor, lead, call, campaign, facts, talk, decision)
    apply(floor, lead, call, outcome, decision, facts, rep, talk)


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
