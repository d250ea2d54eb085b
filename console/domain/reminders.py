"""Reminders and alerts: when each falls due, and the sentence it says to the person it is for.

A callback is remembered a few minutes before it is due; sales is warned while a few business
hours are left on the review clock; the floor is told when a fresh need lead has waited past its
campaign's speed-to-lead window although telecallers are free to call it. Every time in a
sentence is written in the zone of the person who reads it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from console.domain.calendar import REVIEW_HOURS, business_hours_between, wall_time
from console.domain.queue import Bucket, Candidate, QueuePolicy, bucket_of, why_not

MEETING_AHEAD = timedelta(minutes=30)  # the rep is reminded of a meeting this long before it
CALLBACK_AHEAD = timedelta(minutes=5)  # a callback is remembered this long before it is due
# An open callback older than this is the queue's business (it hands it to anyone), not news.
CALLBACK_STALE = timedelta(hours=12)
REVIEW_WARNING_HOURS = 4  # sales is warned when this many business hours are left, or fewer
# Four business hours never span more than this much of the calendar (Friday 17:00 to Monday
# 13:00 is the longest), so meetings due later need no look yet.
REVIEW_WARNING_REACH = timedelta(days=4)
# A lead past its window by more than this is backlog (it waited overnight, outside calling hours),
# not news: the floor is not flooded each morning with every lead that arrived at night.
SPEED_ALERT_FOR = timedelta(hours=4)
NOBODY = 0  # no telecaller has this id: a lead anyone holds counts as claimed


class NoticeKind(StrEnum):
    """What a notice is about; each kind is done when its own thing is acted on."""

    callback_due = "callback_due"  # done when the lead is called
    review_clock = "review_clock"  # done when sales accepts or rejects the meeting
    speed_to_lead = "speed_to_lead"  # done when a telecaller claims the lead
    meeting_soon = "meeting_soon"  # done when the meeting begins, or is no longer coming


def callback_reminder_due(due_at: datetime, now: datetime) -> bool:
    """Whether an open callback due at `due_at` is remembered now."""
    return due_at - CALLBACK_AHEAD <= now < due_at + CALLBACK_STALE


def meeting_reminder_due(starts_at: datetime, now: datetime) -> bool:
    """Whether the rep is reminded now of a meeting starting at `starts_at`: within
    MEETING_AHEAD of its start, and not begun (a reminder after the start is no use)."""
    return starts_at - MEETING_AHEAD <= now < starts_at


def meeting_reminder(
    lead: str, campaign: str, starts_at: datetime, now: datetime, zone: str
) -> tuple[str, str]:
    """The rep's reminder of a meeting about to begin: the email's subject, and the sentence
    (the notice, and the email's first line), in the rep's zone."""
    minutes = max(1, round((starts_at - now).total_seconds() / 60))
    soon = "in 1 minute" if minutes == 1 else f"in {minutes} minutes"
    when = wall_time(starts_at, zone)
    subject = f"Reminder: meeting with {lead} {soon}, {when}"
    sentence = (
        f"Your meeting with {lead} ({campaign}) starts {soon}, at {when}: "
        "read the evidence packet before you join."
    )
    return subject, sentence


def review_warning_due(review_due_at: datetime, now: datetime, zone: str) -> bool:
    """Whether so few business hours (in the sales rep's zone) are left that sales is warned;
    a review already overdue is warned about too."""
    return business_hours_between(now, review_due_at, zone) <= REVIEW_WARNING_HOURS


def speed_to_lead_missed(lead: Candidate, now: datetime, policy: QueuePolicy) -> bool:
    """Whether a fresh need lead has waited past the speed-to-lead window while anyone could
    call it now (unclaimed, inside calling hours, not on the do-not-call list)."""
    if why_not(lead, NOBODY, now, policy) is not None:
        return False
    if bucket_of(lead, NOBODY, now, policy) is not Bucket.fresh_need:
        return False
    waited = now - lead.arrived_at
    return policy.speed_to_lead <= waited < policy.speed_to_lead + SPEED_ALERT_FOR


def who(name: str, company: str) -> str:
    """A lead as a sentence names them: "Ada Byron (Engines Ltd)"."""
    if name and company:
        return f"{name} ({company})"
    return name or company or "a lead with no name"


def callback_sentence(
    lead: str, due_at: datetime, now: datetime, zone: str, *, mine: bool, note: str = ""
) -> str:
    """The reminder of a callback: to its telecaller, or to the floor when it is anyone's."""
    when = f"{'is' if due_at > now else 'was'} due at {wall_time(due_at, zone)}"
    if mine:
        sentence = f"Your callback to {lead} {when}: call back as you promised."
    else:
        sentence = f"A callback to {lead}, open to anyone, {when}: see that someone calls back."
    note = " ".join(note.split())
    return f'{sentence} Note: "{note}"' if note else sentence


def review_sentence(lead: str, review_due_at: datetime, now: datetime, zone: str) -> str:
    """The warning to a sales rep that the review clock is running out (or has run out)."""
    due = wall_time(review_due_at, zone)
    if review_due_at <= now:
        return (
            f"The meeting with {lead} was due for review at {due}: accept or reject it now, "
            "so the telecaller hears back."
        )
    return (
        f"Review the meeting with {lead} by {due}: fewer than {REVIEW_WARNING_HOURS} of the "
        f"{REVIEW_HOURS} business hours sales has to accept or reject it are left."
    )


def speed_sentence(
    lead: str,
    campaign: str,
    arrived_at: datetime,
    window: timedelta,
    available: int,
    zone: str,
) -> str:
    """The alert to the floor that a fresh need lead is waiting past speed to lead."""
    free = "1 telecaller is" if available == 1 else f"{available} telecallers are"
    return (
        f"{lead}, a need lead in {campaign}, arrived at {wall_time(arrived_at, zone)} and has not "
        f"been called within the {span(window)} speed-to-lead window, though {free} available: "
        "hand it to one of them."
    )


def span(length: timedelta) -> str:
    """A window as people say it: "45-minute", "1-hour", "90-minute", "2-hour"."""
    minutes = int(length.total_seconds() // 60)
    if minutes >= 60 and minutes % 60 == 0:
        return f"{minutes // 60}-hour"
    return f"{minutes}-minute"
