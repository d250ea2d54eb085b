"""Which lead a telecaller gets next: who may be called, in which bucket, and in what order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from console.domain.compliance import DEFAULT_WINDOW, CallingWindow
from console.domain.dialling import Bar, barred

NEED = "need"
INTEREST = "interest"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class LeadStatus(StrEnum):
    """Where a lead stands; only queued leads are dialled."""

    new = "new"
    queued = "queued"
    nurture = "nurture"
    meeting = "meeting"
    disqualified = "disqualified"
    dnc = "dnc"
    closed = "closed"


class Bucket(StrEnum):
    """The queue's buckets, most urgent first."""

    personal_callback = "personal_callback"
    fresh_need = "fresh_need"
    shared_callback = "shared_callback"
    retry = "retry"
    follow_up = "follow_up"  # back from nurture: its follow-up date has come
    backlog = "backlog"


class Blocker(StrEnum):
    """Why a lead cannot go to this telecaller now, checked in this order."""

    dnc = "dnc"
    not_queued = "not_queued"
    awaiting_follow_up = "awaiting_follow_up"
    interest_only = "interest_only"
    claimed = "claimed"
    callback_for_someone_else = "callback_for_someone_else"
    callback_not_due = "callback_not_due"
    awaiting_retry = "awaiting_retry"
    outside_calling_hours = "outside_calling_hours"
    florida_limit = "florida_limit"


# What keeps leads from a telecaller, in words: one table for the pure pick and the SQL counts.
BLOCKER_PHRASES = {
    Blocker.dnc: "on the do-not-call list",
    Blocker.not_queued: "not in the queue",
    Blocker.awaiting_follow_up: "waiting for their follow-up date",
    Blocker.interest_only: "interest only (left to nurture)",
    Blocker.claimed: "held by another telecaller",
    Blocker.callback_for_someone_else: "callbacks promised by another telecaller",
    Blocker.callback_not_due: "callbacks not due yet",
    Blocker.awaiting_retry: "waiting for their next attempt",
    Blocker.outside_calling_hours: "outside calling hours in the lead's time zone",
    Blocker.florida_limit: "at Florida's limit of 3 calls in 24 hours",
}


@dataclass(frozen=True)
class Candidate:
    """What the queue needs to know about one lead; ids must compare with each other."""

    id: int | str
    intent: str
    arrived_at: datetime
    attempts: int = 0
    next_attempt_at: datetime | None = None
    callback_at: datetime | None = None
    callback_owner_id: int | str | None = None
    priority: int = 0
    zones: tuple[str, ...] = ()
    country: str | None = None
    region: str | None = None
    dnc: bool = False
    status: str = LeadStatus.queued
    lease_owner_id: int | str | None = None
    lease_expires_at: datetime | None = None
    recent_calls: tuple[datetime, ...] = ()
    holder_working: bool = False  # the lease holder's call on it is live or awaits its outcome
    # A lead in nurture comes back on this date; it stays set on a lead taken back into the
    # queue until the first call of its new round (see take_back).
    follow_up_at: datetime | None = None


@dataclass(frozen=True)
class QueuePolicy:
    """A campaign's queue settings."""

    window: CallingWindow = DEFAULT_WINDOW
    speed_to_lead: timedelta = timedelta(hours=1)
    callback_grace: timedelta = timedelta(minutes=30)
    call_interest: bool = False
    follow_ups_first: bool = False  # due follow-ups before fresh need, not after retries


DEFAULT_POLICY = QueuePolicy()


def bucket_order(policy: QueuePolicy = DEFAULT_POLICY) -> tuple[Bucket, ...]:
    """The buckets, most urgent first: follow-ups after retries, or (when the campaign puts them
    first) right after the telecaller's own callbacks, before fresh need."""
    order = [bucket for bucket in Bucket if bucket is not Bucket.follow_up]
    order.insert(1 if policy.follow_ups_first else order.index(Bucket.backlog), Bucket.follow_up)
    return tuple(order)


def _rank(bucket: Bucket, policy: QueuePolicy) -> int:
    return bucket_order(policy).index(bucket)


def in_queue(candidate: Candidate) -> bool:
    """Whether the lead waits in the queue: queued, or in nurture with a follow-up date."""
    if candidate.status == LeadStatus.nurture:
        return candidate.follow_up_at is not None
    return candidate.status == LeadStatus.queued


def take_back(candidate: Candidate) -> dict[str, object]:
    """What a lead claimed for its follow-up becomes (no change for any other lead).

    It is queued again with a new round of attempts, so the cadence, the attempt limit and the
    retries start over, and no old retry is pending. Its follow-up date stays until the round's
    first outcome clears it: released before that, the lead keeps its place among follow-ups.
    """
    if candidate.status != LeadStatus.nurture:
        return {}
    return {"status": LeadStatus.queued, "attempts": 0, "next_attempt_at": None}


def _called_anyway(lead: Candidate) -> bool:
    # An interest lead the campaign does not call is still called when something is due on it:
    # its follow-up from nurture, or a callback promised to it.
    return lead.follow_up_at is not None or lead.callback_at is not None


@dataclass(frozen=True)
class Pick:
    """The lead to call next and why; when there is none, `why` counts what blocked each lead."""

    lead: Candidate | None
    bucket: Bucket | None
    reason: str
    why: dict[str, int] = field(default_factory=dict)


def is_leased_by_someone_else(candidate: Candidate, agent_id: int | str, now: datetime) -> bool:
    """Whether another telecaller holds the lead: an unexpired lease (claim), or a lapsed one
    while their work on it is in progress (a call live, or over and awaiting its outcome)."""
    expires_at = candidate.lease_expires_at
    owner = candidate.lease_owner_id
    if owner is None or owner == agent_id:
        return False
    return candidate.holder_working or (expires_at is not None and expires_at > now)


def why_outcome_keeps_lead(
    candidate: Candidate,
    agent_id: int | str,
    now: datetime,
    *,
    moved_on: bool,
    erased: bool = False,
) -> str | None:
    """Why a call's outcome must not move its lead, in a sentence for the telecaller; None when
    it may. It may unless the person's data was erased meanwhile, the lead has moved on since the
    call began (another call's outcome moved it) or another telecaller holds it now."""
    if erased:
        why = "the person asked for their data to be erased, so the lead is closed"
    elif moved_on:
        why = "another call's outcome has moved it since your call began"
    elif is_leased_by_someone_else(candidate, agent_id, now):
        why = "another telecaller holds it now"
    else:
        return None
    return (
        f"Your outcome is saved for this call, but the lead was not moved: {why}. "
        "Tell your team lead if it should change."
    )


def _callback_is_anyones(lead: Candidate, now: datetime, policy: QueuePolicy) -> bool:
    # An overdue personal callback is opened to everyone so it never goes stale.
    return lead.callback_owner_id is None or now - lead.callback_at > policy.callback_grace


def why_not(
    candidate: Candidate, agent_id: int | str, now: datetime, policy: QueuePolicy = DEFAULT_POLICY
) -> Blocker | None:
    """The first reason this telecaller may not get the lead now; None when they may.

    What bars anyone from calling it (console.domain.dialling) is the dial's own rule; the
    do-not-call list comes first, calling hours and Florida's limit after the queue's reasons.
    """
    lead = candidate
    bar = barred(lead, now, policy.window)
    if bar is not None and bar.code is Bar.dnc:
        return Blocker.dnc
    if not in_queue(lead):
        return Blocker.not_queued
    if _later(lead.follow_up_at, now):
        return Blocker.awaiting_follow_up
    if lead.intent != NEED and not policy.call_interest and not _called_anyway(lead):
        return Blocker.interest_only
    if is_leased_by_someone_else(lead, agent_id, now):
        return Blocker.claimed
    if lead.callback_at is not None:
        if lead.callback_owner_id != agent_id and not _callback_is_anyones(lead, now, policy):
            return Blocker.callback_for_someone_else
        if lead.callback_at > now:
            return Blocker.callback_not_due
    elif lead.follow_up_at is None and _later(lead.next_attempt_at, now):
        return Blocker.awaiting_retry
    return None if bar is None else Blocker(bar.code.value)


def _later(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment > now


def bucket_of(
    candidate: Candidate, agent_id: int | str, now: datetime, policy: QueuePolicy = DEFAULT_POLICY
) -> Bucket:
    """The bucket a lead falls in for this telecaller (meaningful for leads why_not allows)."""
    lead = candidate
    if lead.callback_at is not None and lead.callback_at <= now:
        # Its owner keeps an overdue callback first in line; to others it is a shared one.
        mine = lead.callback_owner_id is not None and lead.callback_owner_id == agent_id
        return Bucket.personal_callback if mine else Bucket.shared_callback
    if lead.follow_up_at is not None:
        return Bucket.follow_up
    if lead.attempts == 0 and lead.intent == NEED:
        return Bucket.fresh_need
    if lead.next_attempt_at is not None and lead.next_attempt_at <= now:
        return Bucket.retry
    return Bucket.backlog


def _inside_speed_to_lead(lead: Candidate, now: datetime, policy: QueuePolicy) -> bool:
    return now - lead.arrived_at < policy.speed_to_lead


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def sort_key(
    candidate: Candidate, agent_id: int | str, now: datetime, policy: QueuePolicy = DEFAULT_POLICY
) -> tuple[int, int, int, int, int | str]:
    """The lead's place in the queue: smaller is sooner."""
    lead = candidate
    bucket = bucket_of(lead, agent_id, now, policy)
    rank = _rank(bucket, policy)
    if bucket in (Bucket.personal_callback, Bucket.shared_callback):
        return (rank, 0, _micros(lead.callback_at), 0, lead.id)
    if bucket is Bucket.fresh_need:
        # Inside the speed-to-lead window the oldest is most at risk; past it, a fresher
        # lead still has more to gain, so the order flips to newest first.
        if _inside_speed_to_lead(lead, now, policy):
            return (rank, 0, _micros(lead.arrived_at), 0, lead.id)
        return (rank, 1, -_micros(lead.arrived_at), 0, lead.id)
    if bucket is Bucket.retry:
        return (rank, 0, _micros(lead.next_attempt_at), 0, lead.id)
    if bucket is Bucket.follow_up:
        # One taken back already (and released) goes before those still in nurture.
        waiting = 0 if lead.status == LeadStatus.queued else 1
        return (rank, waiting, _micros(lead.follow_up_at), 0, lead.id)
    return (rank, 0, -lead.priority, _micros(lead.arrived_at), lead.id)


def pick_next(
    candidates: Iterable[Candidate],
    agent_id: int | str,
    now: datetime,
    policy: QueuePolicy = DEFAULT_POLICY,
) -> Pick:
    """The lead this telecaller should call next, with a reason; or why there is none."""
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")
    blocked: Counter[Blocker] = Counter()
    eligible = []
    for candidate in candidates:
        blocker = why_not(candidate, agent_id, now, policy)
        if blocker is None:
            eligible.append(candidate)
        else:
            blocked[blocker] += 1
    if not eligible:
        why = {blocker.value: count for blocker, count in _commonest_first(blocked)}
        return Pick(lead=None, bucket=None, reason=_nothing_to_call(blocked), why=why)
    lead = min(eligible, key=lambda candidate: sort_key(candidate, agent_id, now, policy))
    bucket = bucket_of(lead, agent_id, now, policy)
    return Pick(lead=lead, bucket=bucket, reason=explain(lead, bucket, now, policy))


def explain(lead: Candidate, bucket: Bucket, now: datetime, policy: QueuePolicy) -> str:
    """A sentence for the telecaller saying why this lead is next."""
    if bucket is Bucket.personal_callback:
        return f"Your callback, due {ago(now - lead.callback_at)}: call back as you promised."
    if bucket is Bucket.shared_callback:
        if lead.callback_owner_id is None:
            return f"Callback due {ago(now - lead.callback_at)}, open to anyone: call back now."
        return (
            f"Another telecaller's callback is {span(now - lead.callback_at)} overdue, "
            "so it is anyone's now: call back before it goes stale."
        )
    age = span(now - lead.arrived_at)
    if bucket is Bucket.fresh_need and _inside_speed_to_lead(lead, now, policy):
        return (
            f"Fresh need lead, {age} old: call inside the speed-to-lead window "
            f"({span(policy.speed_to_lead)})."
        )
    if bucket is Bucket.fresh_need:
        return f"Need lead never called, {age} old: the freshest of those past speed-to-lead."
    if bucket is Bucket.retry:
        return f"Retry due {ago(now - lead.next_attempt_at)}: this is attempt {lead.attempts + 1}."
    if bucket is Bucket.follow_up:
        return (
            f"Follow-up due {ago(now - lead.follow_up_at)}: back from nurture "
            "for a new round of calls."
        )
    return f"Nothing more urgent is waiting: priority {lead.priority}, arrived {age} ago."


def _nothing_to_call(blocked: Counter[Blocker]) -> str:
    if not blocked:
        return "The queue is empty: no leads are waiting."
    return nothing_to_call({blocker.value: count for blocker, count in _commonest_first(blocked)})


def nothing_to_call(why: dict[str, int]) -> str:
    """Why no lead can be called, in a sentence, from the leads counted by what blocks each."""
    parts = [f"{count} {BLOCKER_PHRASES[Blocker(name)]}" for name, count in why.items()]
    return "No lead can be called right now: " + "; ".join(parts) + "."


def _commonest_first(blocked: Counter[Blocker]) -> list[tuple[Blocker, int]]:
    # Ties go in Blocker order, so the same leads always give the same sentence.
    order = list(Blocker)
    return sorted(blocked.items(), key=lambda item: (-item[1], order.index(item[0])))


def ago(delta: timedelta) -> str:
    """How long ago, as people say it: "just now", "5 minutes ago", "2 months ago"."""
    return "just now" if delta < timedelta(minutes=1) else f"{span(delta)} ago"


def span(delta: timedelta) -> str:
    """A length of time in the largest unit that reads naturally ("90 minutes", "3 days")."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 120:
        count, unit = minutes, "minute"
    elif minutes < 48 * 60:
        count, unit = minutes // 60, "hour"
    elif minutes < 60 * 24 * 60:
        count, unit = minutes // (24 * 60), "day"
    else:
        count, unit = minutes // (30 * 24 * 60), "month"
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
