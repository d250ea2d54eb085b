"""Times a person books ahead (a meeting, a callback, a new slot): ISO 8601 text, an optional IANA
zone to read a local time in, and the booking horizon, checked against the clock the reader
passes as validation context ({"now": ...}; the app's clock when none is passed)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field, ValidationInfo

from console import clock
from console.domain.meetings import BOOKING_HORIZON

EXAMPLE = "2026-11-24T10:00:00-05:00"


def _iso(raw: Any) -> datetime:
    if isinstance(raw, datetime):  # a service building the model from its own values
        return raw
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError(f"give the date and time as ISO 8601 text, e.g. {EXAMPLE}")
    try:
        return datetime.fromisoformat(raw.strip())
    except ValueError:
        said = raw[:40]
        raise ValueError(f"{said!r} is not a date and time; use ISO 8601, e.g. {EXAMPLE}") from None


def _zone(raw: Any) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None  # no zone named: the lead's (or the rep's) is used
    if not isinstance(raw, str) or len(raw) > 64:
        raise ValueError("give an IANA time zone such as America/New_York")
    try:
        ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{raw!r} is not an IANA time zone; e.g. America/New_York") from None
    return raw.strip()


Moment = Annotated[
    datetime,
    BeforeValidator(_iso),
    Field(description=f"ISO 8601; without an offset it is read in `timezone`, e.g. {EXAMPLE}"),
]
Zone = Annotated[
    str | None,
    BeforeValidator(_zone),
    Field(description="an IANA time zone for a time given without an offset"),
]


def in_zone(at: datetime, zone: str) -> datetime:
    """`at` as an aware time: one without an offset is read in `zone`."""
    return at if at.tzinfo is not None else at.replace(tzinfo=ZoneInfo(zone))


def within_horizon(at: datetime, info: ValidationInfo, zone_field: str = "timezone") -> datetime:
    """`at`, unless it is further ahead than bookings go (a year 9999 is no error page). A time
    without offset or zone is measured as UTC here: hours either way do not matter at a year."""
    now = (info.context or {}).get("now") or clock.now()
    zone = info.data.get(zone_field)
    try:
        beyond = in_zone(at, zone or "UTC") > now + BOOKING_HORIZON
    except OverflowError:
        beyond = True
    if beyond:
        raise ValueError("pick a time within the next 12 months")
    return at
