"""Booking a sales rep's time: free slots from working hours and booked meetings, and the rep
settled for a meeting under a lock, so two meetings never overlap for one rep.

Two telecallers booking the same rep for the same time each lock the rep's row before reading
their meetings (console.services.races.hold): the second reads the first's meeting once it has
committed, and is offered the next rep free then, or the rep's next free time, in a sentence.
Round robin locks every rep of the campaign, always in the order of their ids, so two bookings
never wait on each other in a circle.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from console.domain.calendar import wall_time
from console.domain.roles import Role
from console.domain.slots import (
    DAYS_AHEAD,
    HOLDS_TIME,
    Busy,
    HoursInvalid,
    WorkingHours,
    busy_from,
    clash,
    clash_sentence,
    free_slots,
    free_times_sentence,
    in_turn,
    is_working,
    next_free,
    slot_time_words,
    slot_words,
)
from console.errors import Conflict, Invalid, NotFound
from console.models import Campaign, Meeting, User
from console.services import races
from console.services.campaign_people import last_assigned, rep_for_meeting, sales_reps

LONGEST = timedelta(minutes=240)  # a meeting lasts at most this long (the outcome's bounds)
MOVE_OFFERS = 3  # how many free times a refused reschedule offers


class SlotTaken(Conflict):
    """The rep has a meeting at that time; the message offers another rep or another time."""

    code = "slot_taken"

    def __init__(self, sentence: str, *, fields: dict | None = None) -> None:
        fields = fields if fields is not None else {"meeting.starts_at": sentence}
        super().__init__(sentence, code=self.code, fields=fields)


def hours_of(rep: User) -> WorkingHours:
    """The rep's working hours (the default, Monday to Friday 09:00-17:00, when unset)."""
    try:
        return WorkingHours.parse(rep.working_hours or None, rep.timezone or "UTC")
    except HoursInvalid:
        return WorkingHours.parse(None, "UTC")


def busy_of(
    session: Session, rep_id: int, start: datetime, end: datetime, *, moving: int | None = None
) -> list[Busy]:
    """The spans the rep's meetings hold between start and end (less the meeting `moving`,
    whose own time is given up by a reschedule)."""
    query = select(Meeting.starts_at, Meeting.duration_minutes, Meeting.status).where(
        Meeting.sales_rep_id == rep_id,
        Meeting.status.in_([str(s) for s in HOLDS_TIME]),
        Meeting.starts_at > start - LONGEST,
        Meeting.starts_at < end,
    )
    if moving is not None:
        query = query.where(Meeting.id != moving)
    return busy_from(session.exec(query))


def slots_of(
    session: Session, rep: User, *, length: timedelta, now: datetime, days: int = DAYS_AHEAD
) -> list[datetime]:
    """The rep's free slots for the next days."""
    busy = busy_of(session, rep.id, now, now + timedelta(days=days + 1))
    return free_slots(hours_of(rep), busy, length=length, now=now, days=days)


def offered_slots(
    *,
    session: Session,
    campaign: Campaign,
    named: int | str | None,
    lead_zone: str,
    length: timedelta,
    now: datetime,
    days: int = DAYS_AHEAD,
) -> list[dict]:
    """The slots the wrap-up offers: the named rep's, or for round robin each time some rep is
    free with the rep whose turn it would be; each labelled in the lead's and the rep's zones."""
    if named is not None:
        reps = [rep_for_meeting(session=session, campaign=campaign, named=named)]
    else:
        reps = _turn(session, campaign)
    chosen: dict[datetime, User] = {}
    for rep in reps:  # in turn: the earlier rep keeps a time both have free
        for start in slots_of(session, rep, length=length, now=now, days=days):
            chosen.setdefault(start, rep)
    return [_slot(start, chosen[start], lead_zone) for start in sorted(chosen)]


def _slot(start: datetime, rep: User, lead_zone: str) -> dict:
    local = start.astimezone(ZoneInfo(lead_zone))
    return {
        "starts_at": start.isoformat(),
        "date": local.date().isoformat(),
        "time": f"{local:%H:%M}",
        "day": f"{local:%a} {local.day} {local:%b}",
        "label": slot_words(start, lead_zone, rep.timezone or "UTC"),
        "short": slot_time_words(start, lead_zone, rep.timezone or "UTC"),
        "rep": {"id": rep.id, "name": rep.name},
    }


def _turn(session: Session, campaign: Campaign) -> list[User]:
    reps = sales_reps(session=session, campaign=campaign)
    if not reps:  # the same sentence as booking gives
        rep_for_meeting(session=session, campaign=campaign, named=None)
    order = in_turn([r.id for r in reps], last_assigned(session=session, campaign=campaign))
    by_id = {r.id: r for r in reps}
    return [by_id[i] for i in order]


def settle_rep(
    *,
    session: Session,
    campaign: Campaign,
    named: int | str | None,
    starts_at: datetime,
    length: timedelta,
    lead_zone: str,
    now: datetime,
) -> User:
    """The rep who takes a meeting at `starts_at`, with their row locked until the caller
    commits: the named rep if free then, else the next rep in turn who is free (working then,
    if any is). SlotTaken offers the next rep or the next free time when nobody is."""
    if named is not None:
        rep = rep_for_meeting(session=session, campaign=campaign, named=named)
        races.hold(session, User, rep.id)
        if _free(session, rep, starts_at, length):
            return rep
        raise SlotTaken(_taken(session, campaign, rep, starts_at, length, lead_zone, now))
    reps = _turn(session, campaign)
    for rep in sorted(reps, key=lambda r: r.id):
        races.hold(session, User, rep.id)
    free = [rep for rep in reps if _free(session, rep, starts_at, length)]
    working = [rep for rep in free if is_working(hours_of(rep), starts_at, length)]
    if working or free:
        return (working or free)[0]
    raise SlotTaken(_nobody(session, reps, starts_at, length, lead_zone, now))


def check_move(
    *, session: Session, meeting: Meeting, rep: User, starts_at: datetime, zone: str, now: datetime
) -> None:
    """Let a meeting move to `starts_at` only where its rep has no other meeting then, by the
    booking's own rule, with the rep's row locked until the caller commits (so a booking and a
    reschedule never take the same time). SlotTaken says, in `zone`, what clashes and offers
    the rep's next free times."""
    races.hold(session, User, rep.id)
    length = timedelta(minutes=meeting.duration_minutes)
    busy = busy_of(session, rep.id, starts_at, starts_at + length, moving=meeting.id)
    taken = clash(starts_at, length, busy)
    if taken is None:
        return
    ahead = busy_of(session, rep.id, now, now + timedelta(days=32), moving=meeting.id)
    free = free_slots(hours_of(rep), ahead, length=length, now=max(now, starts_at), days=31)
    raise SlotTaken(
        clash_sentence(rep.name, taken[0], zone),
        fields={"starts_at": free_times_sentence(rep.name, free[:MOVE_OFFERS], zone)},
    )


def _free(session: Session, rep: User, starts_at: datetime, length: timedelta) -> bool:
    busy = busy_of(session, rep.id, starts_at, starts_at + length)
    return clash(starts_at, length, busy) is None


def _next_time(session: Session, rep: User, after: datetime, length: timedelta) -> datetime | None:
    busy = busy_of(session, rep.id, after, after + timedelta(days=32))
    return next_free(hours_of(rep), busy, length=length, after=after)


def _taken(
    session: Session,
    campaign: Campaign,
    rep: User,
    starts_at: datetime,
    length: timedelta,
    lead_zone: str,
    now: datetime,
) -> str:
    when = slot_words(starts_at, lead_zone, rep.timezone or "UTC")
    sentence = f"{rep.name} already has a meeting at {when}."
    others = [r for r in _turn(session, campaign) if r.id != rep.id]
    free = next((r for r in others if _free(session, r, starts_at, length)), None)
    if free is not None:
        sentence += f" {free.name} is free then: choose them, or round-robin."
    later = _next_time(session, rep, max(now, starts_at), length)
    if later is not None:
        words = slot_words(later, lead_zone, rep.timezone or "UTC")
        sentence += f" {rep.name}'s next free time is {words}."
    return sentence


def _nobody(
    session: Session,
    reps: list[User],
    starts_at: datetime,
    length: timedelta,
    lead_zone: str,
    now: datetime,
) -> str:
    sentence = f"No sales rep of this campaign is free at {wall_time(starts_at, lead_zone)} (lead)."
    offers = [(t, r) for r in reps if (t := _next_time(session, r, max(now, starts_at), length))]
    if offers:
        later, rep = min(offers, key=lambda offer: offer[0])
        words = slot_words(later, lead_zone, rep.timezone or "UTC")
        sentence += f" The next free time is {words}, with {rep.name}."
    return sentence


def set_working_hours(
    *, session: Session, user_id: int, days: list[str], start: str, end: str
) -> str:
    """Store a sales rep's working days and hours (an admin's form); what was saved, in words.
    Invalid says what to fix."""
    rep = session.get(User, user_id)
    if rep is None or rep.role != Role.SALES:
        raise NotFound("There is no sales rep with that account.")
    stored = {"days": [d for d in days if d.isdigit()], "start": start, "end": end}
    try:
        hours = WorkingHours.parse(stored, rep.timezone or "UTC")
    except HoursInvalid as problem:
        raise Invalid(
            "The working hours were not saved.", fields={"working_hours": str(problem)}
        ) from None
    rep.working_hours = hours.to_dict()
    session.add(rep)
    session.commit()
    return f"{rep.name} works {hours.describe()}."
