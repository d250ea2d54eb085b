"""Erasure: a lead's personal data removed from every table, the anonymous row kept for the figures.

What goes: the lead's names, company, title, phone, email, notes and external id; what its
touches, calls (drafts, Twilio's callbacks, recordings), outcomes (notes, next step, typed answers,
evidence), callbacks, meetings (attendees) and reviews (notes) say about the person; the audit
trail's words about it. What stays: the rows, with status, dates, scores, dispositions and
decisions, so the metrics count the same. The number goes on the do-not-call list only when the
person asked not to be called. Retention (erase_stale) erases leads untouched for N months."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_
from sqlmodel import Session, select

from console import clock
from console.domain import erasure as rules
from console.domain.meetings import COMING, MeetingStatus
from console.domain.queue import LeadStatus
from console.errors import Conflict, NotFound
from console.mailer import Mailer
from console.models import (
    AuditEntry,
    Call,
    Callback,
    CallEvent,
    Lead,
    LeadTouch,
    MailMessage,
    Meeting,
    MeetingReview,
    Notice,
    Outcome,
    User,
)
from console.services import dnc as dnc_service
from console.services import import_jobs, invites, notices, packets, races
from console.services.calls import TelephonyUnavailable
from console.services.queue_facts import LIVE_STATUSES, holder_working
from console.telephony.port import Telephony, TelephonyError

log = logging.getLogger("console.erasure")
ACTION = "lead.erase"
ERASED = "(erased)"  # what an audit entry's words about the person become


@dataclass(frozen=True)
class Erasure:
    """What erasing a lead did: when, whether it was erased before, what it touched."""

    lead_id: int
    erased_at: datetime
    already: bool
    dnc: bool
    calls: int
    recordings_deleted: int
    meetings_cancelled: int = 0


def erase(
    *,
    session: Session,
    lead_id: int,
    actor: User | None,
    dnc: bool = False,
    telephony: Telephony | None = None,
    publish: Callable[..., None] | None = None,
    now: datetime | None = None,
    by: str = "admin",
    wait_for_outcome: bool = True,
    mailer: Mailer | None = None,
) -> Erasure:
    """Erase a lead's personal data in one transaction, audited (who, when, which lead id).

    `dnc` puts the number on the do-not-call list first: only when the person asked not to be
    called. Recordings are deleted at the provider before anything changes here, so a provider
    that cannot be reached leaves the lead as it was (try again). Erasing twice is a no-op.
    A lead whose last call awaits its outcome is refused while `wait_for_outcome` (retention
    does not wait: a wrap-up left open for months is abandoned, not under way). Meetings still
    to come are cancelled, and their reps sent the cancellation of the calendar event, which
    names only the campaign and the time (`mailer`: at once; else the send-mail job)."""
    now = now or clock.now()
    person = session.get(Lead, lead_id)
    if person is not None and person.erased_at is None:  # an unfinished import would bring
        import_jobs.forget_person(session=session, lead=person, now=now)  # them back: stopped
    # A review step holds its meeting and then moves the lead; the erasure holds the lead's
    # meetings first too (in id order), so the two wait for each other instead of deadlocking,
    # and the meetings are called off as the last step left them.
    meeting_ids = session.exec(
        select(Meeting.id).where(Meeting.lead_id == lead_id).order_by(Meeting.id)
    ).all()
    for meeting_id in meeting_ids:
        races.hold(session, Meeting, meeting_id)
    # Held until the commit, so a write on the lead (an outcome, a touch, a claim) lands before
    # the checks below see it, or after the erasure: never in between, undoing part of it.
    lead = races.hold(session, Lead, lead_id)
    if lead is None:
        raise NotFound(f"There is no lead {lead_id}.")
    calls = list(session.exec(select(Call).where(Call.lead_id == lead.id).order_by(Call.id)))
    if lead.erased_at is not None:
        done = Erasure(lead.id, lead.erased_at, True, lead.dnc, len(calls), 0)
        session.rollback()
        return done
    if any(call.status in LIVE_STATUSES for call in calls):
        session.rollback()
        raise Conflict(
            f"Lead {lead_id} is on a call now: erase it once the call has ended.",
            code="call_live",
        )
    if wait_for_outcome and holder_working(session, lead):  # the outcome would bring words back
        session.rollback()
        raise Conflict(
            f"Lead {lead_id}'s last call awaits its outcome: erase it once the telecaller "
            "has saved it.",
            code="call_live",
        )
    deleted = _delete_recordings(calls, telephony)
    if dnc:
        reason = "asked not to be called (their data was erased)"
        dnc_service.block(
            session, lead.phone, reason=reason, source="request", actor_id=_id(actor), now=now
        )
        lead.dnc, lead.status = True, LeadStatus.dnc  # as block() wrote it, for this session
    words = _personal_words(lead)
    called_off = _call_off_meetings(session, lead.id, now)
    _strip_lead(session, lead, now)
    _strip_calls(session, calls)
    _strip_outcomes_and_meetings(session, lead.id)
    session.flush()  # the meetings' old messages are gone before their cancellations go in
    for meeting, sequence in called_off:
        invites.queue_erased_cancel(session, meeting, sequence, now)
    dropped = _drop_notices(session, lead.id)
    _scrub_audit(session, lead.id, words)
    session.add(
        AuditEntry(
            actor_id=_id(actor),
            action=ACTION,
            entity="lead",
            entity_id=str(lead.id),
            after={
                "by": by,  # admin, command line or retention
                "dnc": dnc,
                "calls": len(calls),
                "recordings_deleted": deleted,
                "meetings_cancelled": [meeting.id for meeting, _ in called_off],
            },
            at=now,
        )
    )
    session.commit()
    if mailer is not None:  # after the commit; what fails waits in the outbox for send-mail
        for meeting, _ in called_off:
            invites.send_now(session=session, mailer=mailer, meeting_id=meeting.id, now=now)
    if publish is not None:
        publish("queue.changed", {"lead_id": lead.id}, room=f"campaign:{lead.campaign_id}")
        notices.announce_done(publish, dropped)  # off the pages that still name the person
    return Erasure(lead.id, now, False, lead.dnc, len(calls), deleted, len(called_off))


def _id(actor: User | None) -> int | None:
    return actor.id if actor is not None else None


def _delete_recordings(calls: list[Call], telephony: Telephony | None) -> int:
    """Delete each call's recording at the provider; TelephonyUnavailable stops the erasure."""
    recorded = [call.recording_sid for call in calls if call.recording_sid]
    if telephony is None:
        return 0
    for sid in recorded:
        try:
            telephony.delete_recording(sid)
        except TelephonyError as error:
            raise TelephonyUnavailable(error.message) from error
    return len(recorded)


def _call_off_meetings(session: Session, lead_id: int, now: datetime) -> list[tuple[Meeting, int]]:
    """Cancel the lead's meetings still to come (booked or accepted, not begun), each with the
    sequence its cancellation carries (counted now: the erasure empties the meeting's outbox)."""
    coming = session.exec(
        select(Meeting)
        .where(
            Meeting.lead_id == lead_id,
            Meeting.status.in_([str(s) for s in COMING]),
            Meeting.starts_at > now,
        )
        .order_by(Meeting.id)
    ).all()
    called_off = []
    for meeting in coming:
        called_off.append((meeting, packets.sequence_sent(session, meeting.id) + 1))
        meeting.status, meeting.updated_at = str(MeetingStatus.CANCELLED), now
        session.add(meeting)
    return called_off


def _personal_words(lead: Lead) -> set[str]:
    """The lead's own words and numbers, to find in free-form records (the audit trail)."""
    values = (lead.phone, lead.email, lead.first_name, lead.last_name, lead.name, lead.company)
    return {value for value in (*values, lead.external_id) if value and len(value) > 2}


def _strip_lead(session: Session, lead: Lead, now: datetime) -> None:
    """The lead row and its touches: no words about the person, never in a queue again."""
    lead.first_name, lead.last_name = rules.FIRST_NAME, rules.LAST_NAME
    lead.company = lead.title = lead.notes = ""
    lead.phone = rules.placeholder_phone(lead.id)
    lead.email = lead.external_id = None
    lead.status = rules.status_after(lead.status)
    lead.lease_owner_id = lead.lease_expires_at = None
    lead.callback_at = lead.callback_owner_id = None
    lead.next_attempt_at = lead.follow_up_at = None
    lead.updated_at = lead.erased_at = now
    session.add(lead)
    for touch in session.exec(select(LeadTouch).where(LeadTouch.lead_id == lead.id)):
        touch.payload = {}
        session.add(touch)
    for callback in session.exec(select(Callback).where(Callback.lead_id == lead.id)):
        callback.note = ""
        callback.done_at = callback.done_at or now  # an open callback would remind someone
        session.add(callback)


def _strip_calls(session: Session, calls: list[Call]) -> None:
    """Calls keep status, times and durations; drafts, recordings and Twilio's callbacks go."""
    for call in calls:
        call.draft = {}
        call.recording_sid = call.recording_url = None
        session.add(call)
    ids = [call.id for call in calls]
    if ids:
        for event in session.exec(select(CallEvent).where(CallEvent.call_id.in_(ids))):
            event.payload = {}  # Twilio's parameters: both numbers, the recording's address
            session.add(event)


def _drop_notices(session: Session, lead_id: int) -> list[tuple[int, int]]:
    """Reminders and alerts about the lead name the person: they go (they only ever asked for
    something to be done about the lead). Each open one's id and reader, for their pages."""
    dropped = []
    for notice in session.exec(select(Notice).where(Notice.lead_id == lead_id)):
        if notice.done_at is None:
            dropped.append((notice.id, notice.recipient_id))
        session.delete(notice)
    return dropped


def _strip_outcomes_and_meetings(session: Session, lead_id: int) -> None:
    """Outcomes keep disposition, scores and decision; meetings and reviews their steps."""
    for outcome in session.exec(select(Outcome).where(Outcome.lead_id == lead_id)):
        outcome.notes = outcome.next_step = ""
        outcome.override_reason = "" if outcome.override_reason else outcome.override_reason
        outcome.answers = rules.stripped_answers(outcome.answers or {})
        outcome.evidence = {}  # the prospect's own words
        session.add(outcome)
    meetings = list(session.exec(select(Meeting).where(Meeting.lead_id == lead_id)))
    for meeting in meetings:
        meeting.attendees = ""
        session.add(meeting)
    ids = [meeting.id for meeting in meetings]
    if ids:
        for review in session.exec(select(MeetingReview).where(MeetingReview.meeting_id.in_(ids))):
            review.note = ""
            session.add(review)
        # Invites name the person and carry their address: sent or waiting, they go.
        for message in session.exec(select(MailMessage).where(MailMessage.meeting_id.in_(ids))):
            session.delete(message)


def _scrub_audit(session: Session, lead_id: int, words: set[str]) -> None:
    """Entries about this lead keep who and when; any of the person's words in them go."""
    about = select(AuditEntry).where(
        AuditEntry.entity == "lead", AuditEntry.entity_id == str(lead_id)
    )
    for entry in session.exec(about):
        entry.before, entry.after = _scrubbed(entry.before, words), _scrubbed(entry.after, words)
        session.add(entry)


def _scrubbed(value: Any, words: set[str]) -> Any:
    if isinstance(value, dict):
        return {key: _scrubbed(item, words) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item, words) for item in value]
    if isinstance(value, str) and any(word.lower() in value.lower() for word in words):
        return ERASED
    return value


# -- retention ---------------------------------------------------------------------------------


def stale_leads(
    *, session: Session, now: datetime, months: int, batch: int = 200
) -> Iterator[Lead]:
    """Leads not erased and untouched for `months` months: no touch, call, outcome, callback,
    meeting, review or change since, and nothing planned (retry, follow-up, callback) after."""
    cutoff = rules.months_before(now, months)
    last = 0
    while True:
        found = list(
            session.exec(
                select(Lead)
                .where(Lead.id > last, *_untouched_since(cutoff))
                .order_by(Lead.id)
                .limit(batch)
            )
        )
        yield from found
        if len(found) < batch:
            return
        last = found[-1].id


def _untouched_since(cutoff: datetime) -> Iterable[Any]:
    """SQL conditions: a lead nothing has happened to (or is planned for) since the cutoff."""
    recent = [
        exists().where(LeadTouch.lead_id == Lead.id, LeadTouch.received_at >= cutoff),
        exists().where(
            Call.lead_id == Lead.id,
            or_(Call.started_at >= cutoff, Call.updated_at >= cutoff, Call.ended_at >= cutoff),
        ),
        exists().where(Outcome.lead_id == Lead.id, Outcome.created_at >= cutoff),
        exists().where(
            Callback.lead_id == Lead.id,
            or_(
                Callback.created_at >= cutoff, Callback.due_at >= cutoff, Callback.done_at >= cutoff
            ),
        ),
        exists().where(
            Meeting.lead_id == Lead.id,
            or_(
                Meeting.created_at >= cutoff,
                Meeting.updated_at >= cutoff,
                Meeting.starts_at >= cutoff,
            ),
        ),
        exists().where(
            and_(MeetingReview.meeting_id == Meeting.id, Meeting.lead_id == Lead.id),
            MeetingReview.created_at >= cutoff,
        ),
    ]
    planned = [
        or_(column.is_(None), column < cutoff)
        for column in (
            Lead.next_attempt_at,
            Lead.follow_up_at,
            Lead.callback_at,
            Lead.lease_expires_at,
        )
    ]
    return [
        Lead.erased_at.is_(None),
        Lead.created_at < cutoff,
        Lead.arrived_at < cutoff,
        Lead.updated_at < cutoff,
        *(~condition for condition in recent),
        *planned,
    ]


def erase_stale(
    *,
    session: Session,
    now: datetime | None = None,
    months: int | None,
    telephony: Telephony | None = None,
    publish: Callable[..., None] | None = None,
) -> int:
    """Erase every lead untouched for `months` months (HANDOFF_RETENTION_MONTHS); none when
    retention is off (None or 0). Each lead is its own transaction: a lead whose recordings
    the provider could not delete is left for the next run. How many were erased."""
    if not months:
        return 0
    now = now or clock.now()
    erased = 0
    for lead_id in [lead.id for lead in stale_leads(session=session, now=now, months=months)]:
        try:
            erase(
                session=session,
                lead_id=lead_id,
                actor=None,
                telephony=telephony,
                publish=publish,
                now=now,
                by="retention",
                wait_for_outcome=False,
            )
        except (TelephonyUnavailable, Conflict) as refused:
            session.rollback()
            log.warning("retention: lead %s not erased yet: %s", lead_id, refused.message)
        else:
            erased += 1
    return erased
