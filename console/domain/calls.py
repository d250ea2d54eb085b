"""A call's life as a state machine fed by provider callbacks, folded into one final record.

Callbacks can arrive twice or in any order, so the record is never updated step by step: it is
recomputed from the whole set of facts received so far. Each leg (the telecaller's, the lead's)
takes the highest status in the lifecycle it has reported, terminal statuses outrank live ones,
and durations come only from the event that completed a leg.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

RECORDING_DISCLOSURE = (
    "This call is recorded for quality and training purposes. "
    "Tell us at any time if you would rather it was not."
)


class CallMode(StrEnum):
    """How a call is placed: ring the telecaller's phone first, or through the browser softphone."""

    bridge = "bridge"
    browser = "browser"


class CallStatus(StrEnum):
    """Where a call (or one of its legs) is: Twilio's lifecycle, plus "preparing" before a dial."""

    PREPARING = "preparing"
    QUEUED = "queued"
    INITIATED = "initiated"
    RINGING = "ringing"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    FAILED = "failed"
    CANCELED = "canceled"


TERMINAL = frozenset(
    {CallStatus.COMPLETED, CallStatus.BUSY, CallStatus.NO_ANSWER, CallStatus.FAILED}
    | {CallStatus.CANCELED}
)
LIVE = frozenset(
    {CallStatus.QUEUED, CallStatus.INITIATED, CallStatus.RINGING, CallStatus.IN_PROGRESS}
)

# Lifecycle order. Terminal statuses outrank every live one; among themselves (a leg should end
# once, but the app's own "canceled" can meet the provider's verdict) the provider's word wins.
RANK = {status: rank for rank, status in enumerate(CallStatus)} | {
    CallStatus.CANCELED: 5,
    CallStatus.FAILED: 6,
    CallStatus.NO_ANSWER: 7,
    CallStatus.BUSY: 8,
    CallStatus.COMPLETED: 9,
}

VOICEMAIL_VERDICTS = frozenset(
    {"machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other", "fax"}
)


class Leg(StrEnum):
    """Which party a fact is about: the telecaller's phone or browser, or the lead's phone."""

    AGENT = "agent"
    LEAD = "lead"


class FactKind(StrEnum):
    """What kind of callback a fact came from."""

    STATUS = "status"  # call progress: initiated, ringing, answered, completed ...
    VOICE = "voice"  # the TwiML request when the telecaller's leg connects
    DIAL = "dial"  # the <Dial> action: how the lead's leg ended
    AMD = "amd"  # answering-machine detection
    RECORDING = "recording"
    APP = "app"  # something the app itself did (a hang-up before the provider knew the call)


@dataclass(frozen=True)
class CallFact:
    """One thing a callback established about one leg; `at` is the provider's timestamp."""

    kind: FactKind
    leg: Leg
    status: CallStatus | None = None
    at: datetime | None = None
    call_sid: str | None = None
    duration: int | None = None
    answered_by: str | None = None
    recording_sid: str | None = None
    recording_url: str | None = None

    def to_dict(self) -> dict:
        """The fact as JSON-ready values (kept on the stored callback)."""
        return {
            "kind": self.kind.value,
            "leg": self.leg.value,
            "status": self.status.value if self.status else None,
            "at": self.at.isoformat() if self.at else None,
            "call_sid": self.call_sid,
            "duration": self.duration,
            "answered_by": self.answered_by,
            "recording_sid": self.recording_sid,
            "recording_url": self.recording_url,
        }

    @classmethod
    def from_dict(cls, values: dict) -> CallFact:
        """The fact back from to_dict()'s values."""
        at = values.get("at")
        status = values.get("status")
        return cls(
            kind=FactKind(values["kind"]),
            leg=Leg(values["leg"]),
            status=CallStatus(status) if status else None,
            at=datetime.fromisoformat(at) if at else None,
            call_sid=values.get("call_sid"),
            duration=values.get("duration"),
            answered_by=values.get("answered_by"),
            recording_sid=values.get("recording_sid"),
            recording_url=values.get("recording_url"),
        )


@dataclass(frozen=True)
class CallRecord:
    """What the facts add up to: the fields a call row keeps."""

    status: CallStatus
    agent_status: CallStatus | None = None
    lead_status: CallStatus | None = None
    agent_call_sid: str | None = None
    lead_call_sid: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    duration_seconds: int | None = None
    recording_sid: str | None = None
    recording_url: str | None = None
    recording_seconds: int | None = None

    @property
    def is_over(self) -> bool:
        """Whether the call has ended (it never becomes live again)."""
        return self.status in TERMINAL

    @property
    def lead_dialled(self) -> bool:
        """Whether the lead's phone was dialled at all."""
        return self.lead_status is not None

    @property
    def counts_as_attempt(self) -> bool:
        """A dial is an attempt unless it ended without the lead's phone ever being dialled."""
        return not self.is_over or self.lead_dialled


def fold(facts: Iterable[CallFact], *, before: CallStatus = CallStatus.QUEUED) -> CallRecord:
    """The record a set of facts adds up to, whatever their order and however often each came."""
    facts = frozenset(facts)
    agent = _leg_status(facts, Leg.AGENT)
    lead = _leg_status(facts, Leg.LEAD)
    status = call_status(agent, lead, before)
    over = status in TERMINAL
    # A dial that never rang the lead has no conversation to end, so nothing to wrap up either.
    ended = over and lead is not None
    recording = _recording(facts)
    return CallRecord(
        status=status,
        agent_status=agent,
        lead_status=lead,
        agent_call_sid=_first(f.call_sid for f in facts if f.leg is Leg.AGENT),
        lead_call_sid=_first(f.call_sid for f in facts if f.leg is Leg.LEAD),
        answered_by=_answered_by(facts),
        answered_at=_answered_at(facts),
        ended_at=_ended_at(facts) if ended else None,
        duration_seconds=_duration(facts) if over else None,
        recording_sid=recording.recording_sid if recording else None,
        recording_url=recording.recording_url if recording else None,
        recording_seconds=recording.duration if recording else None,
    )


def call_status(
    agent: CallStatus | None, lead: CallStatus | None, before: CallStatus = CallStatus.QUEUED
) -> CallStatus:
    """The call's status from its legs': the lead's leg decides once it exists."""
    if lead is None:
        if agent is None:
            return before
        # The telecaller's leg ended before the lead was dialled: nobody called the lead.
        return CallStatus.CANCELED if agent in TERMINAL else CallStatus.INITIATED
    if lead in TERMINAL:
        return lead
    if agent in TERMINAL:  # the telecaller hung up; the lead's own ending has not arrived yet
        return CallStatus.COMPLETED if lead is CallStatus.IN_PROGRESS else CallStatus.CANCELED
    return lead


def _leg_status(facts: frozenset[CallFact], leg: Leg) -> CallStatus | None:
    statuses = [f.status for f in facts if f.leg is leg and f.status is not None]
    return max(statuses, key=RANK.__getitem__, default=None)


def _first(values: Iterable[str | None]) -> str | None:
    return min((value for value in values if value), default=None)


def _answered_by(facts: frozenset[CallFact]) -> str | None:
    lead_facts = [f for f in facts if f.leg is Leg.LEAD and f.answered_by]
    detected = [f.answered_by for f in lead_facts if f.kind is FactKind.AMD]
    return min(detected or [f.answered_by for f in lead_facts], default=None)


def _answered_at(facts: frozenset[CallFact]) -> datetime | None:
    answers = [
        f.at
        for f in facts
        if f.leg is Leg.LEAD and f.status is CallStatus.IN_PROGRESS and f.at is not None
    ]
    if answers:
        return min(answers)
    # The "answered" callback may be lost; the completed one says how long the lead talked.
    talks = [
        f.at - timedelta(seconds=f.duration)
        for f in facts
        if f.leg is Leg.LEAD and f.status is CallStatus.COMPLETED and f.at and f.duration
    ]
    return min(talks, default=None)


def _ended_at(facts: frozenset[CallFact]) -> datetime | None:
    for leg in (Leg.LEAD, Leg.AGENT):
        ends = [f.at for f in facts if f.leg is leg and f.status in TERMINAL and f.at is not None]
        if ends:
            return min(ends)
    return None


def _duration(facts: frozenset[CallFact]) -> int:
    """Seconds the lead was on the line, from the completed event (the dial result as backup)."""
    for kind in (FactKind.STATUS, FactKind.DIAL):
        durations = [
            f.duration
            for f in facts
            if f.kind is kind
            and f.leg is Leg.LEAD
            and f.status is CallStatus.COMPLETED
            and f.duration is not None
        ]
        if durations:
            return max(durations)
    return 0


def _recording(facts: frozenset[CallFact]) -> CallFact | None:
    for kind in (FactKind.RECORDING, FactKind.DIAL):
        made = [f for f in facts if f.kind is kind and f.recording_sid]
        if made:
            return max(made, key=lambda f: (f.duration or 0, f.recording_sid))
    return None


class RecordingConsent(StrEnum):
    """What the lead was told about recording, kept on the call."""

    NOT_RECORDED = "not_recorded"  # the campaign does not record
    ONE_PARTY = "one_party"  # recorded where one party's consent (ours) is enough
    DISCLOSED = "disclosed"  # recorded, after a disclosure played to the lead
    OFF_FOR_CONSENT = "off_consent_state"  # the campaign does not record in all-party states


@dataclass(frozen=True)
class RecordingPlan:
    """Whether to record a dial, whether a disclosure plays first, and the consent to store."""

    record: bool
    disclose: bool
    consent: RecordingConsent


def recording_plan(
    campaign_records: bool, consent_states_recording: str, needs_disclosure: bool
) -> RecordingPlan:
    """How to record a dial: per campaign, with a disclosure (or none) where all must consent."""
    if not campaign_records:
        return RecordingPlan(False, False, RecordingConsent.NOT_RECORDED)
    if not needs_disclosure:
        return RecordingPlan(True, False, RecordingConsent.ONE_PARTY)
    if consent_states_recording == "off":
        return RecordingPlan(False, False, RecordingConsent.OFF_FOR_CONSENT)
    return RecordingPlan(True, True, RecordingConsent.DISCLOSED)


def is_voicemail(answered_by: str | None) -> bool:
    """Whether answering-machine detection heard a machine (or a fax) rather than a person."""
    return answered_by in VOICEMAIL_VERDICTS


def phase(status: str, answered_by: str | None, lead_dialled: bool) -> str:
    """What the telecaller sees: dialling, ringing, connected, ended, no_answer, busy, ..."""
    status = CallStatus(status)
    if status is CallStatus.PREPARING:
        return "ready"
    if status in (CallStatus.QUEUED, CallStatus.INITIATED):
        return "dialling"
    if status is CallStatus.RINGING:
        return "ringing"
    if status is CallStatus.IN_PROGRESS:
        return "voicemail" if is_voicemail(answered_by) else "connected"
    if status is CallStatus.COMPLETED:
        return "voicemail" if is_voicemail(answered_by) else "ended"
    if status is CallStatus.CANCELED and not lead_dialled:
        return "not_connected"
    return status.value.replace("-", "_")


LIVE_STATUSES = frozenset(
    {CallStatus.QUEUED, CallStatus.INITIATED, CallStatus.RINGING, CallStatus.IN_PROGRESS}
)
REDIALLABLE_PHASES = frozenset({"ready", "not_connected"})  # the lead was never rung
PHASE_LABELS = {
    "ready": "Ready to call",
    "dialling": "Dialling",
    "ringing": "Ringing",
    "connected": "Connected",
    "ended": "Call ended",
    "no_answer": "No answer",
    "busy": "Busy",
    "voicemail": "Voicemail",
    "failed": "Call failed",
    "canceled": "Call ended",
    "not_connected": "Not connected: the lead was not called",
}


def on_screen(status: str, answered_by: str | None, lead_dialled: bool, mode: str | None) -> dict:
    """What the call screen shows of a call, decided here so the page only displays it: the
    phase and its words, its rank (a late update never moves the screen back), whether it is
    live (hang up), may be dialled again, and whether the talk timer runs."""
    shown = phase(status, answered_by, lead_dialled)
    live = CallStatus(status) in LIVE_STATUSES
    label = PHASE_LABELS.get(shown, shown.replace("_", " ").capitalize())
    if shown == "dialling" and mode == "bridge":
        label = "Dialling: answer your phone"
    return {
        "phase": shown,
        "label": label,
        "rank": RANK[CallStatus(status)],
        "live": live,
        "redial": shown in REDIALLABLE_PHASES,
        "timing": shown == "connected" or (shown == "voicemail" and live),
    }


# How the floor names a call's phase, and what its feed says of it; others keep the call's words.
FLOOR_PHASES = {
    "dialling": ("Dialling", "is dialling"),
    "ringing": ("Ringing", "is ringing a lead"),
    "connected": ("Connected", "is talking to a lead"),
    "wrap_up": ("Wrap-up", "is in wrap-up"),
}


def strip_phase(agent_state: str, phase: str, label: str) -> tuple[str, str]:
    """The phase a floor's call strip shows, and its words: wrap-up once the telecaller is in
    it, else the call's own phase."""
    if agent_state == "wrap_up":
        phase = "wrap_up"
    return phase, FLOOR_PHASES.get(phase, (label, ""))[0]


def strip_sentence(agent: str, phase: str, label: str) -> str:
    """What the floor's feed says of a strip's phase: "Sofia Alvarez is in wrap-up"."""
    said = FLOOR_PHASES.get(phase, ("", ""))[1]
    return f"{agent} {said}" if said else f"{agent}'s call: {label[:1].lower()}{label[1:]}"
