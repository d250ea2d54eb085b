"""Calls whose callbacks were lost, brought up to date from the provider's own record.

When the app is down as a call ends, or its last webhooks never arrive, the call would stay live
for ever: the telecaller on a call, every dial refused. A call with no news for a while is asked
about through the provider's REST API (the call, the legs it dialled, its recordings) and what
it says is folded exactly like the callbacks it stands for (console.services.call_progress), so
a late real webhook changes nothing. Hang-up asks the same way, instead of guessing how it ended.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session, select

from console import clock
from console.domain.calls import CallFact, CallStatus, FactKind, Leg
from console.models import Call, User
from console.services.call_progress import apply, apply_all
from console.services.queue_facts import LIVE_STATUSES
from console.telephony.port import Telephony, TelephonyError

log = logging.getLogger(__name__)

QUIET = timedelta(minutes=2)  # a live call with no news for this long is asked about
BATCH = 200  # calls asked about per run; the next run takes the rest
STRAY = timedelta(minutes=1)  # how far the provider's record of a placing may be from the dial


def reconcile_calls(
    *,
    session: Session,
    telephony: Telephony,
    publish: Callable[..., None],
    now: datetime | None = None,
    quiet: timedelta = QUIET,
) -> int:
    """Ask the provider about every live call with no news for `quiet` and fold its answer like
    the callbacks; the number of calls that turned out to be over. A call the provider cannot be
    asked about now stays as it is for the next run."""
    now = now or clock.now()
    silent = session.exec(
        select(Call.id)
        .where(Call.status.in_(LIVE_STATUSES), Call.updated_at <= now - quiet)
        .order_by(Call.updated_at, Call.id)
        .limit(BATCH)
    ).all()
    session.rollback()  # nothing held while the provider is asked
    ended = 0
    for call_id in silent:
        call = reconcile_call(
            session=session, call_id=call_id, telephony=telephony, publish=publish, now=now
        )
        ended += call is not None and call.status not in LIVE_STATUSES
    return ended


def reconcile_after_restart(
    *,
    session: Session,
    telephony: Telephony,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> int:
    """After a (re)start: every call left live is asked about at once, however recent its last
    news (the callbacks sent while the app was down are lost); the number found over."""
    return reconcile_calls(
        session=session, telephony=telephony, publish=publish, now=now, quiet=timedelta(0)
    )


def reconcile_call(
    *,
    session: Session,
    call_id: int,
    telephony: Telephony,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> Call | None:
    """The call brought up to date with what the provider says of it; unchanged (and logged)
    when the provider cannot be reached. TelephonyError is never raised from here."""
    now = now or clock.now()
    call = session.get(Call, call_id)
    if call is None or call.status == "preparing":
        return call
    sid = call.twilio_sid
    try:
        sid = sid or found_again(session, call, telephony)
        if sid is None:
            return _never_placed(session, call, publish, now)
        callbacks = telephony.call_facts(sid)
    except TelephonyError as error:
        if error.code != "call_unknown":
            log.warning("call %s: not reconciled now (%s)", call.id, error.message)
            return call
        # The provider never had it (or forgot it): it is over, with nothing more to learn.
        log.warning("call %s: the provider has no call %s; it is ended here", call.id, sid)
        ended = CallFact(FactKind.APP, Leg.AGENT, CallStatus.CANCELED, at=now, call_sid=sid)
        return apply(session, call.id, ended, sid, "unknown", publish=publish, now=now)
    return apply_all(session, call.id, callbacks, publish=publish, now=now)


def found_again(session: Session, call: Call, telephony: Telephony) -> str | None:
    """The provider's id of a bridge call the app placed but never kept (it stopped between
    Twilio's answer and its own commit, and no callback came to tell it): the one call to the
    telecaller's phone, created as this one was dialled, that no other call claims. Kept on the
    call once found. None for a softphone call (its id only ever comes with its voice request,
    so without one the lead was never dialled), when the provider has no such call, and when
    several could be it (telecallers sharing a phone): a later run may tell them apart."""
    agent = session.get(User, call.agent_id)
    if call.mode != "bridge" or agent is None or not agent.phone:
        return None
    placed = telephony.calls_to(agent.phone, call.started_at - STRAY)
    near = [found.sid for found in placed if found.created_at <= call.started_at + STRAY]
    claimed = set(session.exec(select(Call.twilio_sid).where(Call.twilio_sid.in_(near))).all())
    free = [sid for sid in near if sid not in claimed]
    if len(free) != 1:  # none, or several (a shared phone): never take another person's call
        if free:
            log.warning("call %s: its id was never kept; %d calls could be it", call.id, len(free))
        return None
    log.warning("call %s: its id was never kept; Twilio's call %s is it", call.id, free[0])
    call.twilio_sid = free[0]
    session.commit()
    return free[0]


def _never_placed(
    session: Session, call: Call, publish: Callable[..., None], now: datetime
) -> Call | None:
    """A live call the provider has no record of (the softphone never connected, or the app
    stopped before placing it): nobody can say more of it, so once quiet it ends unconnected."""
    if call.updated_at > now - QUIET:  # a softphone may still be connecting
        return call
    log.warning("call %s: never reached the provider; ended as not connected", call.id)
    ended = CallFact(FactKind.APP, Leg.AGENT, CallStatus.CANCELED, at=now)
    return apply(session, call.id, ended, f"local:{call.id}", "reconcile", publish=publish, now=now)
