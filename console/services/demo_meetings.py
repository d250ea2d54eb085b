"""Demo meetings as sales worked them: reviewed, held or not, opened, won, some still waiting."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from console.domain.calendar import review_due_at
from console.domain.handoff import HandoffRule
from console.domain.meetings import (
    MeetingStatus,
    after_no_show,
    after_rejection,
    rejection,
    transition,
)
from console.domain.queue import LeadStatus
from console.models import Campaign, Lead, Meeting, MeetingReview, User

# Where each meeting ends up, and the actions sales takes, in order, to get it there.
PATHS: dict[str, tuple[str, ...]] = {
    "booked-fresh": (),
    "booked-overdue": (),
    "accepted": ("accept",),
    "rejected-definitional": ("reject",),
    "rejected-clerical": ("reject",),
    "rejected-procedural": ("reject",),
    "held": ("accept", "held"),
    "no_show": ("accept", "no_show"),
    "opportunity": ("accept", "held", "opportunity"),
    "won": ("accept", "held", "opportunity", "won"),
    "lost": ("accept", "held", "opportunity", "lost"),
}
# Every stage the dashboards show appears at least once when the meetings' ages allow it.
REQUIRED = ("booked-fresh", "won", "opportunity", "booked-overdue", "held", "no_show", "accepted",
            "rejected-definitional", "rejected-clerical", "rejected-procedural")  # fmt: skip
# The rest: no more rejections, so acceptance lands near 85%; no-shows near 30% of meetings due.
OTHERS = {"won": 3, "lost": 1, "opportunity": 2, "held": 2, "no_show": 3, "accepted": 2,
          "booked-fresh": 1}  # fmt: skip
REJECTIONS = {
    "definitional": (["authority"], "The contact gathers quotes for their VP, who had not heard "
                     "of us; authority was scored too high."),
    "clerical": ([], "The number is the switchboard and the email bounced; fix the record."),
    "procedural": ([], "Partner territory: this account belongs to the channel team."),
}  # fmt: skip
OVERDUE_LIMIT = timedelta(days=12)  # an unreviewed meeting older than this would look abandoned


@dataclass
class Booking:
    """A meeting booked on a handoff call, with what settling it later needs."""

    meeting: Meeting
    lead: Lead
    campaign: Campaign
    rep: User


@dataclass(frozen=True)
class Timeline:
    """When each step of a meeting would happen if sales took it."""

    booking: Booking
    steps: dict[str, datetime]
    amount_cents: int


def meeting_start(rng: random.Random, booked_at: datetime, zone: str) -> datetime:
    """A meeting slot 2-6 days after booking, on a weekday inside the rep's business hours."""
    tz = ZoneInfo(zone)
    day = booked_at.astimezone(tz).date() + timedelta(days=rng.randint(2, 6))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    slot = time(rng.randint(10, 15), rng.choice((0, 30)))
    return datetime.combine(day, slot, tz).astimezone(UTC)


def settle(*, session: Session, rng: random.Random, bookings: list[Booking], now: datetime) -> None:
    """Take every booked meeting as far along the review loop as its age allows."""
    for booking in bookings:
        meeting = booking.meeting
        meeting.review_due_at = review_due_at(meeting.created_at, booking.rep.timezone)
    timelines = [_timeline(rng, b) for b in sorted(bookings, key=lambda b: b.meeting.created_at)]
    for timeline, target in zip(timelines, _targets(rng, timelines, now), strict=True):
        _play(session, timeline, target)


def _timeline(rng: random.Random, booking: Booking) -> Timeline:
    meeting = booking.meeting
    reviewed = min(
        meeting.created_at + timedelta(hours=rng.uniform(0.5, 18)),
        meeting.starts_at - timedelta(hours=1),
    )
    done = meeting.starts_at + timedelta(minutes=meeting.duration_minutes + rng.randint(5, 90))
    opened = done + timedelta(days=rng.uniform(0.5, 3))
    closed = opened + timedelta(days=rng.uniform(4, 12))
    steps = {"accept": reviewed, "reject": reviewed, "held": done, "no_show": done}
    steps |= {"opportunity": opened, "won": closed, "lost": closed}
    return Timeline(booking, steps, rng.randrange(60, 480) * 10_000)


def _feasible(target: str, timeline: Timeline, now: datetime) -> bool:
    meeting = timeline.booking.meeting
    if target == "booked-fresh":
        return meeting.review_due_at > now
    if target == "booked-overdue":
        return meeting.review_due_at <= now and now - meeting.created_at < OVERDUE_LIMIT
    if target == "accepted" and now > meeting.starts_at + timedelta(days=1):
        return False  # an accepted meeting that long past would have been marked held
    return timeline.steps[PATHS[target][-1]] < now


def _targets(rng: random.Random, timelines: list[Timeline], now: datetime) -> list[str]:
    targets: list[str | None] = [None] * len(timelines)
    wanted = list(REQUIRED)
    while wanted:
        # The most constrained stage first, so a rare meeting is not spent on a common stage.
        fits = {t: [i for i, tl in enumerate(timelines) if not targets[i] and _feasible(t, tl, now)]
                for t in wanted}  # fmt: skip
        target = min(wanted, key=lambda t: len(fits[t]) or len(timelines) + 1)
        wanted.remove(target)
        if fits[target]:
            targets[rng.choice(fits[target])] = target
    for index, timeline in enumerate(timelines):
        if targets[index] is None:
            weights = {t: w for t, w in OTHERS.items() if _feasible(t, timeline, now)}
            weights = weights or {"booked-overdue": 1}
            targets[index] = rng.choices(list(weights), list(weights.values()))[0]
    return targets


def _play(session: Session, timeline: Timeline, target: str) -> None:
    booking = timeline.booking
    status = MeetingStatus.BOOKED
    for action in PATHS[target]:
        at = timeline.steps[action]
        review = MeetingReview(
            meeting_id=booking.meeting.id, reviewer_id=booking.rep.id, action=action, created_at=at
        )
        status = _take(booking, review, status, target, timeline.amount_cents)
        booking.meeting.updated_at = booking.lead.updated_at = at
        session.add(review)
    booking.meeting.status = str(status)


def _take(
    booking: Booking, review: MeetingReview, status: MeetingStatus, target: str, amount: int
) -> MeetingStatus:
    """One step sales took, what it did to the lead, and the meeting's status after it."""
    meeting, lead, at = booking.meeting, booking.lead, review.created_at
    rule = HandoffRule.from_dict(booking.campaign.handoff_rule)
    rejected = None
    if review.action == "reject":
        review.reason = target.removeprefix("rejected-")
        overturned, review.note = REJECTIONS[review.reason]
        review.overturned = list(overturned)
        rejected = rejection(review.reason, overturned, review.note)
        lead.status = LeadStatus.nurture
        lead.follow_up_at = after_rejection(rule, rejected, at).follow_up_at
    elif review.action == "no_show":
        lead.status = LeadStatus.nurture
        lead.follow_up_at = after_no_show(rule, at).follow_up_at
    elif review.action in ("won", "lost"):
        lead.status = LeadStatus.closed
    if review.action in ("opportunity", "won"):
        review.amount_cents = meeting.amount_cents = amount
    if review.action in ("accept", "reject"):
        meeting.reviewed_at = at
    return transition(status, review.action, amount=review.amount_cents, rejected=rejected)
