"""Meetings as sales sees them: the list with its review clock, the evidence packet, the invite."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from console import clock
from console.domain.calendar import format_in_zones
from console.domain.meetings import (
    REASON_WORDS,
    MeetingAction,
    MeetingStatus,
    allowed_actions,
    attendance_opens,
)
from console.domain.roles import Role
from console.errors import Forbidden, NotFound
from console.models import Campaign, Lead, Meeting, MeetingReview, Outcome, User

STATUS_LABELS = {
    "booked": "Awaiting review",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "held": "Held",
    "no_show": "No-show",
    "opportunity": "Opportunity",
    "won": "Won",
    "lost": "Lost",
    "cancelled": "Cancelled",
}
ACTION_LABELS = {
    "accept": "Accepted",
    "reject": "Rejected",
    "held": "Held",
    "no_show": "No-show",
    "reschedule": "Rescheduled",
    "opportunity": "Opportunity opened",
    "won": "Won",
    "lost": "Lost",
    "cancel": "Cancelled",
}


@dataclass
class Booking:
    """A meeting with the rows a card needs."""

    meeting: Meeting
    lead: Lead
    rep: User
    booker: User
    campaign: Campaign
    outcome: Outcome | None


def slug(action: str) -> str:
    """An action as URLs spell it: no_show -> no-show."""
    return str(action).replace("_", "-")


def _query():
    rep, booker = aliased(User), aliased(User)
    return (
        select(Meeting, Lead, rep, booker, Campaign, Outcome)
        .join(Lead, Lead.id == Meeting.lead_id)
        .join(rep, rep.id == Meeting.sales_rep_id)
        .join(booker, booker.id == Meeting.booked_by_id)
        .join(Campaign, Campaign.id == Meeting.campaign_id)
        .join(Outcome, Outcome.id == Meeting.outcome_id, isouter=True),
        rep,
        booker,
    )


def booking(session: Session, meeting_id: int) -> Booking:
    """The meeting and its rows, or NotFound."""
    query, _, _ = _query()
    row = session.exec(query.where(Meeting.id == meeting_id)).first()
    if row is None:
        raise NotFound(f"There is no meeting {meeting_id}.")
    return Booking(*row)


def may_read(meeting: Meeting, viewer: User) -> bool:
    """Its sales rep, the telecaller who booked it, team leads and admins."""
    if viewer.role in (Role.LEAD, Role.ADMIN):
        return True
    return viewer.id in (meeting.sales_rep_id, meeting.booked_by_id)


def readable(session: Session, meeting_id: int, viewer: User) -> Booking:
    """A meeting the viewer may read; others' meetings are simply not found."""
    found = booking(session, meeting_id)
    if not may_read(found.meeting, viewer):
        raise NotFound(f"There is no meeting {meeting_id} among yours.")
    return found


def reviewable(
    session: Session, meeting_id: int, viewer: User, action: MeetingAction | None = None
) -> Booking:
    """A meeting the viewer may review: its sales rep, or a team lead or admin; the telecaller
    who booked it may cancel it too (the prospect often calls them to call it off)."""
    found = readable(session, meeting_id, viewer)
    if viewer.role == Role.TELECALLER and not may_cancel(found.meeting, viewer, action):
        raise Forbidden("Only the sales rep who owns this meeting (or a team lead) reviews it.")
    return found


def may_cancel(meeting: Meeting, viewer: User, action: MeetingAction | None) -> bool:
    """Whether the viewer may call the meeting off: whoever may review it, and its booker."""
    if action is not MeetingAction.CANCEL:
        return viewer.role != Role.TELECALLER
    return viewer.role != Role.TELECALLER or viewer.id == meeting.booked_by_id


def lead_zone(lead: Lead) -> str:
    """The zone the lead's times are shown in."""
    return lead.zones[0] if lead.zones else "UTC"


def times(found: Booking, at: datetime) -> list[str]:
    """A moment as the lead and the sales rep each read it."""
    return format_in_zones(at, [("lead", lead_zone(found.lead)), ("rep", found.rep.timezone)])


def is_overdue(meeting: Meeting, now: datetime) -> bool:
    """Booked and not reviewed by its business-hours deadline."""
    due = meeting.review_due_at
    return meeting.status == MeetingStatus.BOOKED and due is not None and now > due


def review_card(review: MeetingReview, by: str | None = None) -> dict:
    """One step sales took, as the feedback and history show it."""
    return {
        "id": review.id,
        "action": slug(review.action),
        "label": ACTION_LABELS.get(review.action, review.action),
        "reason": review.reason,
        "reason_words": REASON_WORDS.get(review.reason) if review.reason else None,
        "overturned": list(review.overturned or []),
        "note": review.note,
        "amount": review.amount_cents / 100 if review.amount_cents is not None else None,
        "details": {k: v for k, v in (review.details or {}).items() if k != "before"},
        "by": by,
        "at": review.created_at.isoformat(),
    }


def card(found: Booking, now: datetime | None = None, feedback: dict | None = None) -> dict:
    """A meeting as lists and live events show it (text only; pages escape it)."""
    now = now or clock.now()
    meeting, lead = found.meeting, found.lead
    due = meeting.review_due_at
    return {
        "id": meeting.id,
        "status": meeting.status,
        "status_label": STATUS_LABELS.get(meeting.status, meeting.status),
        "lead_id": lead.id,
        "lead_name": lead.name or lead.company,
        "company": lead.company,
        "title": lead.title,
        "campaign": found.campaign.slug,
        "campaign_name": found.campaign.name,
        "sales_rep_id": meeting.sales_rep_id,
        "sales_rep": found.rep.name,
        "booked_by_id": meeting.booked_by_id,
        "booked_by": found.booker.name,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": (meeting.starts_at + timedelta(minutes=meeting.duration_minutes)).isoformat(),
        "duration_minutes": meeting.duration_minutes,
        "starts_in_zones": times(found, meeting.starts_at),
        "attendees": meeting.attendees,
        "decision_maker_present": meeting.decision_maker_present,
        "override": meeting.override,
        "total": found.outcome.total if found.outcome else None,
        "review_due_at": due.isoformat() if due else None,
        "overdue": is_overdue(meeting, now),
        "reviewed_at": meeting.reviewed_at.isoformat() if meeting.reviewed_at else None,
        "amount": meeting.amount_cents / 100 if meeting.amount_cents is not None else None,
        "currency": found.campaign.currency,
        "created_at": meeting.created_at.isoformat(),
        "actions": [slug(a) for a in allowed_actions(meeting.status, meeting.starts_at, now)],
        "attendance_opens_at": _iso(attendance_opens(meeting.status, meeting.starts_at, now)),
        "feedback": feedback,
    }


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def last_review(session: Session, meeting_id: int) -> MeetingReview | None:
    """The latest step sales took on the meeting."""
    latest = select(MeetingReview).where(MeetingReview.meeting_id == meeting_id)
    latest = latest.order_by(MeetingReview.created_at.desc(), MeetingReview.id.desc())
    return session.exec(latest.limit(1)).first()


def reviews_of(session: Session, meeting_ids: Iterable[int]) -> dict[int, list[dict]]:
    ids = list(meeting_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(MeetingReview, User.name)
        .join(User, User.id == MeetingReview.reviewer_id)
        .where(MeetingReview.meeting_id.in_(ids))
        .order_by(MeetingReview.created_at, MeetingReview.id)
    )
    history: dict[int, list[dict]] = {}
    for review, name in rows:
        history.setdefault(review.meeting_id, []).append(review_card(review, name))
    return history


def feedback(history: list[dict]) -> dict | None:
    """What sales said last, for the telecaller: the latest step that was not a reschedule."""
    said = [r for r in history if r["action"] != "reschedule"]
    return said[-1] if said else None


def _order(item: dict) -> tuple:
    # Awaiting review first (overdue on top, then by deadline), then what is coming, then the rest.
    if item["status"] == MeetingStatus.BOOKED:
        return (0, not item["overdue"], item["review_due_at"] or "", 0)
    if item["status"] == MeetingStatus.ACCEPTED:
        return (1, False, item["starts_at"], 0)
    return (2, False, "", -item["id"])


def list_meetings(
    *,
    session: Session,
    viewer: User,
    status: MeetingStatus | None = None,
    now: datetime | None = None,
) -> list[dict]:
    """Sales see their own meetings, telecallers the ones they booked, leads and admins all."""
    now = now or clock.now()
    query, _, _ = _query()
    if viewer.role == Role.SALES:
        query = query.where(Meeting.sales_rep_id == viewer.id)
    elif viewer.role == Role.TELECALLER:
        query = query.where(Meeting.booked_by_id == viewer.id)
    if status:
        query = query.where(Meeting.status == str(status))
    found = [Booking(*row) for row in session.exec(query.order_by(Meeting.created_at.desc()))]
    history = reviews_of(session, (b.meeting.id for b in found))
    cards = [card(b, now, feedback(history.get(b.meeting.id, []))) for b in found]
    return sorted(cards, key=_order)


def review_clock(cards: list[dict]) -> dict:
    """How many meetings wait for review, and how many are past their 24 business hours."""
    waiting = [c for c in cards if c["status"] == MeetingStatus.BOOKED]
    return {"awaiting_review": len(waiting), "overdue": sum(c["overdue"] for c in waiting)}
