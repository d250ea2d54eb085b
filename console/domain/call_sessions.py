"""Call sessions: a telecaller's hour of calls moved on by the console, not by clicks.

What comes next (a wrap-up to finish, the call in progress, a lead's preview counting down to its
dial, a pause, the end) and the session's summary are decided here, from facts the service
gathers; the page only shows the step and ticks the countdown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

DEFAULT_COUNTDOWN_SECONDS = 5
COUNTDOWN_RANGE = range(0, 61)  # 0 dials at once; a minute is the longest a preview may wait
# A dial asked for this much before the countdown ends is a page whose clock runs a little fast.
EARLY_TOLERANCE = timedelta(milliseconds=750)


class SessionState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


class StepKind(StrEnum):
    """Where the telecaller should be now."""

    WRAP_UP = "wrap_up"  # a call ended without its outcome: record it first
    CALL = "call"  # a call in progress (or prepared and dialled by the countdown)
    PREVIEW = "preview"  # a lead's preview, counting down to the dial
    EMPTY = "empty"  # nothing callable now; the sentence says why
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class Step:
    kind: StepKind
    call_id: int | None = None
    lead_id: int | None = None
    dial_at: datetime | None = None
    countdown_seconds: int | None = None
    sentence: str = ""


@dataclass(frozen=True)
class Pause:
    started_at: datetime
    ended_at: datetime | None
    reason: str


def countdown_seconds(setting: int | None) -> int:
    """The campaign's preview countdown, kept within bounds; unset is the default 5 s."""
    if setting is None:
        return DEFAULT_COUNTDOWN_SECONDS
    return max(COUNTDOWN_RANGE.start, min(COUNTDOWN_RANGE.stop - 1, setting))


def next_step(
    *,
    state: SessionState,
    pause_reason: str | None,
    pending_wrap_up: int | None,
    live_call: int | None,
    held_lead: int | None,
    preview_started_at: datetime | None,
    countdown: int,
    empty_sentence: str = "",
) -> Step:
    """The one place that says what the session shows now.

    Work in progress comes first whatever the state (a call is never dropped by a pause): the
    call on the line, then an outcome still to record. Then the pause or the end; then the lead
    held, previewed with its countdown from when its preview first showed (a reload does not
    restart it); else the queue is empty and says why."""
    if live_call is not None:
        return Step(StepKind.CALL, call_id=live_call)
    if pending_wrap_up is not None:
        return Step(
            StepKind.WRAP_UP,
            call_id=pending_wrap_up,
            sentence="Record how your last call went; the next lead follows.",
        )
    if state == SessionState.ENDED:
        return Step(StepKind.ENDED, sentence="This session has ended.")
    if state == SessionState.PAUSED:
        reason = f" for {pause_reason}" if pause_reason else ""
        return Step(
            StepKind.PAUSED,
            lead_id=held_lead,
            sentence=f"Paused{reason}. Press R to resume.",
        )
    if held_lead is not None and preview_started_at is not None:
        return Step(
            StepKind.PREVIEW,
            lead_id=held_lead,
            dial_at=preview_started_at + timedelta(seconds=countdown),
            countdown_seconds=countdown,
        )
    return Step(StepKind.EMPTY, sentence=empty_sentence or "No lead can be called right now.")


def may_dial_now(dial_at: datetime, now: datetime) -> bool:
    """The countdown is over (a page clock a little ahead of the server's counts as over)."""
    return now + EARLY_TOLERANCE >= dial_at


@dataclass(frozen=True)
class SessionCall:
    """One call made in the session, with what became of it."""

    started_at: datetime
    ended_at: datetime | None
    talk_seconds: int | None
    conversation: bool  # its disposition carries the conversation flag
    meeting_status: str | None  # the meeting it booked, as sales left it


# What sales did with a meeting, in the summary's words; anything else is still awaiting review.
VERDICTS = {
    "accepted": "accepted",
    "held": "held",
    "no_show": "accepted",
    "opportunity": "held",
    "won": "held",
    "lost": "held",
    "rejected": "rejected",
    "cancelled": "cancelled",
}


@dataclass(frozen=True)
class Summary:
    calls: int
    time_on_calls: int  # seconds from dial to hang-up, over every call
    talk_time: int  # seconds talked
    conversations: int
    meetings_booked: int
    paused: int  # seconds paused
    verdicts: dict[str, int] = field(
        default_factory=dict
    )  # accepted, rejected, held, cancelled, awaiting


def summary(calls: Iterable[SessionCall], pauses: Sequence[Pause], now: datetime) -> Summary:
    """Time on calls, talk time, conversations, meetings booked and what sales did with them."""
    made = list(calls)
    verdicts = {"accepted": 0, "held": 0, "rejected": 0, "cancelled": 0, "awaiting": 0}
    for call in made:
        if call.meeting_status is not None:
            verdicts[VERDICTS.get(call.meeting_status, "awaiting")] += 1
    return Summary(
        calls=len(made),
        time_on_calls=sum(int(((c.ended_at or now) - c.started_at).total_seconds()) for c in made),
        talk_time=sum(c.talk_seconds or 0 for c in made),
        conversations=sum(1 for c in made if c.conversation),
        meetings_booked=sum(1 for c in made if c.meeting_status is not None),
        paused=sum(int(((p.ended_at or now) - p.started_at).total_seconds()) for p in pauses),
        verdicts=verdicts,
    )
