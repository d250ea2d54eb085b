"""A demo call on the line: the callbacks Twilio sends for a browser call, handed to the same
services its webhooks call (call_connect.voice, call_progress.take_callback), each at its moment.

The softphone connects (voice), the lead's leg is answered or not, machine detection gives its
verdict, the leg ends and the <Dial> reports back. The call row is written only by the dial and
the fold of these callbacks. Left out, because the fold keeps nothing of them: the lead leg's
"initiated" and "ringing" progress, and the softphone leg's own end (reported only where the
TwiML App asks for status callbacks).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime

from sqlmodel import Session

from console import clock
from console.domain.calls import FactKind
from console.models import Call
from console.services import call_connect, call_progress
from console.services.call_connect import Webhooks, identity_of
from console.services.demo_talk import Dial
from console.telephony.port import Telephony

ACCOUNT = "AC" + "0" * 32  # sent as Twilio sends it; nothing past the signature check reads it


@dataclass(frozen=True)
class Line:
    """What the callbacks of one call need: the session, the provider adapter, where it calls."""

    session: Session
    telephony: Telephony
    webhooks: Webhooks
    publish: Callable[..., None]


def sid(rng: random.Random) -> str:
    """A call SID as Twilio writes them."""
    return f"CA{rng.getrandbits(128):032x}"


def play(
    line: Line,
    rng: random.Random,
    call: Call,
    dial: Dial,
    talking: Callable[[datetime, datetime], Iterator[datetime]],
) -> Iterator[datetime]:
    """Connect the call, let it ring, run `talking(answered, hung_up)` (the telecaller's
    autosaves) while the lead is on the line, and end it; yields each next callback's moment."""
    agent_sid, lead_sid = sid(rng), sid(rng)
    yield from _wait(timedelta(seconds=rng.randint(1, 3)))
    call_connect.voice(
        session=line.session,
        call_id=call.id,
        params=_params(agent_sid, "ringing") | {"From": f"client:{identity_of(call.agent_id)}"},
        telephony=line.telephony,
        publish=line.publish,
        webhooks=line.webhooks,
    )
    lead_status = "completed" if dial.answered_by else dial.code
    yield from _wait(timedelta(seconds=dial.ring_seconds))
    if dial.answered_by:
        _status(line, call, _params(lead_sid, "in-progress", agent_sid))
        answered = clock.now()
        yield from _wait(timedelta(seconds=3))
        amd = {"CallSid": lead_sid, "AccountSid": ACCOUNT, "AnsweredBy": dial.answered_by}
        _callback(line, call, FactKind.AMD, amd)
        yield from talking(answered, answered + timedelta(seconds=dial.talk_seconds))
    ended = _params(lead_sid, lead_status, agent_sid) | {"CallDuration": str(dial.talk_seconds)}
    _status(line, call, ended)
    yield from _wait(timedelta(seconds=1))
    _callback(line, call, FactKind.DIAL, _dial_result(agent_sid, lead_sid, lead_status, dial))


def _wait(pause: timedelta) -> Iterator[datetime]:
    """Let `pause` pass; the moment it ends."""
    at = clock.now() + pause
    yield at
    return at


def _params(call_sid: str, status: str, parent_sid: str | None = None) -> dict[str, str]:
    params = {
        "AccountSid": ACCOUNT,
        "CallSid": call_sid,
        "CallStatus": status,
        "Timestamp": format_datetime(clock.now(), usegmt=True),
    }
    return params | ({"ParentCallSid": parent_sid} if parent_sid else {})


def _dial_result(agent_sid: str, lead_sid: str, status: str, dial: Dial) -> dict[str, str]:
    return {
        "AccountSid": ACCOUNT,
        "CallSid": agent_sid,
        "DialCallSid": lead_sid,
        "DialCallStatus": status,
        "DialCallDuration": str(dial.talk_seconds),
    }


def _status(line: Line, call: Call, params: dict[str, str]) -> None:
    _callback(line, call, FactKind.STATUS, params)


def _callback(line: Line, call: Call, kind: FactKind, params: dict[str, str]) -> None:
    call_progress.take_callback(
        session=line.session,
        call_id=call.id,
        kind=kind,
        params=params,
        telephony=line.telephony,
        publish=line.publish,
    )
