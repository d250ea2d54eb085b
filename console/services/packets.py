"""The evidence packet sales reads before accepting a handoff, and the meeting's calendar invite."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import func
from sqlmodel import Session, select

from console import clock
from console.domain.addresses import emails_in
from console.domain.calendar import ics_invite
from console.domain.criteria import CRITERION_LABELS, Criteria, score_label
from console.domain.meetings import step_taken, undo_until
from console.models import Call, MailMessage, Meeting, MeetingReview, Outcome, User
from console.services import leads, recordings
from console.services.meetings import (
    Booking,
    card,
    feedback,
    last_review,
    lead_zone,
    readable,
    reviews_of,
    slug,
    times,
)

UPDATES = ("update", "cancel")  # the outbox's kinds that raise the event's sequence
# Which evidence speaks to which criterion, in the prospect's own words where the script kept them.
EVIDENCE_FOR = {
    Criteria.NEED: ("pain", "impact", "current_vendor"),
    Criteria.TIMEFRAME: ("timeframe",),
    Criteria.AUTHORITY: ("decision_maker", "decision_maker_role"),
    Criteria.PROFILE: ("team_size", "budget"),
}


def _criteria(outcome: Outcome | None) -> list[dict]:
    scores = (outcome.scores if outcome else {}) or {}
    evidence = (outcome.evidence if outcome else {}) or {}
    rows = []
    for criterion in Criteria:
        score = scores.get(criterion.value)
        said = [
            {"key": key, "label": key.replace("_", " ").capitalize(), "text": str(evidence[key])}
            for key in EVIDENCE_FOR[criterion]
            if evidence.get(key)
        ]
        rows.append(
            {
                "name": criterion.value,
                "label": CRITERION_LABELS[criterion],
                "score": score,
                "words": score_label(criterion, score)
                if isinstance(score, int)
                else "not found out",
                "evidence": said,
            }
        )
    return rows


def _decision_maker(evidence: dict, meeting: Meeting) -> str:
    role, named = evidence.get("decision_maker_role"), evidence.get("decision_maker")
    present = "attends the meeting" if meeting.decision_maker_present else "does not attend"
    who = role or {"yes": "the contact", "no": "someone else"}.get(str(named), named) or "unknown"
    return f"{who}; {present}"


def packet(*, session: Session, meeting_id: int, viewer: User, now: datetime | None = None) -> dict:
    """The evidence packet: criteria with scores and the prospect's words, the call, attempts."""
    now = now or clock.now()
    found = readable(session, meeting_id, viewer)
    outcome, lead = found.outcome, found.lead
    evidence = (outcome.evidence if outcome else {}) or {}
    call = session.get(Call, outcome.call_id) if outcome and outcome.call_id else None
    history = reviews_of(session, [meeting_id]).get(meeting_id, [])
    return {
        **card(found, now, feedback(history)),
        "lead": {
            "id": lead.id,
            "name": lead.name,
            "company": lead.company,
            "title": lead.title,
            "phone": lead.phone,
            "email": lead.email,
            "zone": lead_zone(lead),
            "local_time": leads.local_time(lead, now)["label"],
            "status": lead.status,
            "follow_up_at": lead.follow_up_at.isoformat() if lead.follow_up_at else None,
        },
        "criteria": _criteria(outcome),
        "evidence": evidence,
        "pain": evidence.get("pain"),
        "decision_maker": _decision_maker(evidence, found.meeting),
        "next_step": (outcome.next_step if outcome else "") or evidence.get("next_step", ""),
        "notes": outcome.notes if outcome else "",
        "reasons": outcome.reasons if outcome else [],
        "override_reason": outcome.override_reason if outcome else None,
        "scores_set_by_hand": outcome.scores_set_by_hand if outcome else False,
        "disposition": outcome.disposition if outcome else None,
        "recording_url": recordings.address(session, call, viewer),
        "call": _call_card(call),
        "attempts": leads.attempts(session, lead),
        "reviews": history,
        "review_due_in_zones": times(found, found.meeting.review_due_at)
        if found.meeting.review_due_at
        else [],
        "invite_url": f"/api/v1/meetings/{meeting_id}/invite.ics",
        "undo": _undo_offer(last_review(session, meeting_id), viewer, now),
    }


def _undo_offer(last: MeetingReview | None, viewer: User, now: datetime) -> dict | None:
    """The viewer's own latest step, while its minute to take it back lasts."""
    if last is None or last.reviewer_id != viewer.id:
        return None
    until = undo_until(last.created_at, now)
    if until is None:
        return None
    return {
        "action": slug(last.action),
        "sentence": step_taken(last.action),
        "until": until.isoformat(),
    }


def _call_card(call: Call | None) -> dict | None:
    if call is None:
        return None
    return {
        "id": call.id,
        "started_at": call.started_at.isoformat(),
        "duration_seconds": call.duration_seconds,
        "recording_seconds": call.recording_seconds,
    }


def invite(*, session: Session, meeting_id: int, viewer: User) -> tuple[str, str]:
    """The meeting's .ics invite (file name, text); a reschedule raises its sequence."""
    found = readable(session, meeting_id, viewer)
    return f"meeting-{found.meeting.id}.ics", invite_text(session, found)


def invite_text(
    session: Session, found: Booking, *, cancelled: bool = False, sequence: int | None = None
) -> str:
    """The meeting's iCalendar text: one UID for its life, the sequence raised by each update
    sent (a move, a cancellation, a cancellation taken back), so calendars update the same
    event; `sequence` is the one about to be sent (the latest sent when None)."""
    meeting, lead = found.meeting, found.lead
    evidence = (found.outcome.evidence if found.outcome else {}) or {}
    lines = [
        f"{lead.name}, {lead.title} at {lead.company}".strip(", "),
        f"Phone {lead.phone}" + (f", email {lead.email}" if lead.email else ""),
        f"Why now: {evidence['pain']}" if evidence.get("pain") else "",
        f"Attendees: {meeting.attendees}" if meeting.attendees else "",
        *times(found, meeting.starts_at),
    ]
    invite_for = partial(
        ics_invite,
        uid=event_uid(meeting),
        starts_at=meeting.starts_at,
        duration=timedelta(minutes=meeting.duration_minutes),
        summary=f"{found.campaign.name}: {lead.company or lead.name}",
        description="\n".join(line for line in lines if line),
        organizer_email=found.rep.email,
        stamped_at=meeting.updated_at,
        sequence=sequence_sent(session, meeting.id) if sequence is None else sequence,
        cancelled=cancelled,
    )
    try:
        return invite_for(attendee_emails=attendees_of(found))
    except ValueError:  # an email the calendar format cannot carry: invite the rep alone
        return invite_for(attendee_emails=[found.rep.email])


def erased_cancel_text(found: Booking, sequence: int) -> str:
    """The cancellation of an erased lead's meeting, for the rep's calendar alone: the same
    event (UID) and its time, and not a word about the person."""
    meeting = found.meeting
    return ics_invite(
        uid=event_uid(meeting),
        starts_at=meeting.starts_at,
        duration=timedelta(minutes=meeting.duration_minutes),
        summary=f"{found.campaign.name}: meeting cancelled",
        description="Cancelled: the lead's personal data was erased on request.",
        organizer_email=found.rep.email,
        attendee_emails=[found.rep.email],
        stamped_at=meeting.updated_at,
        sequence=sequence,
        cancelled=True,
    )


def event_uid(meeting: Meeting) -> str:
    """The calendar event's UID: one per meeting, for its whole life."""
    return f"meeting-{meeting.id}@handoff"


def sequence_sent(session: Session, meeting_id: int) -> int:
    """The event's sequence so far: one for each update or cancellation queued for it (the
    invite is 0). Counted from the outbox, which only grows, so an undone step still raises it."""
    return session.exec(
        select(func.count())
        .select_from(MailMessage)
        .where(MailMessage.meeting_id == meeting_id, MailMessage.kind.in_(UPDATES))
    ).one()


def attendees_of(found: Booking) -> list[str]:
    """Who the invite goes to: the rep, the lead, and any address written among the attendees."""
    named = [found.rep.email, found.lead.email, *emails_in(found.meeting.attendees or "")]
    return list(dict.fromkeys(e.lower() for e in named if e))
