"""What an erased lead keeps and how it reads: rules of erasure and of retention.

An erased lead keeps its row, its status and dates and its calls' dispositions and scores, so
the figures still count it; every word about the person goes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

FIRST_NAME, LAST_NAME = "Erased", "lead"  # so every page that names the lead reads "Erased lead"
DIALLABLE = frozenset({"new", "queued", "nurture"})  # statuses that could reach the queue again
AFTER_ERASURE = "closed"


def placeholder_phone(lead_id: int) -> str:
    """The phone an erased lead carries: unique (one lead per phone in a campaign), no number."""
    return f"erased-{lead_id}"


def status_after(status: str) -> str:
    """An erased lead is never dialled: a status that could bring it back to the queue closes;
    one that records how it ended (meeting, disqualified, dnc, closed) stays for the figures."""
    return AFTER_ERASURE if status in DIALLABLE else status


def stripped_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Script answers without the person's words: a choice made stays (calibration counts it),
    a typed answer is emptied."""
    kept: dict[str, Any] = {}
    for step, answer in answers.items():
        if isinstance(answer, Mapping) and "choice" in answer:
            kept[step] = {"choice": answer["choice"]}
        else:
            kept[step] = {"text": ""}
    return kept


def months_before(moment: datetime, months: int) -> datetime:
    """The same time `months` calendar months earlier (the 31st falls back to the month's last
    day): where a retention period of that many months starts."""
    if months < 0:
        raise ValueError("months must be zero or more")
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    following = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last_day = (following - timedelta(days=1)).day
    return moment.replace(year=year, month=month + 1, day=min(moment.day, last_day))
