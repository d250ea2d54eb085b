"""A call moved on by the provider's callbacks: stored once each, folded into the call record.

Every callback is kept as a CallEvent whose unique (call_sid, kind, dedupe_key) turns a repeat
into a no-op; the call's fields are then recomputed from all its facts (console.domain.calls),
so callbacks that come twice or out of order leave the same record. Each one renews the lead's
lease, keeps the attempt count honest, moves the telecaller's state and tells the screens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import object_session
from sqlmodel import Session, select

from console import clock
from console.domain.calls import (
    CallFact,
    CallRecord,
    FactKind,
    fold,
    on_screen,
)
from console.domain.roles import AgentState
from console.models import Call, CallEvent, Lead, Outcome, User
from console.services import accounts, live, queue, voicemail
from console.telephony.port import Callback, Telephony

STEERED_STATES = (AgentState.ON_CALL, AgentState.WRAP_UP, AgentState.AVAILABLE)


def apply(
    session: Session,
    call_id: int,
    fact: CallFact,
    call_sid: str,
    dedupe_key: str,
    *,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> Call | None:
    """Store one fact about a call (once) and recompute the call from all of its facts."""
    said = Callback(fact=fact, call_sid=call_sid, dedupe_key=dedupe_key)
    return apply_all(session, call_id, [said], publish=publish, now=now)


def apply_all(
    session: Session,
    call_id: int,
    callbacks: Sequence[Callback],
    *,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> Call | None:
    """Store facts about a call (each once) and recompute the call from all of its facts, in one
    transaction: a webhook brings one fact, the provider's REST answer several at once."""
    now = now or clock.now()
    session.rollback()  # start a fresh transaction: the lock below must come first
    # Lock the call row before reading its facts, so two callbacks of one call never interleave.
    locked = session.execute(update(Call).where(Call.id == call_id).values(updated_at=now))
    call = session.get(Call, call_id, populate_existing=True) if locked.rowcount else None
    if call is None or call.status == "preparing":
        session.rollback()
        return call
    facts = _facts(session, call.id)
    new = _unseen(session, callbacks)
    if not new:
        session.commit()
        return call
    for said in new:
        session.add(
            CallEvent(
                call_id=call.id,
                call_sid=said.call_sid,
                kind=said.fact.kind.value,
                dedupe_key=said.dedupe_key[:80],
                status=said.fact.status.value if said.fact.status else None,
                payload={"fact": said.fact.to_dict()},
                received_at=now,
            )
        )
    before, after = fold(facts), fold([*facts, *(said.fact for said in new)])
    card_before = _shown(call)
    _write(call, after, now)
    counted = int(after.counts_as_attempt) - int(before.counts_as_attempt)
    if counted:  # a dial that never rang the lead is no attempt (nor one for Florida's limit)
        session.execute(
            update(Lead).where(Lead.id == call.lead_id).values(attempts=Lead.attempts + counted)
        )
    if not after.is_over:
        lead = session.get(Lead, call.lead_id)
        queue.renew(session=session, lead=lead, agent_id=call.agent_id, now=now)
    try:
        session.commit()
    except IntegrityError:  # the same callback raced in through another worker: it won
        session.rollback()
        return session.get(Call, call_id)
    _steer_agent(session, call, before, after, publish)
    if _shown(call) != card_before:
        announce(call, publish)
    return call


def _facts(session: Session, call_id: int) -> list[CallFact]:
    events = session.exec(select(CallEvent).where(CallEvent.call_id == call_id))
    return [CallFact.from_dict(event.payload["fact"]) for event in events]


def _unseen(session: Session, callbacks: Sequence[Callback]) -> list[Callback]:
    """The callbacks not stored yet (nor repeated among themselves)."""
    new: dict[tuple[str, str, str], Callback] = {}
    for said in callbacks:
        key = (said.call_sid, said.fact.kind.value, said.dedupe_key[:80])
        if key not in new and not _seen(session, *key):
            new[key] = said
    return list(new.values())


def _seen(session: Session, call_sid: str, kind: str, dedupe_key: str) -> bool:
    query = select(CallEvent.id).where(
        CallEvent.call_sid == call_sid,
        CallEvent.kind == kind,
        CallEvent.dedupe_key == dedupe_key,
    )
    return session.exec(query).first() is not None


def _write(call: Call, record: CallRecord, now: datetime) -> None:
    """Copy the folded record onto the row."""
    call.status = record.status.value
    call.twilio_sid = call.twilio_sid or record.agent_call_sid
    call.lead_call_sid = record.lead_call_sid
    call.answered_by = record.answered_by
    call.answered_at = record.answered_at
    # Provider timestamps when there are any (so arrival order cannot matter), else now; a dial
    # that never rang the lead keeps none (it is no attempt and leaves nothing to wrap up).
    ended = record.is_over and record.lead_dialled
    call.ended_at = record.ended_at or ((call.ended_at or now) if ended else None)
    call.duration_seconds = record.duration_seconds
    call.recording_sid = record.recording_sid
    call.recording_url = record.recording_url
    call.recording_seconds = record.recording_seconds
    call.updated_at = now


def _shown(call: Call) -> tuple:
    return (call.status, call.answered_by, call.answered_at, call.ended_at, call.duration_seconds)


def _agent_state(record: CallRecord) -> AgentState:
    if not record.is_over:
        return AgentState.ON_CALL
    return AgentState.WRAP_UP if record.lead_dialled else AgentState.AVAILABLE


def _steer_agent(
    session: Session,
    call: Call,
    before: CallRecord,
    after: CallRecord,
    publish: Callable[..., None],
) -> None:
    """On call while live; wrap-up once it ends (available again if the lead was never rung)."""
    wanted = _agent_state(after)
    if wanted == _agent_state(before):
        return
    if wanted == AgentState.WRAP_UP and _has_outcome(session, call):
        return  # recorded while the line was still open (a voicemail being left): nothing to wrap
    agent = session.get(User, call.agent_id)
    if agent.state not in STEERED_STATES or agent.state == wanted:
        return
    accounts.set_agent_state(session=session, user=agent, state=wanted, publish=publish)


def _has_outcome(session: Session, call: Call) -> bool:
    return session.exec(select(Outcome.id).where(Outcome.call_id == call.id)).first() is not None


def call_card(call: Call) -> dict:
    """A call as the call screen and the floor show it (no recording link: that stays private)."""
    return {
        "id": call.id,
        "lead_id": call.lead_id,
        "agent_id": call.agent_id,
        "campaign_id": call.campaign_id,
        "mode": call.mode,
        "status": call.status,
        **on_screen(call.status, call.answered_by, bool(call.lead_call_sid), call.mode),
        "answered_by": call.answered_by,
        "started_at": call.started_at.isoformat(),
        "answered_at": call.answered_at.isoformat() if call.answered_at else None,
        "ended_at": call.ended_at.isoformat() if call.ended_at else None,
        "duration_seconds": call.duration_seconds,
        "recording_consent": call.recording_consent,
        "recorded": call.recording_sid is not None,
        "voicemail": voicemail.offer(object_session(call), call),
    }


def announce(call: Call, publish: Callable[..., None]) -> None:
    """call.updated to the telecaller's screens and the floor."""
    payload = {"call": call_card(call)}
    publish("call.updated", payload, room=f"user:{call.agent_id}")
    publish("call.updated", payload, room="floor")
    live.tell_floor(object_session(call), call, publish)


def take_callback(
    *,
    session: Session,
    call_id: int | None,
    kind: FactKind,
    params: Mapping[str, str],
    telephony: Telephony,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> Call | None:
    """A status, dial-complete, machine-detection or recording callback; None if unknown."""
    callback = telephony.read_callback(kind, params)
    call = _call_for(session, call_id, callback.call_sid, callback.parent_sid)
    if call is None or not _belongs(call, callback.call_sid, callback.parent_sid, kind):
        return None
    return apply(
        session,
        call.id,
        callback.fact,
        callback.call_sid,
        callback.dedupe_key,
        publish=publish,
        now=now,
    )


def _call_for(
    session: Session, call_id: int | None, call_sid: str, parent_sid: str | None
) -> Call | None:
    """The call a callback is about: named in its URL, else found by its provider ids."""
    if call_id is not None:
        return session.get(Call, call_id)
    sids = [sid for sid in (call_sid, parent_sid) if sid]
    if not sids:
        return None
    return session.exec(
        select(Call).where(Call.twilio_sid.in_(sids) | Call.lead_call_sid.in_(sids))
    ).first()


def _belongs(call: Call, call_sid: str, parent_sid: str | None, kind: FactKind) -> bool:
    """Whether a callback is about this dial of the call (not an earlier, replaced one)."""
    if call.twilio_sid is None or kind is FactKind.VOICE:
        return True
    if kind is FactKind.AMD:  # carries only the lead leg's id
        return call.lead_call_sid in (None, call_sid)
    return call.twilio_sid in (call_sid, parent_sid)
