"""The sales review loop: a handed-off meeting is accepted or rejected, then held, then won."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from console.domain.criteria import CRITERIA_NAMES, Criteria, FieldsInvalid
from console.domain.handoff import HandoffRule

LARGEST_DEAL = Decimal("100000000000.00")  # $100 billion: anything larger is a slip of the keys
BOOKING_HORIZON = timedelta(days=366)  # meetings and callbacks are booked at most a year ahead


class MeetingStatus(StrEnum):
    """Where a handed-off meeting stands with sales."""

    BOOKED = "booked"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    HELD = "held"
    NO_SHOW = "no_show"
    OPPORTUNITY = "opportunity"
    WON = "won"
    LOST = "lost"
    CANCELLED = "cancelled"


# A meeting in these leaves the calendars that hold it: called off, or turned down by sales
# (the rep will not come, so the lead is not left waiting for them).
OFF_THE_CALENDAR = frozenset({MeetingStatus.CANCELLED, MeetingStatus.REJECTED})


def calendar_change(
    *, was_status: str, was_starts_at: datetime, status: str, starts_at: datetime, now: datetime
) -> str | None:
    """What a step means for the calendars holding a meeting: "cancel" when it leaves them
    before it begins, "update" when it moved or came back onto them, else None."""
    was_on, is_on = was_status not in OFF_THE_CALENDAR, status not in OFF_THE_CALENDAR
    if was_on and not is_on:
        return "cancel" if starts_at > now else None
    if is_on and (not was_on or starts_at != was_starts_at):
        return "update"
    return None


class MeetingAction(StrEnum):
    """What sales can do to a meeting."""

    ACCEPT = "accept"
    REJECT = "reject"
    HELD = "held"
    NO_SHOW = "no_show"
    RESCHEDULE = "reschedule"
    OPPORTUNITY = "opportunity"
    WON = "won"
    LOST = "lost"
    CANCEL = "cancel"


class RejectReason(StrEnum):
    """The only reasons sales may give for rejecting a handoff."""

    PROCEDURAL = "procedural"  # misrouted: wrong rep, territory or product line
    CLERICAL = "clerical"  # the record is wrong or incomplete
    DEFINITIONAL = "definitional"  # below the agreed criteria: say which one


# Each reason in plain words, shown next to the term wherever sales or the telecaller reads it.
REASON_WORDS = {
    RejectReason.PROCEDURAL: "misrouted: the wrong rep, territory or product line",
    RejectReason.CLERICAL: "the record is wrong or incomplete",
    RejectReason.DEFINITIONAL: "below the agreed criteria",
}


# Sales accepts a lead before working it, so "held" is only reachable through "accepted", and a
# won deal is always an opportunity first: the funnel reports count each step exactly once.
TRANSITIONS: dict[MeetingStatus, dict[MeetingAction, MeetingStatus]] = {
    MeetingStatus.BOOKED: {
        MeetingAction.ACCEPT: MeetingStatus.ACCEPTED,
        MeetingAction.REJECT: MeetingStatus.REJECTED,
        MeetingAction.RESCHEDULE: MeetingStatus.BOOKED,
        MeetingAction.CANCEL: MeetingStatus.CANCELLED,
    },
    MeetingStatus.ACCEPTED: {
        MeetingAction.HELD: MeetingStatus.HELD,
        MeetingAction.NO_SHOW: MeetingStatus.NO_SHOW,
        MeetingAction.RESCHEDULE: MeetingStatus.ACCEPTED,
        MeetingAction.CANCEL: MeetingStatus.CANCELLED,
    },
    MeetingStatus.HELD: {
        MeetingAction.OPPORTUNITY: MeetingStatus.OPPORTUNITY,
        MeetingAction.LOST: MeetingStatus.LOST,
    },
    MeetingStatus.OPPORTUNITY: {
        MeetingAction.WON: MeetingStatus.WON,
        MeetingAction.LOST: MeetingStatus.LOST,
    },
}
_DOING = {
    MeetingAction.ACCEPT: "accepted",
    MeetingAction.REJECT: "rejected",
    MeetingAction.HELD: "marked held",
    MeetingAction.NO_SHOW: "marked a no-show",
    MeetingAction.RESCHEDULE: "rescheduled",
    MeetingAction.OPPORTUNITY: "opened as an opportunity",
    MeetingAction.WON: "marked won",
    MeetingAction.LOST: "marked lost",
    MeetingAction.CANCEL: "cancelled",
}
_CHOICES = ", ".join(CRITERIA_NAMES)
_STATUS_WORDS = {MeetingStatus.NO_SHOW: "no-show"}
_AFTER_ACCEPT = frozenset(TRANSITIONS[MeetingStatus.ACCEPTED]) - {
    MeetingAction.RESCHEDULE,
    MeetingAction.CANCEL,
}
# A review step can be taken back by whoever took it, this long after (a slip of the finger).
UNDO_WINDOW = timedelta(minutes=1)
# Whether the meeting took place is known only once it has begun.
ONCE_STARTED = frozenset({MeetingAction.HELD, MeetingAction.NO_SHOW})
# A meeting is called off only before it begins; one that has begun was held or a no-show.
BEFORE_START = frozenset({MeetingAction.CANCEL})
# Meetings still to come, that calendars hold and reminders are sent for.
COMING = frozenset({MeetingStatus.BOOKED, MeetingStatus.ACCEPTED})


class IllegalTransition(ValueError):
    """The meeting cannot take this action from its current status."""


class NotYetStarted(IllegalTransition):
    """Held or no-show asked of a meeting that has not begun; `starts_at` says when it does."""

    def __init__(self, action: MeetingAction, starts_at: datetime) -> None:
        super().__init__(f"a meeting cannot be {_DOING[action]} before it starts")
        self.starts_at = starts_at


class AlreadyStarted(IllegalTransition):
    """Cancel asked of a meeting that has begun."""

    def __init__(self, action: MeetingAction) -> None:
        super().__init__(
            f"a meeting that has begun cannot be {_DOING[action]}: mark it held or a no-show"
        )


class ReviewInvalid(FieldsInvalid):
    """A review is missing what it needs; `fields` says what to fix."""


@dataclass(frozen=True)
class Rejection:
    """Why sales turned a handoff down; definitional rejections name the criteria overturned."""

    reason: RejectReason
    overturned: frozenset[Criteria] = frozenset()
    note: str = ""


def rejection(reason: str, overturned: Iterable[str] = (), note: str = "") -> Rejection:
    """A validated rejection from what sales submitted; ReviewInvalid says what to fix."""
    errors: dict[str, str] = {}
    names = list(overturned)
    if reason not in [r.value for r in RejectReason]:
        errors["reason"] = (
            "choose procedural (misrouted), clerical (record wrong or incomplete) "
            "or definitional (below the agreed criteria)"
        )
    unknown = [str(n) for n in names if str(n) not in CRITERIA_NAMES]
    if unknown:
        errors["overturned"] = f"unknown criteria {', '.join(unknown)}; use {_CHOICES}"
    elif reason == RejectReason.DEFINITIONAL and not names:
        errors["overturned"] = f"say which criterion was wrong: {_CHOICES}"
    elif names and reason in (RejectReason.PROCEDURAL, RejectReason.CLERICAL):
        errors["overturned"] = "only a definitional rejection overturns criteria; clear them"
    if errors:
        raise ReviewInvalid(errors)
    return Rejection(RejectReason(reason), frozenset(Criteria(n) for n in names), note.strip())


def _cannot(status: MeetingStatus, action: MeetingAction) -> str:
    """Why the action is refused, e.g. 'a rejected meeting cannot be marked held'."""
    word = _STATUS_WORDS.get(status, str(status))
    article = "an" if word[0] in "aeiou" else "a"
    early = status is MeetingStatus.BOOKED and action in _AFTER_ACCEPT
    hint = "; accept it first" if early else ""
    return f"{article} {word} meeting cannot be {_DOING[action]}{hint}"


def transition(
    status: MeetingStatus | str,
    action: MeetingAction | str,
    *,
    amount: Decimal | int | None = None,
    rejected: Rejection | None = None,
    starts_at: datetime | None = None,
    now: datetime | None = None,
) -> MeetingStatus:
    """The status after sales takes an action; IllegalTransition or ReviewInvalid when it can't.
    With the meeting's start and now, held and no-show wait for the start (NotYetStarted)."""
    status, action = MeetingStatus(status), MeetingAction(action)
    after = TRANSITIONS.get(status, {}).get(action)
    if after is None:
        raise IllegalTransition(_cannot(status, action))
    if action in ONCE_STARTED and (opens := attendance_opens(status, starts_at, now)):
        raise NotYetStarted(action, opens)
    if action in BEFORE_START and has_begun(starts_at, now):
        raise AlreadyStarted(action)
    if action is MeetingAction.WON and (amount is None or amount <= 0):
        raise ReviewInvalid({"amount": "a won deal needs its amount, greater than 0"})
    if action is MeetingAction.REJECT and rejected is None:
        raise ReviewInvalid({"reason": "say why: procedural, clerical or definitional"})
    return after


def attendance_opens(
    status: MeetingStatus | str, starts_at: datetime | None, now: datetime | None
) -> datetime | None:
    """When held and no-show become possible, if this status allows them but the meeting has
    not begun yet; None otherwise."""
    waiting = ONCE_STARTED & set(TRANSITIONS.get(MeetingStatus(status), {}))
    if waiting and starts_at is not None and now is not None and now < starts_at:
        return starts_at
    return None


def has_begun(starts_at: datetime | None, now: datetime | None) -> bool:
    """Whether the meeting's start has come (unknown times count as not begun)."""
    return starts_at is not None and now is not None and now >= starts_at


def step_taken(action: MeetingAction | str) -> str:
    """The step as a sentence once taken, e.g. 'Meeting marked a no-show.'"""
    return f"Meeting {_DOING[MeetingAction(action)]}."


def undo_until(taken_at: datetime, now: datetime) -> datetime | None:
    """Until when a step taken at `taken_at` can still be undone; None once that has passed."""
    until = taken_at + UNDO_WINDOW
    return until if now < until else None


def allowed_actions(
    status: MeetingStatus | str, starts_at: datetime | None = None, now: datetime | None = None
) -> tuple[MeetingAction, ...]:
    """The actions sales may take from this status, for the buttons on the review screen; with
    the meeting's start and now, held and no-show only once it has begun."""
    early = attendance_opens(status, starts_at, now) is not None
    begun = has_begun(starts_at, now)
    actions = TRANSITIONS.get(MeetingStatus(status), {})
    return tuple(
        action
        for action in actions
        if not (early and action in ONCE_STARTED) and not (begun and action in BEFORE_START)
    )


@dataclass(frozen=True)
class BackToNurture:
    """A lead sent back to nurture: its score reset and when to call again."""

    follow_up_at: datetime
    scores: dict[Criteria, None]
    reason: str


def _reset(follow_up_at: datetime, reason: str) -> BackToNurture:
    return BackToNurture(follow_up_at, dict.fromkeys(Criteria), reason)


def after_rejection(rule: HandoffRule, rejected: Rejection, now: datetime) -> BackToNurture:
    """The lead's way back after sales rejects it: nurture, score reset, follow-up date."""
    because = f"sales rejected it as {rejected.reason}"
    if rejected.overturned:
        because += f" ({', '.join(sorted(rejected.overturned))} overturned)"
    return _reset(now + timedelta(days=rule.rejected_follow_up_days), because)


def after_no_show(rule: HandoffRule, now: datetime) -> BackToNurture:
    """The lead's way back after a no-show: nurture, score reset, an early call to rebook."""
    follow_up_at = now + timedelta(days=rule.no_show_follow_up_days)
    return _reset(follow_up_at, "the contact did not show up to the meeting")


def round_robin(reps: Sequence[int], last_assigned: int | None) -> int:
    """The sales rep after the one assigned last, wrapping round; the first when none matches."""
    if not reps:
        raise ValueError("no sales rep is available to take the meeting; add one to the team")
    if last_assigned not in reps:
        return reps[0]
    return reps[(list(reps).index(last_assigned) + 1) % len(reps)]
