"""The sales review loop: accept or reject a handoff, then held or no-show, then won or lost.

Each step goes through the domain's state machine and leaves a MeetingReview row. A rejection or
a no-show sends the lead back to nurture with its score reset and a follow-up date; the telecaller
who booked the meeting, the sales rep and the floor hear about every step at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session

from console import clock
from console.domain.meetings import (
    LARGEST_DEAL,
    BackToNurture,
    IllegalTransition,
    MeetingAction,
    Rejection,
    ReviewInvalid,
    after_no_show,
    after_rejection,
    rejection,
    transition,
)
from console.domain.queue import LeadStatus
from console.errors import Conflict, Invalid, ServiceError
from console.models import Lead, Meeting, MeetingReview, User
from console.services import meetings, races
from console.services.campaigns import rule_of
from console.services.wrap_up import moment

ACTIONS = {meetings.slug(a): a for a in MeetingAction}
CLOSED_BY = {MeetingAction.WON, MeetingAction.LOST}


def _amount(raw: Any, required: bool) -> int | None:
    """An amount in cents from a number or a decimal string; Invalid says how to write it."""
    if raw is None or raw == "":
        if required:
            raise Invalid("A won deal needs its amount.", fields={"amount": "give the amount won"})
        return None
    try:
        value = Decimal(str(raw).replace(",", "").strip())
    except InvalidOperation:
        raise Invalid(
            "Bad amount.", fields={"amount": f"{raw!r} is not an amount; e.g. 12500.00"}
        ) from None
    if not value.is_finite() or not 0 < value <= LARGEST_DEAL:
        raise Invalid(
            "Bad amount.", fields={"amount": f"use an amount above 0 and up to {LARGEST_DEAL:,}"}
        )
    if value != value.quantize(Decimal("0.01")):
        raise Invalid("Bad amount.", fields={"amount": "give the amount in cents at most"})
    return int(value * 100)


def _note(body: Mapping[str, Any]) -> str:
    note = body.get("note") or ""
    if not isinstance(note, str) or len(note) > 2000:
        raise Invalid("Bad note.", fields={"note": "write the note as text under 2000 characters"})
    return note.strip()


def _rejection(body: Mapping[str, Any]) -> Rejection:
    overturned = body.get("overturned") or []
    if not isinstance(overturned, list):
        raise Invalid("Bad criteria.", fields={"overturned": "list the criteria, e.g. [authority]"})
    try:
        return rejection(str(body.get("reason") or ""), overturned, _note(body))
    except ReviewInvalid as problem:
        raise Invalid("The rejection needs fixing.", fields=problem.fields) from None


def _back_to_nurture(lead: Lead, back: BackToNurture, now: datetime) -> dict:
    """Send the lead to nurture with a follow-up date; its score starts again from nothing."""
    if not lead.dnc:
        lead.status = LeadStatus.nurture
    lead.follow_up_at = back.follow_up_at
    lead.next_attempt_at = lead.callback_at = lead.callback_owner_id = None
    lead.updated_at = now
    return {
        "follow_up_at": back.follow_up_at.isoformat(),
        "reason": back.reason,
        "scores": {str(c): None for c in back.scores},
    }


def _apply(
    found: meetings.Booking,
    action: MeetingAction,
    body: Mapping[str, Any],
    review: MeetingReview,
    now: datetime,
) -> None:
    """Move the meeting (and its lead) for one action; all is checked before anything moves."""
    meeting, lead = found.meeting, found.lead
    rejected = _rejection(body) if action is MeetingAction.REJECT else None
    amount = None
    if action in (MeetingAction.WON, MeetingAction.OPPORTUNITY):
        amount = _amount(body.get("amount"), required=action is MeetingAction.WON)
    try:
        status = transition(meeting.status, action, amount=amount, rejected=rejected)
    except IllegalTransition as refused:
        raise Conflict(f"{str(refused).capitalize()}.", code="illegal_transition") from None
    except ReviewInvalid as problem:
        raise Invalid("The review needs fixing.", fields=problem.fields) from None
    if action is MeetingAction.RESCHEDULE:
        starts_at = _new_time(found, body, now)
        review.details = {"from": meeting.starts_at.isoformat(), "to": starts_at.isoformat()}
        meeting.starts_at = starts_at
    meeting.status = str(status)
    review.amount_cents = amount
    if amount is not None:
        meeting.amount_cents = amount
    rule = rule_of(found.campaign)
    if rejected is not None:
        review.reason, review.overturned = str(rejected.reason), sorted(rejected.overturned)
        back = after_rejection(rule, rejected, now)
        review.details = {"back_to_nurture": _back_to_nurture(lead, back, now)}
    if action is MeetingAction.NO_SHOW:
        back = after_no_show(rule, now)
        review.details = {"back_to_nurture": _back_to_nurture(lead, back, now)}
    if action in CLOSED_BY and not lead.dnc:
        lead.status, lead.updated_at = LeadStatus.closed, now
    if action in (MeetingAction.ACCEPT, MeetingAction.REJECT):
        meeting.reviewed_at = now


def _new_time(found: meetings.Booking, body: Mapping[str, Any], now: datetime) -> datetime:
    """The rescheduled start; a time without an offset is read in the sales rep's zone."""
    errors: dict[str, str] = {}
    zone = body.get("timezone") or found.rep.timezone
    starts_at = moment(body.get("starts_at"), zone, "starts_at", errors)
    if starts_at is not None and starts_at <= now:
        errors["starts_at"] = "the new time is in the past; pick a time after now"
    if errors or starts_at is None:
        raise Invalid("The new time needs fixing.", fields=errors)
    return starts_at


def act(
    *,
    session: Session,
    meeting_id: int,
    viewer: User,
    action: str,
    body: Mapping[str, Any] | None,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> dict:
    """Take one review step on a meeting; answers the meeting, the review and the lead after."""
    now = now or clock.now()
    if action not in ACTIONS:
        raise Invalid("Unknown action.", fields={"action": f"use one of {', '.join(ACTIONS)}"})
    body = body if isinstance(body, Mapping) else {}
    # One review of a meeting at a time: the second reads the first one's result, and a step
    # that result no longer allows is a conflict.
    races.hold(session, Meeting, meeting_id)
    try:
        found = meetings.reviewable(session, meeting_id, viewer)
    except ServiceError:
        session.rollback()
        raise
    review = MeetingReview(
        meeting_id=meeting_id, reviewer_id=viewer.id, action=str(ACTIONS[action]), created_at=now
    )
    try:
        if ACTIONS[action] is not MeetingAction.REJECT:
            review.note = _note(body)
        _apply(found, ACTIONS[action], body, review, now)
    except ServiceError:
        session.rollback()
        raise
    found.meeting.updated_at = now
    session.add(review)
    session.commit()
    history = meetings.reviews_of(session, [meeting_id]).get(meeting_id, [])
    result = {
        "meeting": meetings.card(found, now, meetings.feedback(history)),
        "review": meetings.review_card(review, viewer.name),
        "lead": {
            "id": found.lead.id,
            "status": found.lead.status,
            "follow_up_at": found.lead.follow_up_at.isoformat()
            if found.lead.follow_up_at
            else None,
            "scores": (review.details or {}).get("back_to_nurture", {}).get("scores"),
        },
    }
    event = {"meeting": result["meeting"], "review": result["review"], "action": action}
    # One list of rooms: someone in several of them (a team lead) hears it once.
    rooms = ["floor", f"user:{found.meeting.booked_by_id}", f"rep:{found.meeting.sales_rep_id}"]
    publish("meeting.reviewed", event, room=rooms)
    return result
