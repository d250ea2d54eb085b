"""A sales rep's free time: working hours in their own zone, less the meetings that hold time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console.domain.calendar import wall_time
from console.domain.meetings import MeetingStatus

STEP = timedelta(minutes=30)  # slots start on the working day's start, then every half hour
DAYS_AHEAD = 5  # how many days of slots the wrap-up offers
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Meetings that hold the rep's time; a rejected meeting, a no-show or a lost deal frees it.
HOLDS_TIME = frozenset(
    {
        MeetingStatus.BOOKED,
        MeetingStatus.ACCEPTED,
        MeetingStatus.HELD,
        MeetingStatus.OPPORTUNITY,
        MeetingStatus.WON,
    }
)
DEFAULT_HOURS: dict[str, Any] = {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:00"}


class HoursInvalid(ValueError):
    """Working hours that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class WorkingHours:
    """The days (0 is Monday) and the hours of each, on the rep's own clock."""

    days: frozenset[int]
    start: time
    end: time
    zone: str = "UTC"

    @classmethod
    def parse(cls, stored: Mapping[str, Any] | None, zone: str) -> WorkingHours:
        """Working hours as stored ({"days": [0..6], "start": "09:00", "end": "17:00"});
        HoursInvalid says what is wrong, in words."""
        stored = stored or DEFAULT_HOURS
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise HoursInvalid(f"the time zone {zone!r} is unknown") from None
        days = frozenset(int(day) for day in stored.get("days", ()))
        if not days or not days <= set(range(7)):
            raise HoursInvalid("tick at least one working day")
        start, end = _clock(stored.get("start"), "start"), _clock(stored.get("end"), "end")
        if end <= start:
            raise HoursInvalid("the working day must end after it starts")
        return cls(days, start, end, zone)

    def to_dict(self) -> dict[str, Any]:
        """As stored on the rep."""
        return {
            "days": sorted(self.days),
            "start": f"{self.start:%H:%M}",
            "end": f"{self.end:%H:%M}",
        }

    def describe(self) -> str:
        """In words: 'Mon-Fri 09:00-17:00 (America/New_York)'."""
        days = sorted(self.days)
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
            named = f"{DAY_NAMES[days[0]]}-{DAY_NAMES[days[-1]]}"
        else:
            named = ", ".join(DAY_NAMES[d] for d in days)
        return f"{named} {self.start:%H:%M}-{self.end:%H:%M} ({self.zone})"

    def windows(self, first: date, last: date) -> Iterator[tuple[datetime, datetime]]:
        """Each working day's opening and closing in UTC, local day by local day (a day that
        loses or gains an hour to daylight saving is that much shorter or longer)."""
        tz = ZoneInfo(self.zone)
        day = first
        while day <= last:
            if day.weekday() in self.days:
                opens = datetime.combine(day, self.start, tz).astimezone(UTC)
                closes = datetime.combine(day, self.end, tz).astimezone(UTC)
                yield opens, closes
            day += timedelta(days=1)


def _clock(raw: Any, name: str) -> time:
    try:
        return time.fromisoformat(str(raw))
    except ValueError:
        raise HoursInvalid(
            f"give the working day's {name} as hours and minutes, e.g. 09:00"
        ) from None


Busy = tuple[datetime, datetime]  # a meeting's start and end


def busy_from(meetings: Iterable[tuple[datetime, int, str]]) -> list[Busy]:
    """The spans held by meetings given as (starts_at, minutes, status): those that hold time."""
    return sorted(
        (start, start + timedelta(minutes=minutes))
        for start, minutes, status in meetings
        if status in HOLDS_TIME
    )


def clash(starts_at: datetime, length: timedelta, busy: Sequence[Busy]) -> Busy | None:
    """The meeting that overlaps [starts_at, starts_at + length), if any (touching is fine)."""
    ends_at = starts_at + length
    return next((span for span in busy if span[0] < ends_at and starts_at < span[1]), None)


def free_slots(
    hours: WorkingHours,
    busy: Sequence[Busy],
    *,
    length: timedelta,
    now: datetime,
    days: int = DAYS_AHEAD,
    step: timedelta = STEP,
) -> list[datetime]:
    """The starts, in UTC, of every meeting of `length` that fits the rep's working hours from
    now to the end of the `days`-th local day, never in the past, never on another meeting."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if length <= timedelta(0) or step <= timedelta(0):
        raise ValueError("a meeting and the step between slots need a positive length")
    today = now.astimezone(ZoneInfo(hours.zone)).date()
    found = []
    for opens, closes in hours.windows(today, today + timedelta(days=days - 1)):
        start = opens
        while start + length <= closes:
            if start >= now and clash(start, length, busy) is None:
                found.append(start)
            start += step
    return found


def next_free(
    hours: WorkingHours,
    busy: Sequence[Busy],
    *,
    length: timedelta,
    after: datetime,
    days: int = 31,
) -> datetime | None:
    """The first free slot at or after `after`, within a month; None when there is none."""
    slots = free_slots(hours, busy, length=length, now=after, days=days)
    return slots[0] if slots else None


def slot_time_words(at: datetime, lead_zone: str, rep_zone: str) -> str:
    """A slot on a button under its day: '10:00 EDT (lead) · 07:00 PDT (rep)'."""
    lead = at.astimezone(ZoneInfo(lead_zone))
    return (
        f"{lead:%H:%M} {lead.tzname()} (lead) · "
        + slot_words(at, lead_zone, rep_zone).split(" · ", 1)[1]
    )


def slot_words(at: datetime, lead_zone: str, rep_zone: str) -> str:
    """A slot as both people read it: 'Tue 10 Mar 10:00 EDT (lead) · 07:00 PDT (rep)'."""
    lead = wall_time(at, lead_zone)
    rep_local = at.astimezone(ZoneInfo(rep_zone))
    if rep_local.date() == at.astimezone(ZoneInfo(lead_zone)).date():
        rep = f"{rep_local:%H:%M} {rep_local.tzname()}"
    else:
        rep = wall_time(at, rep_zone)
    return f"{lead} (lead) · {rep} (rep)"


def in_turn(reps: Sequence[int], last_assigned: int | None) -> list[int]:
    """The reps in round-robin order: the one after the last assigned first, wrapping round."""
    if last_assigned not in reps:
        return list(reps)
    after = list(reps).index(last_assigned) + 1
    return [*reps[after:], *reps[:after]]


def is_working(hours: WorkingHours, starts_at: datetime, length: timedelta) -> bool:
    """Whether the whole meeting falls inside one of the rep's working days."""
    local = starts_at.astimezone(ZoneInfo(hours.zone)).date()
    return any(
        opens <= starts_at and starts_at + length <= closes
        for opens, closes in hours.windows(local, local)
    )


def short_time(at: datetime, zone: str) -> str:
    """A moment as a sentence names it in one zone: '10:30 on Tue 8 Dec'."""
    local = at.astimezone(ZoneInfo(zone))
    return f"{local:%H:%M} on {DAY_NAMES[local.weekday()]} {local.day} {local:%b}"


def clash_sentence(rep: str, taken_at: datetime, zone: str) -> str:
    """Why a time is refused: 'Dana Ruiz already has a meeting at 10:30 on Tue 8 Dec; choose
    another time.' (the clashing meeting's start, in the reader's zone)."""
    return f"{rep} already has a meeting at {short_time(taken_at, zone)}; choose another time."


def free_times_sentence(rep: str, free: Sequence[datetime], zone: str) -> str:
    """The times offered instead, in the reader's zone (and the zone named once)."""
    if not free:
        return f"{rep} has no free time in the next month; ask them for one."
    tz = free[0].astimezone(ZoneInfo(zone)).tzname()
    times = [short_time(at, zone) for at in free]
    listed = times[0] if len(times) == 1 else f"{', '.join(times[:-1])} or {times[-1]}"
    return f"{rep} is free at {listed} ({tz})."
