"""Leads that come back from nurture: why each left, what changed since, and when each is due.

A lead waits in nurture until its follow-up date, then comes back to the queue (console.domain.
queue). The telecaller who takes it reads, in a sentence, why it left and what to do differently;
the team lead sees how many come back this week and next, by why they left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from console.domain.criteria import ASK_WORDING, CRITERIA_NAMES, Criteria
from console.domain.queue import ago


class FollowUpReason(StrEnum):
    """Why a lead waits in nurture for its follow-up date."""

    interest = "interest"  # it came in as interest, which the campaign does not call at once
    nurture = "nurture"  # a call's outcome sent it there
    rejected = "rejected"  # sales rejected the handoff
    no_show = "no_show"  # nobody came to the meeting


REASON_LABELS = {
    FollowUpReason.nurture: "Nurture",
    FollowUpReason.rejected: "Rejected by sales",
    FollowUpReason.no_show: "No-show",
    FollowUpReason.interest: "Interest only",
}
# When a follow-up falls, as the team lead's pipeline counts them.
HORIZONS = {
    "overdue": "Due, not called yet",
    "this_week": "Coming back this week",
    "next_week": "Coming back next week",
}
_REJECTED_AS = {
    "procedural": "it went to the wrong place; check the campaign and who takes it",
    "clerical": "the record was wrong or incomplete; check the details first",
}
SAID_LIMIT = 200  # characters of a note quoted in the sentence


def reason_of(stored: str | None) -> FollowUpReason:
    """The stored reason; a lead sent to nurture before reasons were kept counts as nurture."""
    try:
        return FollowUpReason(stored)
    except ValueError:
        return FollowUpReason.nurture


@dataclass(frozen=True)
class Departure:
    """Why a lead left the queue and what was said then (read from its outcome or review)."""

    reason: FollowUpReason
    left_at: datetime
    due_at: datetime
    said: str = ""  # the telecaller's notes, or the sales rep's note
    rejected_as: str | None = None  # procedural, clerical or definitional
    overturned: tuple[str, ...] = ()  # the criteria sales said were scored wrong
    form: str | None = None  # the form an interest lead came in on
    touches_since: int = 0  # times the lead reached us again while it waited


def came_back(departure: Departure, now: datetime, zone: str) -> str:
    """The sentence a telecaller reads on a lead back from nurture, with times relative to now
    and days counted where the telecaller is (`zone`)."""
    left = departure
    heads = {
        FollowUpReason.rejected: f"Rejected by sales {ago(now - left.left_at)}",
        FollowUpReason.no_show: f"No-show {ago(now - left.left_at)}",
        FollowUpReason.nurture: f"Nurture since {ago(now - left.left_at)}",
        FollowUpReason.interest: f"Interest only since {ago(now - left.left_at)}",
    }
    said = _quoted(left.said)
    if left.reason is FollowUpReason.rejected:
        what = _rejected(left.rejected_as, left.overturned)
    elif left.reason is FollowUpReason.no_show:
        what = "the meeting did not happen; call to rebook it"
    elif left.reason is FollowUpReason.interest:
        form = f"from the {left.form} form; " if left.form else ""
        what = f"{form}find out whether there is a need now"
    else:
        what, said = said or "no reason was noted", ""
    sentence = f"{heads[left.reason]}: {what}; follow-up due {due(left.due_at, now, zone)}."
    if said:
        sentence += f' The sales rep said: "{said}".'
    if left.touches_since:
        times = "once" if left.touches_since == 1 else f"{left.touches_since} times"
        sentence += f" It reached us again since: {times}."
    return sentence


def _rejected(rejected_as: str | None, overturned: tuple[str, ...]) -> str:
    criteria = [Criteria(name) for name in overturned if name in CRITERIA_NAMES]
    if criteria:
        named = " and ".join(criteria)
        return f"{named} overturned; " + ", ".join(ASK_WORDING[c] for c in criteria)
    return _REJECTED_AS.get(rejected_as or "", "check what sales said before the call")


def _quoted(said: str) -> str:
    words = " ".join(said.split()).rstrip(".")
    return words if len(words) <= SAID_LIMIT else words[: SAID_LIMIT - 1].rstrip() + "…"


def due(due_at: datetime, now: datetime, zone: str) -> str:
    """The follow-up's day as the viewer counts days: today, yesterday, 3 days ago, in 2 days."""
    place = ZoneInfo(zone)
    days = (now.astimezone(place).date() - due_at.astimezone(place).date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    return f"{days} days ago" if days > 0 else f"in {-days} days"


@dataclass(frozen=True)
class Weeks:
    """The pipeline's horizons (HORIZONS): due by now, due before this week ends, due before
    next week ends."""

    now: datetime
    this_week_ends: datetime
    next_week_ends: datetime


def weeks_from(now: datetime, zone: str) -> Weeks:
    """This week and next as the viewer lives them: each ends at midnight into Monday there."""
    place = ZoneInfo(zone)
    monday = now.astimezone(place).date() + timedelta(days=7 - now.astimezone(place).weekday())
    ends = [
        datetime.combine(monday + timedelta(weeks=k), time(0), place).astimezone(UTC)
        for k in (0, 1)
    ]
    return Weeks(now, *ends)
