"""The floor's recent activity: outcomes recorded, meetings booked, sales' reviews, newest first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from console.models import Lead, Meeting, MeetingReview, Outcome, User
from console.services.meetings import ACTION_LABELS

DECISION_LABELS = {
    "handoff": "handed off",
    "nurture": "to nurture",
    "retry": "retry",
    "callback": "callback",
    "disqualify": "disqualified",
    "dnc": "do not call",
}


def _item(kind: str, at: datetime, who: str, lead: Lead, what: str, tone: str, ref: int) -> dict:
    return {
        "kind": kind,
        "at": at.isoformat(),
        "who": who,
        "lead": lead.name or lead.company,
        "company": lead.company,
        "what": what,
        "tone": tone,
        "ref": ref,
    }


def recent(*, session: Session, limit: int = 12) -> list[dict]:
    """The latest outcomes, bookings and reviews, merged by time (text only; pages escape it)."""
    items = []
    outcomes = session.exec(
        select(Outcome, User.name, Lead)
        .join(User, User.id == Outcome.agent_id)
        .join(Lead, Lead.id == Outcome.lead_id)
        .order_by(Outcome.created_at.desc())
        .limit(limit)
    )
    for outcome, name, lead in outcomes:
        what = f"{outcome.disposition.replace('-', ' ')} → {DECISION_LABELS[outcome.decision]}"
        tone = "success" if outcome.decision == "handoff" else "secondary"
        items.append(_item("outcome", outcome.created_at, name, lead, what, tone, outcome.id))
    rep = aliased(User)
    booked = session.exec(
        select(Meeting, User.name, rep.name, Lead)
        .join(User, User.id == Meeting.booked_by_id)
        .join(rep, rep.id == Meeting.sales_rep_id)
        .join(Lead, Lead.id == Meeting.lead_id)
        .order_by(Meeting.created_at.desc())
        .limit(limit)
    )
    for meeting, booker, rep_name, lead in booked:
        what = f"meeting booked for {rep_name}" + (
            " (against the rule)" if meeting.override else ""
        )
        items.append(_item("booked", meeting.created_at, booker, lead, what, "primary", meeting.id))
    reviews = session.exec(
        select(MeetingReview, User.name, Lead)
        .join(User, User.id == MeetingReview.reviewer_id)
        .join(Meeting, Meeting.id == MeetingReview.meeting_id)
        .join(Lead, Lead.id == Meeting.lead_id)
        .order_by(MeetingReview.created_at.desc())
        .limit(limit)
    )
    for review, name, lead in reviews:
        what = ACTION_LABELS.get(review.action, review.action).lower()
        if review.reason:
            what += f" as {review.reason}"
        if review.overturned:
            what += f" ({', '.join(review.overturned)} overturned)"
        tone = "danger" if review.action in ("reject", "no_show", "lost") else "success"
        items.append(
            _item("reviewed", review.created_at, name, lead, what, tone, review.meeting_id)
        )
    items.sort(key=lambda item: item["at"], reverse=True)
    return items[:limit]
