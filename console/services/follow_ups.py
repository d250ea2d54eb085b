"""Leads back from nurture: why a lead left and what changed (read from its outcome or review),
and the team lead's pipeline of follow-ups coming back, by why they left."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func
from sqlmodel import Session, select

from console import clock
from console.domain.follow_ups import (
    HORIZONS,
    REASON_LABELS,
    Departure,
    FollowUpReason,
    came_back,
    reason_of,
    weeks_from,
)
from console.domain.queue import LeadStatus
from console.models import Campaign, Lead, LeadTouch, Meeting, MeetingReview, Outcome

WAITING = (LeadStatus.nurture, LeadStatus.queued)  # queued: taken back, not called yet
_REVIEW_ACTION = {FollowUpReason.rejected: "reject", FollowUpReason.no_show: "no_show"}


def departure(session: Session, lead: Lead) -> Departure | None:
    """Why the lead waits for (or is back on) its follow-up; None for a lead in its usual round."""
    if lead.follow_up_at is None or lead.status not in WAITING:
        return None
    reason = reason_of(lead.follow_up_reason)
    left = {"reason": reason, "left_at": lead.updated_at, "due_at": lead.follow_up_at}
    if reason in _REVIEW_ACTION:
        review = session.exec(
            select(MeetingReview)
            .join(Meeting, Meeting.id == MeetingReview.meeting_id)
            .where(Meeting.lead_id == lead.id, MeetingReview.action == _REVIEW_ACTION[reason])
            .order_by(MeetingReview.created_at.desc(), MeetingReview.id.desc())
        ).first()
        if review is not None:
            left |= {"left_at": review.created_at, "said": review.note}
            left |= {"rejected_as": review.reason, "overturned": tuple(review.overturned or ())}
    elif reason is FollowUpReason.nurture:
        outcome = session.exec(
            select(Outcome)
            .where(Outcome.lead_id == lead.id, Outcome.decision == "nurture")
            .order_by(Outcome.created_at.desc(), Outcome.id.desc())
        ).first()
        if outcome is not None:
            first_reason = outcome.reasons[0] if outcome.reasons else ""
            said = outcome.notes.strip() or outcome.next_step.strip() or first_reason
            left |= {"left_at": outcome.created_at, "said": said}
    else:
        left |= {"left_at": lead.arrived_at, "form": lead.form}
    touches = select(func.count(LeadTouch.id)).where(
        LeadTouch.lead_id == lead.id, LeadTouch.received_at > left["left_at"]
    )
    return Departure(**left, touches_since=session.exec(touches).one())


def came_back_sentence(
    *, session: Session, lead: Lead, zone: str | None = None, now: datetime | None = None
) -> str | None:
    """The preview's sentence on a lead back from nurture (days counted in the viewer's zone)."""
    left = departure(session, lead)
    if left is None:
        return None
    return came_back(left, now or clock.now(), zone or "UTC")


def pipeline(
    *,
    session: Session,
    zone: str | None = None,
    campaign_id: int | None = None,
    now: datetime | None = None,
) -> dict:
    """How many leads come back from nurture: due and not called yet, this week and next (weeks
    as the viewer lives them), by why they left; active campaigns only."""
    now = now or clock.now()
    zone = zone or "UTC"
    weeks = weeks_from(now, zone)
    due = Lead.follow_up_at
    counted = [
        func.sum(case((due <= now, 1), else_=0)),
        func.sum(case(((due > now) & (due < weeks.this_week_ends), 1), else_=0)),
        func.sum(case((due >= weeks.this_week_ends, 1), else_=0)),
    ]
    query = (
        select(Lead.follow_up_reason, *counted)
        .join(Campaign, Campaign.id == Lead.campaign_id)
        .where(
            Campaign.active,
            Lead.status.in_([str(status) for status in WAITING]),
            Lead.follow_up_at.is_not(None),
            Lead.follow_up_at < weeks.next_week_ends,
            ~Lead.dnc,
        )
        .group_by(Lead.follow_up_reason)
    )
    if campaign_id is not None:
        query = query.where(Lead.campaign_id == campaign_id)
    counts = {reason: dict.fromkeys(HORIZONS, 0) for reason in REASON_LABELS}
    for stored, *row in session.exec(query):
        for horizon, count in zip(HORIZONS, row, strict=True):
            counts[reason_of(stored)][horizon] += int(count or 0)
    total = {horizon: sum(c[horizon] for c in counts.values()) for horizon in HORIZONS}
    return {
        "as_of": now.isoformat(),
        "timezone": zone,
        "this_week_ends": weeks.this_week_ends.isoformat(),
        "next_week_ends": weeks.next_week_ends.isoformat(),
        "horizons": [{"key": key, "label": label} for key, label in HORIZONS.items()],
        "reasons": [
            {"reason": str(reason), "label": label, **counts[reason]}
            for reason, label in REASON_LABELS.items()
        ],
        "total": total,
    }
