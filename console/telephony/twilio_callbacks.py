"""Twilio's webhook parameters read as domain facts: its codes mapped to ours, keys to dedupe on."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime

from console.domain.calls import TERMINAL, CallFact, CallStatus, FactKind, Leg
from console.telephony.port import Callback

# Twilio's CallStatus values (status callbacks, voice requests) in our lifecycle.
CALL_STATUSES = {
    "queued": CallStatus.QUEUED,
    "initiated": CallStatus.INITIATED,
    "ringing": CallStatus.RINGING,
    "in-progress": CallStatus.IN_PROGRESS,
    "answered": CallStatus.IN_PROGRESS,
    "completed": CallStatus.COMPLETED,
    "busy": CallStatus.BUSY,
    "no-answer": CallStatus.NO_ANSWER,
    "failed": CallStatus.FAILED,
    "canceled": CallStatus.CANCELED,
}
# <Dial action>'s DialCallStatus: how the dialled (lead's) leg ended.
DIAL_STATUSES = {
    "completed": CallStatus.COMPLETED,
    "answered": CallStatus.COMPLETED,
    "busy": CallStatus.BUSY,
    "no-answer": CallStatus.NO_ANSWER,
    "failed": CallStatus.FAILED,
    "canceled": CallStatus.CANCELED,
}


def read_callback(kind: FactKind, params: Mapping[str, str]) -> Callback:
    """A webhook's parameters as a fact; a ParentCallSid marks the lead's (dialled) leg."""
    call_sid = params.get("CallSid") or ""
    parent = params.get("ParentCallSid") or None
    fact, key = _READERS[kind](params, Leg.LEAD if parent else Leg.AGENT)
    return Callback(fact=fact, call_sid=call_sid, dedupe_key=key, parent_sid=parent)


def _timestamp(params: Mapping[str, str]) -> datetime | None:
    try:
        return parsedate_to_datetime(params["Timestamp"])
    except (KeyError, TypeError, ValueError):
        return None


def _number(value: str | None) -> int | None:
    """A count of seconds as digits, or None: nothing a column cannot hold is passed on."""
    if not value or not re.fullmatch(r"[0-9]{1,9}", value):
        return None
    return int(value)


def _status(params: Mapping[str, str], leg: Leg) -> tuple[CallFact, str]:
    status = CALL_STATUSES.get(params.get("CallStatus", ""))
    terminal = status in TERMINAL
    fact = CallFact(
        kind=FactKind.STATUS,
        leg=leg,
        status=status,
        at=_timestamp(params),
        call_sid=params.get("CallSid"),
        duration=_number(params.get("CallDuration")) if terminal else None,
        answered_by=params.get("AnsweredBy") or None,
    )
    # Twilio numbers each leg's progress callbacks; without a number, the status is the event.
    return fact, params.get("SequenceNumber") or f"status:{params.get('CallStatus', '')}"


def _voice(params: Mapping[str, str], leg: Leg) -> tuple[CallFact, str]:
    status = CALL_STATUSES.get(params.get("CallStatus", ""))
    return CallFact(FactKind.VOICE, leg, status, call_sid=params.get("CallSid")), "voice"


def _dial(params: Mapping[str, str], _leg: Leg) -> tuple[CallFact, str]:
    fact = CallFact(
        kind=FactKind.DIAL,
        leg=Leg.LEAD,  # the action is about the dialled leg, though it arrives on the parent
        status=DIAL_STATUSES.get(params.get("DialCallStatus", "")),
        call_sid=params.get("DialCallSid") or None,
        duration=_number(params.get("DialCallDuration")),
        recording_sid=params.get("RecordingSid") or None,
        recording_url=params.get("RecordingUrl") or None,
    )
    return fact, params.get("DialCallSid") or "dial"


def _amd(params: Mapping[str, str], _leg: Leg) -> tuple[CallFact, str]:
    fact = CallFact(
        kind=FactKind.AMD,
        leg=Leg.LEAD,  # machine detection runs only on the lead's <Number>
        call_sid=params.get("CallSid"),
        answered_by=params.get("AnsweredBy") or None,
    )
    return fact, "amd"


def _recording(params: Mapping[str, str], _leg: Leg) -> tuple[CallFact, str]:
    done = params.get("RecordingStatus", "completed") == "completed"
    fact = CallFact(
        kind=FactKind.RECORDING,
        leg=Leg.AGENT,  # the recording hangs off the parent call
        recording_sid=(params.get("RecordingSid") or None) if done else None,
        recording_url=params.get("RecordingUrl") or None,
        duration=_number(params.get("RecordingDuration")),
    )
    sid = params.get("RecordingSid", "")
    return fact, f"{sid}:{params.get('RecordingStatus', 'completed')}"


_READERS = {
    FactKind.STATUS: _status,
    FactKind.VOICE: _voice,
    FactKind.DIAL: _dial,
    FactKind.AMD: _amd,
    FactKind.RECORDING: _recording,
}
