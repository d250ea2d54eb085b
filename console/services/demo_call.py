"""One lead the queue handed a demo telecaller: the call screen, the dial, the call on the line
with its autosaved answers, and the outcome, each through the service the call screen uses."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.contract.common import read
from console.contract.drafts import DraftInput
from console.contract.outcomes import OutcomeInput
from console.domain.compliance import is_callable, next_opening
from console.domain.queue import LeadStatus
from console.models import Call, Lead, User
from console.services import booking, call_screen, calls, outcomes, queue_facts
from console.services.campaign_people import rep_for_meeting
from console.services.demo_floor import Floor, notice, seconds
from console.services.demo_line import play
from console.services.demo_replay import Steps
from console.services.demo_talk import AFTER_CALLBACK, Dial, answers, attendees, dial, draw, notes
from console.services.demo_team import quiet

# When the last days' callbacks fall due, in minutes from now: due now, overdue and later.
CALLBACK_DUE = (-25, 20, -40, -8, 180, 1440, 2880)
CALLBACK_AFTER = (timedelta(hours=2), timedelta(days=1), timedelta(days=2))
AUTOSAVE = timedelta(minutes=7)  # inside the queue's 10-minute lease


def work(floor: Floor, agent: User, lead: Lead) -> Steps:
    """Open the lead, dial it inside its calling hours, talk, wrap up and record the outcome."""
    attempt = lead.attempts + 1
    dials = floor.dials[lead.id] = floor.dials.get(lead.id, 0) + 1
    # A lead back from nurture counts its attempts again from one; its calls still draw (and
    # so get call SIDs) of their own.
    key = (attempt,) if dials == attempt else (attempt, dials)
    rng = floor.rng(floor.prospects[lead.id].person.external_id, *key)
    call = yield from _dial(floor, rng, agent, lead)
    fate, kept = _fate(floor, rng, lead, agent, attempt)
    heard = dial(rng, fate)
    callback = _callback(floor, rng, lead, heard, kept) if fate == "callback" else None
    said = {"callback_when": _their_time(callback[0], lead)} if callback else {}
    yield from play(floor.line, rng, call, heard, _autosaves(floor, rng, call, agent, heard, said))
    yield floor.replay.now() + seconds(rng, 15, 150)  # wrap-up
    recorded = outcomes.record_outcome(
        session=floor.session,
        call_id=call.id,
        agent=agent,
        outcome=read(OutcomeInput, _outcome(floor, rng, lead, heard, callback)),
        publish=quiet,
        library=floor.library,
    )
    floor.conversations.setdefault(lead.id, []).extend([heard.fate] if heard.fate else [])
    if recorded.meeting is not None:
        floor.sales.booked(recorded.meeting, floor.prospects[lead.id].person.external_id)
    _when_due(floor, recorded.lead)
    yield floor.replay.now() + seconds(rng, 10, 60)  # a breath before the next lead


def _dial(floor: Floor, rng: random.Random, agent: User, lead: Lead) -> Steps:
    """Read the lead card, open the call screen, dial (at once, should its hours close first)."""
    reading, preparing = seconds(rng, 5, 40), seconds(rng, 15, 60)
    # The queue offered the lead callable now; dialled later, it must still be callable then.
    unhurried = _callable(floor, lead, floor.replay.now() + reading + preparing)
    if unhurried:
        yield floor.replay.now() + reading
    call_screen.open_call(
        session=floor.session, lead_id=lead.id, agent=agent, library=floor.library
    )
    if unhurried:
        yield floor.replay.now() + preparing
    return calls.dial(
        session=floor.session,
        agent=agent,
        lead_id=lead.id,
        mode="browser",
        telephony=floor.line.telephony,
        publish=quiet,
        webhooks=floor.line.webhooks,
    )


def _when_due(floor: Floor, lead: Lead) -> None:
    """A retry or callback falls due: the queue will offer it, so someone idle takes the next
    (a personal callback its owner first, anyone once the grace is over)."""
    floor.watch.waiting(lead)
    due = lead.callback_at or lead.next_attempt_at
    if lead.status != LeadStatus.queued or due is None:
        return
    owner, about = lead.callback_owner_id, floor.prospects[lead.id].person.external_id
    floor.replay.at(due, lambda: notice(floor, about, owner))
    if owner is not None:
        grace = timedelta(minutes=floor.campaigns_by_id[lead.campaign_id].callback_grace_minutes)
        floor.replay.at(due + grace, lambda: notice(floor, about))


def _callable(floor: Floor, lead: Lead, at: datetime) -> bool:
    """Whether the lead may still be called at `at` under its campaign's window."""
    window = queue_facts.policy_of(floor.campaigns_by_id[lead.campaign_id]).window
    return is_callable(lead.zones, lead.country, lead.region, at, window)


def _fate(
    floor: Floor, rng: random.Random, lead: Lead, agent: User, attempt: int
) -> tuple[str | None, bool | None]:
    """What the person does if they pick up on this attempt (None when nobody speaks), and for
    a callback placed in the last days, whether the telecaller keeps it."""
    prospect, spoken = floor.prospects[lead.id], floor.conversations.get(lead.id, [])
    if prospect.picks_up_on is None or attempt < prospect.picks_up_on:
        return None, None
    now, last_days = floor.replay.now(), floor.last_days
    if last_days.handoff(now, lead.intent, prospect.can_hand_off):
        return "handoff", None
    if "callback" in spoken:
        return draw(rng, AFTER_CALLBACK), None
    kept = last_days.callback(now, agent)
    return ("callback", kept) if kept is not None else (prospect.fate, None)


def _callback(
    floor: Floor, rng: random.Random, lead: Lead, heard: Dial, kept: bool | None
) -> tuple[datetime, bool]:
    """When they asked to be called back, and whether the telecaller keeps it for themself:
    the last days' fall due around now, the others at a time they are called."""
    now = floor.replay.now()
    earliest = now + timedelta(seconds=heard.ring_seconds + heard.talk_seconds + 900)
    if kept is not None:
        offset = CALLBACK_DUE[(floor.last_days.callbacks - 1) % len(CALLBACK_DUE)]
        return max(floor.end + timedelta(minutes=offset), earliest).replace(microsecond=0), kept
    window = queue_facts.policy_of(floor.campaigns_by_id[lead.campaign_id]).window
    after = now + rng.choice(CALLBACK_AFTER)
    due = next_opening(lead.zones, lead.country, lead.region, after, window) or after
    return max(due + seconds(rng, 0, 90 * 60), earliest).replace(microsecond=0), rng.random() < 0.5


def _their_time(at: datetime, lead: Lead) -> str:
    local = at.astimezone(ZoneInfo(lead.zones[0])) if lead.zones else at
    return f"{local:%A} at {local:%H:%M}, their time"


def _autosaves(floor: Floor, rng: random.Random, call: Call, agent: User, heard: Dial, said: dict):
    """The call screen's autosaves of the script's answers while the lead talks, at least every
    AUTOSAVE (each renews the lease on the lead), the last just before they hang up."""
    steps, jotted = [], notes(rng) if heard.fate else ""
    if heard.answered_by:
        script = floor.library.pinned(call.script_id, call.script_version)
        prospect = floor.prospects[call.lead_id]
        steps = list(answers(rng, script, prospect, heard.fate or heard.code, said).items())

    def talking(answered: datetime, ends: datetime) -> Steps:
        parts = max(1, -(-(ends - answered) // AUTOSAVE))
        for part in range(1, parts + 1):
            yield max(answered + (ends - answered) * part / parts - timedelta(seconds=5), answered)
            if steps:
                shown = dict(steps[: round(len(steps) * part / parts)])
                call_screen.save_draft(
                    session=floor.session,
                    call_id=call.id,
                    agent=agent,
                    draft=read(
                        DraftInput, {"answers": shown, "notes": jotted if part == parts else ""}
                    ),
                    library=floor.library,
                )
        yield ends

    return talking


def _outcome(
    floor: Floor,
    rng: random.Random,
    lead: Lead,
    heard: Dial,
    callback: tuple[datetime, bool] | None,
) -> dict:
    """The wrap-up form as the telecaller sends it; the script's answers come from the draft."""
    body: dict = {}
    if heard.code in ("no-answer", "busy", "dnc"):
        body["disposition"] = heard.code
    if callback:
        body["callback"] = {"at": callback[0].isoformat(), "mine": callback[1]}
    if heard.fate in ("handoff", "short"):
        campaign = floor.campaigns_by_id[lead.campaign_id]
        rep = rep_for_meeting(session=floor.session, campaign=campaign, named=None)
        starts = meeting_start(rng, floor.replay.now(), rep.timezone)
        free = booking.slots_of(floor.session, rep, length=timedelta(minutes=30), now=starts)
        starts = free[0] if free else starts  # the rep's first free time from there
        prospect = floor.prospects[lead.id]
        body["meeting"] = {
            "starts_at": starts.isoformat(),
            "sales_rep": rep.email,
            "attendees": attendees(prospect),
        }
    return body


def meeting_start(rng: random.Random, booked_at: datetime, zone: str) -> datetime:
    """A meeting slot 2-6 days after booking, on a weekday inside the rep's business hours."""
    tz = ZoneInfo(zone)
    day = booked_at.astimezone(tz).date() + timedelta(days=rng.randint(2, 6))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    slot = time(rng.randint(10, 15), rng.choice((0, 30)))
    return datetime.combine(day, slot, tz).astimezone(UTC)
