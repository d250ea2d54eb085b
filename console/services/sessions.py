"""Who a sign-in names, and ending their sessions everywhere at once with the live connections
that go with them."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from sqlalchemy import update
from sqlmodel import Session, delete, select

from console import clock
from console.models import LiveConnection, User
from console.models.users import new_session_secret
from console.tokens import login_id as signed_login_id


def end_all(*, session: Session, user: User, disconnect: Callable[[str], None]) -> int:
    """End every session of this person: saved sessions and remember-me cookies (their login id
    carries the old secret) and open pages (disconnected in whichever process holds them).
    Returns how many live connections were closed."""
    user.session_secret = new_session_secret()
    session.commit()
    # Read the connections only after the new secret is committed: a page connecting meanwhile
    # either is listed here or, checking its sign-in after recording itself, is refused.
    sids = session.exec(
        select(LiveConnection.sid).where(LiveConnection.user_id == user.id, LiveConnection.is_open)
    ).all()
    session.exec(delete(LiveConnection).where(LiveConnection.user_id == user.id))
    session.commit()
    for sid in sids:
        disconnect(sid)
    return len(sids)


def user_for_login_id(*, session: Session, presented: str, key: str) -> User | None:
    """The active user a login id names, if it is still current; None for an old or forged one.
    `key` is the app's SECRET_KEY, which signed the id."""
    number, _, proof = presented.partition(":")
    if not number.isdecimal() or not proof:
        return None
    user = session.get(User, int(number))
    if user is None or not user.active:
        return None
    expected = signed_login_id(user_id=user.id, session_secret=user.session_secret, key=key)
    return user if hmac.compare_digest(expected.encode(), presented.encode()) else None


def connection_opened(
    *, session: Session, user: User, sid: str, login_id: str, key: str, process: str = ""
) -> bool:
    """Record a page's live connection, held by this app `process` (which vouches for it); False
    (and nothing kept) when the sign-in it came with (`login_id`, signed with the app's
    SECRET_KEY `key`) ended while it was connecting."""
    now = clock.now()
    session.add(LiveConnection(sid=sid, user_id=user.id, process=process, seen_at=now))
    session.commit()
    session.refresh(user)
    if user_for_login_id(session=session, presented=login_id, key=key) is not None:
        return True
    session.exec(delete(LiveConnection).where(LiveConnection.sid == sid))
    session.commit()
    return False


def connection_closed(*, session: Session, sid: str) -> None:
    """A live connection closed: kept, not open, so its person stays here for the grace
    (console.domain.presence) in case the page is only reloading."""
    session.execute(
        update(LiveConnection)
        .where(LiveConnection.sid == sid)
        .values(is_open=False, seen_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    session.commit()
