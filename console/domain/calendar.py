"""Calendar rules for meetings: business hours for the review clock, invites, times in two zones."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.domain.addresses import is_email

WORKWEEK = frozenset(range(5))  # Monday to Friday, as date.weekday() counts
REVIEW_HOURS = 24  # sales accepts or rejects within 24 business hours
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _aware(at: datetime, name: str) -> None:
    if at.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")


def _local(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """The UTC instant of an hour on a local calendar day; hour 24 is the next midnight."""
    return datetime.combine(day + timedelta(days=hour // 24), time(hour % 24), zone).astimezone(UTC)


def _windows(
    start: datetime, zone: str, day_start: int, day_end: int, weekdays: frozenset[int]
) -> Iterator[tuple[datetime, datetime]]:
    """Business-hour windows in UTC, day after local day, from the day that holds start."""
    if not 0 <= day_start < day_end <= 24:
        raise ValueError("business hours must satisfy 0 <= day_start < day_end <= 24")
    if not weekdays or not weekdays <= set(range(7)):
        raise ValueError("weekdays must name at least one day, 0 (Monday) to 6 (Sunday)")
    tz = ZoneInfo(zone)
    day = start.astimezone(tz).date()
    while True:
        if day.weekday() in weekdays:
            yield _local(day, day_start, tz), _local(day, day_end, tz)
        day += timedelta(days=1)


def business_hours_between(
    start: datetime,
    end: datetime,
    zone: str = "UTC",
    day_start: int = 9,
    day_end: int = 17,
    weekdays: frozenset[int] = WORKWEEK,
) -> float:
    """Business hours from start to end in the zone's working day; 0 when end is not later."""
    _aware(start, "start")
    _aware(end, "end")
    seconds = 0.0
    for opens, closes in _windows(start, zone, day_start, day_end, weekdays):
        if opens >= end:
            break
        overlap = min(closes, end) - max(opens, start)
        seconds += max(overlap.total_seconds(), 0.0)
    return seconds / 3600


def review_due_at(
    booked_at: datetime,
    zone: str = "UTC",
    hours: float = REVIEW_HOURS,
    day_start: int = 9,
    day_end: int = 17,
    weekdays: frozenset[int] = WORKWEEK,
) -> datetime:
    """The UTC moment sales' review falls due: `hours` business hours after the booking."""
    _aware(booked_at, "booked_at")
    remaining = timedelta(hours=hours)
    for opens, closes in _windows(booked_at, zone, day_start, day_end, weekdays):
        begin = max(opens, booked_at)
        if begin >= closes:
            continue
        if begin + remaining <= closes:
            return begin + remaining
        remaining -= closes - begin
    raise AssertionError("unreachable: business-hour windows never run out")


def is_review_overdue(
    booked_at: datetime, now: datetime, zone: str = "UTC", hours: float = REVIEW_HOURS
) -> bool:
    """Whether sales has let the review run past its business-hour deadline."""
    return now > review_due_at(booked_at, zone, hours)


def escape_text(text: str) -> str:
    """Text escaped for an iCalendar TEXT value (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded so no physical line exceeds 75 octets (RFC 5545 3.1)."""
    pieces, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > 75:
            pieces.append(current)
            current, size = " ", 1  # a folded line continues after one leading space
        current += char
        size += octets
    pieces.append(current)
    return "\r\n".join(pieces)


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _mailto(email: str) -> str:
    if not is_email(email):
        raise ValueError(f"{email!r} is not an email address")
    return f"mailto:{email}"


def ics_invite(
    uid: str,
    starts_at: datetime,
    duration: timedelta,
    summary: str,
    description: str,
    organizer_email: str,
    attendee_emails: Sequence[str],
    *,
    stamped_at: datetime,
    location: str | None = None,
    url: str | None = None,
    sequence: int = 0,
    cancelled: bool = False,
) -> str:
    """An RFC 5545 meeting request; raise `sequence` when rescheduling the same uid, and send
    it `cancelled` (METHOD:CANCEL) to take the event out of the calendars it reached."""
    _aware(starts_at, "starts_at")
    _aware(stamped_at, "stamped_at")
    if duration <= timedelta(0):
        raise ValueError("a meeting needs a positive duration")
    if url is not None and re.search(r"\s", url):
        raise ValueError("a meeting URL cannot contain spaces or line breaks")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Handoff//Meeting invite//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:CANCEL" if cancelled else "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{_stamp(stamped_at)}",
        f"DTSTART:{_stamp(starts_at)}",
        f"DTEND:{_stamp(starts_at + duration)}",
        f"SEQUENCE:{sequence}",
        "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        *([f"LOCATION:{escape_text(location)}"] if location else []),
        *([f"URL:{url}"] if url else []),
        f"ORGANIZER:{_mailto(organizer_email)}",
        *(
            f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:{_mailto(email)}"
            for email in attendee_emails
        ),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(f"{fold(line)}\r\n" for line in lines)


def format_in_zones(at: datetime, zones: Sequence[tuple[str, str]]) -> list[str]:
    """The moment as each (label, zone) sees it, e.g. 'Tue 24 Nov 10:00 EST (lead)'."""
    return [f"{wall_time(at, zone)} ({label})" for label, zone in zones]


def wall_time(at: datetime, zone: str) -> str:
    """The moment as a clock on the wall in `zone` reads it, e.g. 'Tue 24 Nov 10:00 EST'."""
    _aware(at, "at")
    local = at.astimezone(ZoneInfo(zone))
    day, month = _DAYS[local.weekday()], _MONTHS[local.month - 1]
    return f"{day} {local.day} {month} {local:%H:%M} {local.tzname()}"


def wall_time_dated(at: datetime, zone: str) -> str:
    """The moment with its year, for what may lie months back: 'Tue 24 Nov 2026 10:00 EST'."""
    _aware(at, "at")
    local = at.astimezone(ZoneInfo(zone))
    day, month = _DAYS[local.weekday()], _MONTHS[local.month - 1]
    return f"{day} {local.day} {month} {local.year} {local:%H:%M} {local.tzname()}"
