"""Presence: each app process vouches for the live connections it holds, and a sweep takes
offline the telecallers whose pages are gone (console.domain.presence decides who is here)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, select

from console.domain.presence import Seen, forgettable, is_here
from console.domain.roles import AgentState, Role
from console.models import Call, LiveConnection, User
from console.services import accounts
from console.services.queue_facts import LIVE_STATUSES


def vouch(*, session: Session, process: str, now: datetime) -> int:
    """This process still holds its open connections: mark them seen now; how many."""
    moved = session.execute(
        update(LiveConnection)
        .where(LiveConnection.process == process, LiveConnection.is_open)
        .values(seen_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return moved.rowcount


def sweep(*, session: Session, publish: Callable[..., None], now: datetime) -> int:
    """Take offline every telecaller not offline whose pages are gone (closed past the grace,
    or held by a process that stopped vouching) and who is not on a call; forget connections
    that no longer count. How many went offline."""
    present = session.exec(
        select(User).where(
            User.role == Role.TELECALLER, User.active, User.state != AgentState.OFFLINE
        )
    ).all()
    seen: dict[int, list[Seen]] = defaultdict(list)
    gone: list[str] = []
    for row in session.exec(select(LiveConnection)):
        connection = Seen(is_open=row.is_open, seen_at=row.seen_at)
        seen[row.user_id].append(connection)
        if forgettable(connection, now):
            gone.append(row.sid)
    calling = set(
        session.exec(
            select(Call.agent_id).where(
                Call.agent_id.in_([user.id for user in present]),
                Call.status.in_(LIVE_STATUSES),
            )
        )
    )
    away = [
        user
        for user in present
        if not is_here(seen[user.id], user.state_since, user.id in calling, now)
    ]
    if gone:
        session.exec(delete(LiveConnection).where(LiveConnection.sid.in_(gone)))
    session.commit()
    for user in away:
        accounts.set_agent_state(
            session=session, user=user, state=AgentState.OFFLINE, publish=publish, now=now
        )
    return len(away)
