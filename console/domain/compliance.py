"""When a lead may be called: legal calling hours, the campaign's window, Florida's limits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from console.domain.regions import canonical_zone

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS = frozenset(range(5))

# TCPA / FTC TSR: 08:00-21:00 in the called party's local time; Florida ends at 20:00.
LEGAL_HOURS = (time(8), time(21))
FLORIDA_HOURS = (time(8), time(20))
FLORIDA_CALLS_PER_DAY = 3
FLORIDA_ROLLING_PERIOD = timedelta(hours=24)

ALL_PARTY_CONSENT_STATES = frozenset(
    {"CA", "CT", "DE", "FL", "IL", "MD", "MA", "MI", "MT", "NV", "NH", "PA", "WA"}
)

# How far ahead next_opening looks before deciding a lead's zones never overlap.
_SEARCH_DAYS = 15


@dataclass(frozen=True)
class CallingWindow:
    """A campaign's calling hours in the lead's local time; it can only narrow the legal hours."""

    start: time = time(9)
    end: time = time(20)
    days: frozenset[int] = WEEKDAYS

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", frozenset(self.days))
        if self.start.tzinfo or self.end.tzinfo:
            raise ValueError("calling window: give start and end as local times without a zone")
        if self.start >= self.end:
            raise ValueError(f"calling window: start {self.start:%H:%M} must be before end")
        if not self.days or not self.days <= frozenset(range(7)):
            raise ValueError("calling window: days must be weekday numbers 0 (Monday) to 6")

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any] | None) -> CallingWindow:
        """The window as a campaign stores it ({"start": "09:00", "end": ..., "days": [...]});
        what it leaves out is the default's."""
        stored, default = stored or {}, cls()
        return cls(
            start=time.fromisoformat(stored["start"]) if "start" in stored else default.start,
            end=time.fromisoformat(stored["end"]) if "end" in stored else default.end,
            days=frozenset(stored["days"]) if "days" in stored else default.days,
        )

    def as_stored(self) -> dict[str, Any]:
        """The window as a campaign stores it."""
        return {
            "start": f"{self.start:%H:%M}",
            "end": f"{self.end:%H:%M}",
            "days": sorted(self.days),
        }

    def describe(self) -> str:
        """The window as a person reads it, e.g. "09:00-20:00 Mon-Fri"."""
        days = sorted(self.days)
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
            day_text = f"{DAY_NAMES[days[0]]}-{DAY_NAMES[days[-1]]}"
        else:
            day_text = ",".join(DAY_NAMES[day] for day in days)
        return f"{self.start:%H:%M}-{self.end:%H:%M} {day_text}"


DEFAULT_WINDOW = CallingWindow()


def is_florida(country: str | None, region: str | None) -> bool:
    """Whether a lead is in Florida, where stricter hours and a daily call limit apply."""
    place = ((country or "").strip().upper(), (region or "").strip().upper())
    return place in {("US", "FL"), ("US", "US-FL")}


def effective_window(
    country: str | None, region: str | None, window: CallingWindow = DEFAULT_WINDOW
) -> CallingWindow | None:
    """The campaign window narrowed to the legal hours, or None if nothing of it is legal."""
    # The US hours are applied everywhere as a floor: no market we call expects calls at night.
    legal_start, legal_end = FLORIDA_HOURS if is_florida(country, region) else LEGAL_HOURS
    start, end = max(window.start, legal_start), min(window.end, legal_end)
    return CallingWindow(start, end, window.days) if start < end else None


def _as_zones(zones: Sequence[str] | str) -> tuple[str, ...]:
    # A lone zone name is a common slip; iterating it would yield its letters.
    return (zones,) if isinstance(zones, str) else tuple(zones)


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def closed_reason(
    zones: Sequence[str],
    country: str | None,
    region: str | None,
    at: datetime,
    window: CallingWindow = DEFAULT_WINDOW,
) -> str | None:
    """Why the lead may not be called at `at`, in plain English; None when it may."""
    _require_aware(at, "at")
    zones = _as_zones(zones)
    if not zones:
        return "No time zone is known for this lead; set its timezone or region."
    hours = effective_window(country, region, window)
    if hours is None:
        return f"The campaign window {window.describe()} lies outside the legal calling hours."
    for zone in zones:
        known = canonical_zone(zone)
        if known is None:
            return f'Time zone "{zone}" is not known; correct the lead\'s timezone.'
        local = at.astimezone(ZoneInfo(known))
        if local.weekday() not in hours.days or not hours.start <= local.time() < hours.end:
            return (
                f"It is {local:%H:%M} on {local:%A} in {known}; "
                f"calls are allowed {hours.describe()} there."
            )
    return None


def is_callable(
    zones: Sequence[str],
    country: str | None,
    region: str | None,
    at: datetime,
    window: CallingWindow = DEFAULT_WINDOW,
) -> bool:
    """Whether `at` is inside the calling hours in every one of the lead's zones."""
    return closed_reason(zones, country, region, at, window) is None


def callable_zone_set(
    zones_in_use: Iterable[str],
    country: str | None,
    region: str | None,
    at: datetime,
    window: CallingWindow = DEFAULT_WINDOW,
) -> set[str]:
    """The stored zone strings callable at `at`, for a `timezone IN (...)` filter.

    A stored string names every zone of a lead, space-separated; it is callable only while all of
    them are.
    """
    return {z for z in zones_in_use if is_callable(tuple(z.split()), country, region, at, window)}


def local_instant(day: date, wall: time, zone: str) -> datetime:
    """The first UTC instant at or after `wall` on `day` in `zone`.

    A wall time skipped by a spring-forward opens when the clocks jump; a wall time that
    happens twice in a fall-back opens at its first occurrence.
    """
    tz = ZoneInfo(zone)
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if _wall(first, tz) == naive:
        return first
    # In a gap, fold=1 reads the wall time with the later offset: an instant before the jump.
    low = int(naive.replace(tzinfo=tz, fold=1).timestamp())
    high = int(first.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if _wall(datetime.fromtimestamp(middle, UTC), tz) >= naive:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _wall(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def next_opening(
    zones: Sequence[str],
    country: str | None,
    region: str | None,
    after: datetime,
    window: CallingWindow = DEFAULT_WINDOW,
) -> datetime | None:
    """When the lead next becomes callable (UTC), or None if its zones never share open hours."""
    _require_aware(after, "after")
    if is_callable(zones, country, region, after, window):
        return after.astimezone(UTC)
    hours = effective_window(country, region, window)
    known = [canonical_zone(zone) for zone in _as_zones(zones)]
    if hours is None or not known or None in known:
        return None
    # The zones are first open together at the opening of one of them, so only those are tried.
    openings = sorted(
        local_instant(
            _wall(after, ZoneInfo(zone)).date() + timedelta(days=offset), hours.start, zone
        )
        for zone in known
        for offset in range(_SEARCH_DAYS)
    )
    for moment in openings:
        if moment > after and is_callable(known, country, region, moment, window):
            return moment
    return None


def _local_days(after: datetime, zone: str, count: int) -> list[date]:
    today = _wall(after, ZoneInfo(zone)).date()
    return [today + timedelta(days=offset) for offset in range(count)]


def _calls_in_last_day(recent_calls: Sequence[datetime], now: datetime) -> list[datetime]:
    since = now - FLORIDA_ROLLING_PERIOD
    return sorted(call for call in recent_calls if since < call <= now)


def florida_limit_reached(
    country: str | None, region: str | None, recent_calls: Sequence[datetime], now: datetime
) -> bool:
    """Whether a Florida lead has had its 3 calls in the rolling 24 hours before `now`."""
    _require_aware(now, "now")
    if not is_florida(country, region):
        return False
    return len(_calls_in_last_day(recent_calls, now)) >= FLORIDA_CALLS_PER_DAY


def florida_next_allowed(
    country: str | None, region: str | None, recent_calls: Sequence[datetime], now: datetime
) -> datetime:
    """The earliest time another call fits Florida's 3-calls-in-24-hours limit (or `now`)."""
    if not florida_limit_reached(country, region, recent_calls, now):
        return now
    calls = _calls_in_last_day(recent_calls, now)
    # The limit lifts once the oldest of the last three calls is 24 hours behind us.
    return calls[-FLORIDA_CALLS_PER_DAY] + FLORIDA_ROLLING_PERIOD


def needs_recording_disclosure(
    country: str | None, region: str | None, *, agent_region: str | None = None
) -> bool:
    """Whether to play a recording disclosure: all-party consent on either end, or unknown law.

    Outside the US, and for a US lead whose state is unknown, the stricter choice is to disclose.
    """
    if (country or "").upper() != "US":
        return True
    states = {(region or "").upper(), (agent_region or "").upper()}
    return not region or bool(states & ALL_PARTY_CONSENT_STATES)
