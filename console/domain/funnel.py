"""Today's funnel on the floor: the stages a lead goes through, and what "today" is for a reader."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

STAGES = (
    ("arrived", "Leads arrived"),
    ("dialled", "Dialled"),
    ("connected", "Connected"),
    ("conversations", "Conversations"),
    ("qualified", "Qualified"),
    ("booked", "Meetings booked"),
    ("accepted", "Accepted"),
    ("held", "Held"),
)
# Which outcome flag counts an outcome in a stage (console.domain.dispositions.Flag's values).
OUTCOME_STAGES = {
    "connected": "human_answered",
    "conversations": "conversation",
    "qualified": "qualified",
}
# Which review step counts a meeting in a stage.
REVIEW_STAGES = {"accept": "accepted", "held": "held"}


def today(now: datetime, zone: str) -> tuple[datetime, datetime]:
    """Today in the reader's zone, [midnight, next midnight), as aware instants."""
    where = ZoneInfo(zone)
    day = now.astimezone(where).date()
    start = datetime.combine(day, time(), where)
    return start, datetime.combine(day + timedelta(days=1), time(), where)


def blank() -> dict[str, int]:
    """A row with every stage at zero."""
    return {key: 0 for key, _ in STAGES}
