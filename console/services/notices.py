"""Notices: reminders and alerts that reach a person live and stay on their page until done.

A notice is done when what it is about is acted on (the callback called, the meeting reviewed,
the lead claimed) or when its reader dismisses it. The rule for "acted on" is written once, below,
and serves both the lists (which only read) and the jobs' settling (which marks notices done).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_, update
from sqlmodel import Session, select

from console import clock
from console.domain.meetings import COMING
from console.domain.queue import LeadStatus
from console.domain.reminders import NoticeKind
from console.domain.roles import Role
from console.errors import NotFound
from console.models import Callback, Lead, Meeting, Notice, User
from console.services import races

SHOWN = 50  # the most notices a page lists


def floor_people(session: Session) -> list[User]:
    """Who hears the floor's alerts, each in their own zone: the active team leads, or the
    active admins where there is no team lead."""
    for role in (Role.LEAD, Role.ADMIN):
        found = session.exec(select(User).where(User.role == role, User.active).order_by(User.id))
        people = list(found)
        if people:
            return people
    return []


def acted_on(now: datetime) -> Any:
    """Whether what a notice is about has been done: the rule for every kind, as SQL."""
    callback_kept = exists().where(Callback.id == Notice.callback_id, Callback.done_at.is_not(None))
    reviewed = exists().where(Meeting.id == Notice.meeting_id, Meeting.status != "booked")
    lead = Lead.id == Notice.lead_id
    claimed = exists().where(
        lead,
        or_(
            Lead.attempts > 0,
            Lead.status != LeadStatus.queued.value,
            and_(Lead.lease_owner_id.is_not(None), Lead.lease_expires_at > now),
        ),
    )
    blocked = exists().where(lead, Lead.dnc)
    meeting_past = exists().where(
        Meeting.id == Notice.meeting_id,
        or_(Meeting.status.not_in([str(s) for s in COMING]), Meeting.starts_at <= now),
    )
    return or_(
        blocked,
        and_(Notice.kind == NoticeKind.callback_due.value, callback_kept),
        and_(Notice.kind == NoticeKind.review_clock.value, reviewed),
        and_(Notice.kind == NoticeKind.speed_to_lead.value, claimed),
        and_(Notice.kind == NoticeKind.meeting_soon.value, meeting_past),
    )


def card(notice: Notice) -> dict[str, Any]:
    """A notice as pages, the API and live events show it."""
    return {
        "id": notice.id,
        "kind": notice.kind,
        "recipient_id": notice.recipient_id,
        "sentence": notice.sentence,
        "lead_id": notice.lead_id,
        "meeting_id": notice.meeting_id,
        "created_at": notice.created_at.isoformat(),
        "done_at": notice.done_at.isoformat() if notice.done_at else None,
    }


def post(
    session: Session,
    *,
    kind: NoticeKind,
    reader: User,
    lead: Lead,
    sentence: str,
    now: datetime,
    subject: str,
    callback_id: int | None = None,
    meeting_id: int | None = None,
) -> dict[str, Any] | None:
    """Add a notice for `reader` unless one about the same `subject` was posted before (by
    any run, in any process), or the lead was erased since it was read (the lead stays locked
    until the caller commits, so an erasure waits for the notice and then removes it); its card
    when new. The caller commits, then announces."""
    now_held = races.hold(session, Lead, lead.id)
    if now_held is None or now_held.erased_at is not None:
        return None
    values = {
        "key": f"{kind.value}:{subject}:{reader.id}",
        "kind": kind.value,
        "recipient_id": reader.id,
        "lead_id": lead.id,
        "callback_id": callback_id,
        "meeting_id": meeting_id,
        "sentence": sentence[:600],
        "created_at": now,
    }
    new_id = races.inserted_key(session, Notice, values, unique=["key"])
    return card(Notice(id=new_id, **values)) if new_id else None


def announce(publish: Callable[..., None], cards: Iterable[dict[str, Any]]) -> None:
    """Send each new notice to its reader's pages (after the commit that stored it)."""
    for posted in cards:
        publish("notice.posted", {"notice": posted}, room=f"user:{posted['recipient_id']}")


def announce_done(publish: Callable[..., None], notices: Iterable[tuple[int, int]]) -> None:
    """Tell each reader's pages which of their notices are done."""
    by_reader: dict[int, list[int]] = defaultdict(list)
    for notice_id, reader in notices:
        by_reader[reader].append(notice_id)
    for reader, ids in by_reader.items():
        publish("notice.done", {"ids": sorted(ids)}, room=f"user:{reader}")


def settle(
    *, session: Session, kind: NoticeKind, publish: Callable[..., None], now: datetime
) -> int:
    """Mark done the open notices of a kind whose subject has been acted on; how many."""
    found = session.exec(
        select(Notice.id, Notice.recipient_id).where(
            Notice.kind == kind.value, Notice.done_at.is_(None), acted_on(now)
        )
    ).all()
    if not found:
        return 0
    session.execute(
        update(Notice)
        .where(Notice.id.in_([notice_id for notice_id, _ in found]), Notice.done_at.is_(None))
        .values(done_at=now, done_how="acted")
        .execution_options(synchronize_session=False)
    )
    session.commit()
    announce_done(publish, found)
    return len(found)


def open_for(*, session: Session, reader: User, now: datetime | None = None) -> list[dict]:
    """The reader's notices still open, newest first (reading changes nothing)."""
    now = now or clock.now()
    rows = session.exec(
        select(Notice)
        .where(Notice.recipient_id == reader.id, Notice.done_at.is_(None), ~acted_on(now))
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .limit(SHOWN)
    )
    return [card(notice) for notice in rows]


def dismiss(
    *,
    session: Session,
    notice_id: int,
    reader: User,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> dict[str, Any]:
    """The reader puts one of their notices away (again: no change); the notice after."""
    now = now or clock.now()
    notice = session.get(Notice, notice_id)
    if notice is None or notice.recipient_id != reader.id:
        raise NotFound(f"There is no notice {notice_id} among yours.")
    if notice.done_at is None:
        notice.done_at, notice.done_how = now, "dismissed"
        session.commit()
        announce_done(publish, [(notice.id, reader.id)])
    return card(notice)
