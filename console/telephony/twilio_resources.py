"""Twilio's REST resources read as domain facts: what a call's callbacks would have said, for a
call whose callbacks were lost (the app was down, or they never arrived).

A call resource is read like its status callback (console.telephony.twilio_callbacks): the same
status map, a ParentCallSid marking the lead's leg, the duration only once a leg has ended. A
completed recording is read like its recording callback, with the same dedupe key, so the real
callback arriving late is a no-op; a status read here is stored once per status it reports.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from console.domain.calls import TERMINAL, CallFact, FactKind, Leg
from console.telephony.client import API_HOST
from console.telephony.port import Callback
from console.telephony.twilio_callbacks import CALL_STATUSES

REST_KEY = "rest:"  # the dedupe keys of facts read from the REST API start with it


def _seconds(value: Any) -> int | None:
    """A resource's duration ("45", 45 or None) as seconds a column can hold, or None."""
    text = str(value) if value is not None else ""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def _aware(at: datetime | None) -> datetime | None:
    return at if at is None or at.tzinfo is not None else None


def call_callback(call: Any) -> Callback | None:
    """A call resource (the telecaller's leg, or a leg its <Dial> created) as a status fact;
    None for a status the app does not know."""
    raw = str(call.status or "")
    status = CALL_STATUSES.get(raw)
    if status is None:
        return None
    ended = status in TERMINAL
    parent = call.parent_call_sid or None
    fact = CallFact(
        kind=FactKind.STATUS,
        leg=Leg.LEAD if parent else Leg.AGENT,
        status=status,
        at=_aware(call.end_time) if ended else None,
        call_sid=call.sid,
        duration=_seconds(call.duration) if ended else None,
        answered_by=call.answered_by or None,
    )
    return Callback(fact=fact, call_sid=call.sid, dedupe_key=f"{REST_KEY}{raw}", parent_sid=parent)


def recording_callback(recording: Any) -> Callback | None:
    """A finished recording of the call as its recording fact; None while it is still made."""
    if str(recording.status or "") != "completed" or not (recording.sid and recording.call_sid):
        return None
    fact = CallFact(
        kind=FactKind.RECORDING,
        leg=Leg.AGENT,  # the recording hangs off the parent call, as its callback says
        recording_sid=recording.sid,
        recording_url=_media_url(recording),
        duration=_seconds(recording.duration),
    )
    return Callback(fact=fact, call_sid=recording.call_sid, dedupe_key=f"{recording.sid}:completed")


def _media_url(recording: Any) -> str | None:
    """Where the recording's media is, as the callback's RecordingUrl names it: the account's
    recording on Twilio's API host, without an extension."""
    if not recording.account_sid:
        return None
    return f"{API_HOST}/2010-04-01/Accounts/{recording.account_sid}/Recordings/{recording.sid}"
