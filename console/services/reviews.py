"""The sales review loop: accept or reject a handoff, then held or no-show, then won or lost.

Each step goes through the domain's state machine and leaves a MeetingReview row. A rejection or
a no-show sends the lead back to nurture with its score reset and a follow-up date; the telecaller
who booked the meeting, the sales rep and the floor hear about every step at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from console import clock
from console.contract.moments import in_zone
from console.contract.reviews import ReviewInput
from console.domain.calendar import wall_time
from console.domain.feed import review_sentence
from console.domain.follow_ups import FollowUpReason
from console.domain.meetings import (
    COMING,
    BackToNurture,
    IllegalTransition,
    MeetingAction,
    NotYetStarted,
    Rejection,
    ReviewInvalid,
    after_no_show,
    after_rejection,
    rejection,
    transition,
    undo_until,
)
from console.domain.queue import LeadStatus
from console.errors import Conflict, Invalid, ServiceError
from console.mailer import Mailer
from console.models import AuditEntry, Lead, Meeting, MeetingReview, User
from console.services import booking, invites, meetings, races
from console.services.campaigns import rule_of

ACTIONS = {meetings.slug(a): a for a in MeetingAction}
CLOSED_BY = {MeetingAction.WON, MeetingAction.LOST}


def _rejection(review: ReviewInput) -> Rejection:
    try:
        return rejection(str(review.reason or ""), [str(c) for c in review.overturned], review.note)
    except ReviewInvalid as problem:
        raise Invalid("The rejection needs fixing.", fields=problem.fields) from None


def _back_to_nurture(lead: Lead, back: BackToNurture, why: FollowUpReason, now: datetime) -> dict:
    """Send the lead to nurture with a follow-up date; its score starts again from nothing."""
    if not lead.dnc and lead.erased_at is None:  # an erased lead is never called again
        lead.status = LeadStatus.nurture
    lead.follow_up_at, lead.follow_up_reason = back.follow_up_at, why
    lead.next_attempt_at = lead.callback_at = lead.callback_owner_id = None
    lead.updated_at = now
    return {
        "follow_up_at": back.follow_up_at.isoformat(),
        "reason": back.reason,
        "scores": {str(c): None for c in back.scores},
    }


def _apply(
    session: Session,
    found: meetings.Booking,
    action: MeetingAction,
    asked: ReviewInput,
    review: MeetingReview,
    now: datetime,
    reviewer_zone: str,
) -> None:
    """Move the meeting (and its lead) for one action; all is checked before anything moves."""
    meeting, lead = found.meeting, found.lead
    rejected = _rejection(asked) if action is MeetingAction.REJECT else None
    amount = asked.cents() if action in (MeetingAction.WON, MeetingAction.OPPORTUNITY) else None
    try:
        status = transition(
            meeting.status,
            action,
            amount=amount,
            rejected=rejected,
            starts_at=meeting.starts_at,
            now=now,
        )
    except NotYetStarted as early:
        when = wall_time(early.starts_at, reviewer_zone)
        raise Conflict(
            f"This meeting starts {when}: mark it held or a no-show once it has begun.",
            code="not_started",
        ) from None
    except IllegalTransition as refused:
        raise Conflict(f"{str(refused).capitalize()}.", code="illegal_transition") from None
    except ReviewInvalid as problem:
        raise Invalid("The review needs fixing.", fields=problem.fields) from None
    if action is MeetingAction.RESCHEDULE:
        starts_at = _new_time(found, asked, now)
        booking.check_move(
            session=session,
            meeting=meeting,
            rep=found.rep,
            starts_at=starts_at,
            zone=asked.timezone or reviewer_zone,
            now=now,
        )  # the rep's row stays locked until the step commits: no booking takes that time
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
        back_to = _back_to_nurture(lead, back, FollowUpReason.rejected, now)
        review.details = {"back_to_nurture": back_to}
    if action is MeetingAction.NO_SHOW:
        back = after_no_show(rule, now)
        back_to = _back_to_nurture(lead, back, FollowUpReason.no_show, now)
        review.details = {"back_to_nurture": back_to}
    if action in CLOSED_BY and not lead.dnc:
        lead.status, lead.updated_at = LeadStatus.closed, now
    if action in (MeetingAction.ACCEPT, MeetingAction.REJECT):
        meeting.reviewed_at = now


def _new_time(found: meetings.Booking, asked: ReviewInput, now: datetime) -> datetime:
    """The rescheduled start; a time without an offset is read in the sales rep's zone."""
    if asked.starts_at is None:
        raise Invalid("The new time is missing.", fields={"starts_at": "give the new time"})
    starts_at = in_zone(asked.starts_at, asked.timezone or found.rep.timezone)
    if starts_at <= now:
        raise Invalid(
            "The new time needs fixing.",
            fields={"starts_at": "the new time is in the past; pick a time after now"},
        )
    return starts_at


def act(
    *,
    session: Session,
    meeting_id: int,
    viewer: User,
    action: str,
    review: ReviewInput,
    publish: Callable[..., None],
    now: datetime | None = None,
    mailer: Mailer | None = None,
) -> dict:
    """Take one review step on a meeting; answers the meeting, the review and the lead after.
    A move or a cancellation emails the rep and the lead's attendees the same calendar event
    updated (`mailer`: at once; without it, the send-mail job sends it)."""
    now = now or clock.now()
    if action not in ACTIONS:
        raise Invalid("Unknown action.", fields={"action": f"use one of {', '.join(ACTIONS)}"})
    # One review of a meeting at a time: the second reads the first one's result, and a step
    # that result no longer allows is a conflict.
    races.hold(session, Meeting, meeting_id)
    try:
        found = meetings.reviewable(session, meeting_id, viewer, ACTIONS[action])
    except ServiceError:
        session.rollback()
        raise
    was_status, was_starts_at = found.meeting.status, found.meeting.starts_at
    row = MeetingReview(
        meeting_id=meeting_id, reviewer_id=viewer.id, action=str(ACTIONS[action]), created_at=now
    )
    before = _snapshot(found)
    try:
        row.note = review.note.strip()  # a rejection's note is the telecaller's coaching
        _apply(session, found, ACTIONS[action], review, row, now, viewer.timezone)
    except ServiceError:
        session.rollback()
        raise
    row.details = {**(row.details or {}), "before": before}  # what an undo puts back
    found.meeting.updated_at = now
    session.add(row)
    told = invites.queue_change(
        session, found.meeting, now, was_status=was_status, was_starts_at=was_starts_at
    )
    session.commit()
    if told and mailer is not None:  # after the commit: mail never holds the step up
        invites.send_now(session=session, mailer=mailer, meeting_id=meeting_id, now=now)
    history = meetings.reviews_of(session, [meeting_id]).get(meeting_id, [])
    result = {
        "meeting": meetings.card(found, now, meetings.feedback(history)),
        "review": meetings.review_card(row, viewer.name),
        "lead": {
            "id": found.lead.id,
            "status": found.lead.status,
            "follow_up_at": found.lead.follow_up_at.isoformat()
            if found.lead.follow_up_at
            else None,
            "scores": (row.details or {}).get("back_to_nurture", {}).get("scores"),
        },
    }
    event = {
        "meeting": result["meeting"],
        "review": result["review"],
        "action": action,
        "sentence": review_sentence(result["review"]["label"], viewer.name),
    }
    # One list of rooms: someone in several of them (a team lead) hears it once.
    rooms = ["floor", f"user:{found.meeting.booked_by_id}", f"rep:{found.meeting.sales_rep_id}"]
    publish("meeting.reviewed", event, room=rooms)
    return result


# What a review step may change, on the meeting and on its lead; an undo puts these back.
MEETING_FIELDS = ("status", "starts_at", "amount_cents", "reviewed_at", "updated_at")
LEAD_FIELDS = ("status", "follow_up_at", "follow_up_reason", "next_attempt_at", "callback_at",
               "callback_owner_id", "updated_at")  # fmt: skip


def _snapshot(found: meetings.Booking) -> dict:
    """The meeting and lead fields a step may change, as JSON."""

    def plain(value: object) -> object:
        return value.isoformat() if isinstance(value, datetime) else value

    return {
        "meeting": {name: plain(getattr(found.meeting, name)) for name in MEETING_FIELDS},
        "lead": {name: plain(getattr(found.lead, name)) for name in LEAD_FIELDS},
    }


def _restore(record: object, saved: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        value = saved.get(name)
        if isinstance(value, str) and name.endswith("_at"):
            value = datetime.fromisoformat(value)
        setattr(record, name, value)


def undo(
    *,
    session: Session,
    meeting_id: int,
    viewer: User,
    publish: Callable[..., None],
    now: datetime | None = None,
    mailer: Mailer | None = None,
) -> dict:
    """Take back the viewer's last step on a meeting within a minute of taking it: the meeting and
    its lead are as they were, the step leaves the history, and an audit entry keeps it."""
    now = now or clock.now()
    races.hold(session, Meeting, meeting_id)
    try:
        found = meetings.reviewable(session, meeting_id, viewer, MeetingAction.CANCEL)
    except ServiceError:
        session.rollback()
        raise
    was_status, was_starts_at = found.meeting.status, found.meeting.starts_at
    last = meetings.last_review(session, meeting_id)
    if (
        last is None
        or last.reviewer_id != viewer.id
        or undo_until(last.created_at, now) is None
        or "before" not in (last.details or {})
    ):
        session.rollback()
        raise Conflict(
            "There is no step of yours from the last minute to undo on this meeting.",
            code="nothing_to_undo",
        )
    taken = meetings.review_card(last, viewer.name)
    saved = last.details["before"]
    _restore(found.meeting, saved["meeting"], MEETING_FIELDS)
    _restore(found.lead, saved["lead"], LEAD_FIELDS)
    back = found.meeting.starts_at != was_starts_at or was_status != found.meeting.status
    if back and found.meeting.status in COMING:  # its old time may have been taken meanwhile
        try:
            booking.check_move(
                session=session,
                meeting=found.meeting,
                rep=found.rep,
                starts_at=found.meeting.starts_at,
                zone=viewer.timezone,
                now=now,
            )
        except ServiceError:
            session.rollback()
            raise
    session.add(
        AuditEntry(
            actor_id=viewer.id,
            action="meeting review undone",
            entity="meeting",
            entity_id=str(meeting_id),
            before=taken,
            at=now,
        )
    )
    session.delete(last)
    told = invites.queue_change(
        session, found.meeting, now, was_status=was_status, was_starts_at=was_starts_at
    )
    session.commit()
    if told and mailer is not None:
        invites.send_now(session=session, mailer=mailer, meeting_id=meeting_id, now=now)
    history = meetings.reviews_of(session, [meeting_id]).get(meeting_id, [])
    card = meetings.card(found, now, meetings.feedback(history))
    sentence = review_sentence(taken["label"], viewer.name, undone=True)
    event = {"meeting": card, "review": taken, "action": taken["action"], "undone": True}
    event["sentence"] = sentence
    rooms = ["floor", f"user:{found.meeting.booked_by_id}", f"rep:{found.meeting.sales_rep_id}"]
    publish("meeting.reviewed", event, room=rooms)
    return {"meeting": card, "undone": taken}
