"""Meeting invites by email: queued in the outbox with the booking, sent after it commits, and
tried again by the scheduler until the mail server takes them, so none is lost silently.

Each message is stored (console.models.MailMessage) in the same transaction as what it tells
of; sending happens outside that transaction. A process claims a message before sending it
(one conditional UPDATE, as the scheduler claims a job), so the request that booked and the
scheduler never send the same message twice. A message whose meeting has begun is dropped,
with the reason kept, rather than sent late.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from email.utils import formatdate, make_msgid
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, select

from console.domain.calendar import wall_time
from console.domain.meetings import calendar_change
from console.domain.reminders import meeting_reminder, who
from console.mailer import Mailer
from console.models import MailMessage, Meeting
from console.services import meetings, packets, races

log = logging.getLogger("console.mail")
CLAIM = timedelta(minutes=5)  # a send under way holds its message this long
RETRY_AT_MOST = timedelta(hours=1)


def retry_after(attempts: int) -> timedelta:
    """How long to wait before the next try: 1, 2, 4 ... minutes, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), RETRY_AT_MOST)


def _queue(
    session: Session,
    meeting: Meeting,
    kind: str,
    key: str,
    now: datetime,
    *,
    cancelled: bool = False,
    sequence: int = 0,
) -> None:
    found = meetings.booking(session, meeting.id)
    lead, rep = found.lead, found.rep
    when = meetings.times(found, meeting.starts_at)
    what = {"invite": "Meeting", "update": "Meeting moved", "cancel": "Meeting cancelled"}[kind]
    subject = (
        f"{what}: {lead.company or lead.name} with {rep.name}, {when[1].removesuffix(' (rep)')}"
    )
    lines = [
        f"{what}: {found.campaign.name}",
        f"{lead.name}, {lead.title} at {lead.company}".strip(", "),
        *when,
        f"{meeting.duration_minutes} minutes with {rep.name}",
        f"Attendees: {meeting.attendees}" if meeting.attendees else "",
        "The calendar invite is attached."
        if kind != "cancel"
        else "The attached cancellation takes the meeting out of your calendar.",
    ]
    _store(
        session,
        key=key,
        kind=kind,
        meeting=meeting,
        recipients=packets.attendees_of(found),
        subject=subject,
        body="\n".join(line for line in lines if line),
        ics=packets.invite_text(session, found, cancelled=cancelled, sequence=sequence),
        now=now,
    )


def _store(
    session: Session,
    *,
    key: str,
    kind: str,
    meeting: Meeting,
    recipients: list[str],
    subject: str,
    body: str,
    ics: str | None,
    now: datetime,
) -> bool:
    """One message in the outbox, once under its key; dropped unsent once the meeting begins.
    Whether it was new."""
    return races.insert_new(
        session,
        MailMessage,
        {
            "key": key,
            "kind": kind,
            "meeting_id": meeting.id,
            "recipients": recipients,
            "subject": subject[:300],
            "body": body[:4000],
            "ics": ics,
            "not_after": meeting.starts_at,
            "attempts": 0,
            "next_try_at": now,
            "created_at": now,
        },
        unique=["key"],
    )


def queue_invite(session: Session, meeting: Meeting, now: datetime) -> None:
    """Queue the invite of a meeting just booked (in the booking's transaction; no commit)."""
    _queue(session, meeting, "invite", f"invite:{meeting.id}", now)


def queue_update(session: Session, meeting: Meeting, now: datetime, *, cancelled: bool) -> None:
    """Queue the update of a rescheduled or cancelled meeting: the same event, a new sequence
    (in the step's transaction, with the meeting's row held, so sequences never repeat)."""
    kind = "cancel" if cancelled else "update"
    sequence = packets.sequence_sent(session, meeting.id) + 1
    key = f"{kind}:{meeting.id}:{sequence}"
    _queue(session, meeting, kind, key, now, cancelled=cancelled, sequence=sequence)


def queue_change(
    session: Session, meeting: Meeting, now: datetime, *, was_status: str, was_starts_at: datetime
) -> str | None:
    """Queue what a step changed for the calendars that hold the meeting (a cancellation, or
    an update: console.domain.meetings.calendar_change); which."""
    change = calendar_change(
        was_status=was_status,
        was_starts_at=was_starts_at,
        status=meeting.status,
        starts_at=meeting.starts_at,
        now=now,
    )
    if change:
        queue_update(session, meeting, now, cancelled=change == "cancel")
    return change


def queue_erased_cancel(session: Session, meeting: Meeting, sequence: int, now: datetime) -> None:
    """Queue the cancellation of an erased lead's meeting to its rep alone: which meeting (the
    campaign, the time in the rep's zone, the same calendar event) and why, nothing about the
    person. `sequence` was counted before the erasure emptied the meeting's outbox."""
    found = meetings.booking(session, meeting.id)
    rep = found.rep
    when = wall_time(meeting.starts_at, rep.timezone or "UTC")
    lines = [
        f"Meeting cancelled: {found.campaign.name}, {when}, {meeting.duration_minutes} minutes.",
        "The lead asked for their personal data to be erased, so the meeting is off and they "
        "will not be contacted again. The attached cancellation takes it out of your calendar.",
    ]
    _store(
        session,
        key=f"cancel:{meeting.id}:{sequence}",
        kind="cancel",
        meeting=meeting,
        recipients=[rep.email.lower()],
        subject=f"Meeting cancelled: {found.campaign.name} with {rep.name}, {when}",
        body="\n".join(lines),
        ics=packets.erased_cancel_text(found, sequence),
        now=now,
    )


def queue_reminder(session: Session, meeting: Meeting, sequence: int, now: datetime) -> bool:
    """Queue the rep's reminder of a meeting about to begin, once per start: `sequence` is the
    event's (packets.sequence_sent), so a moved meeting is reminded again. Whether it was new."""
    found = meetings.booking(session, meeting.id)
    rep, lead = found.rep, found.lead
    zone = rep.timezone or "UTC"
    subject, sentence = meeting_reminder(
        who(lead.name, lead.company), found.campaign.name, meeting.starts_at, now, zone
    )
    lines = [
        sentence,
        f"{lead.name}, {lead.title} at {lead.company}".strip(", "),
        f"Phone {lead.phone}" + (f", email {lead.email}" if lead.email else ""),
        f"Attendees: {meeting.attendees}" if meeting.attendees else "",
    ]
    return _store(
        session,
        key=f"reminder:{meeting.id}:{sequence}",
        kind="reminder",
        meeting=meeting,
        recipients=[rep.email.lower()],
        subject=subject,
        body="\n".join(line for line in lines if line),
        ics=None,
        now=now,
    )


# Headers unfolded up to RFC 5322's 998 characters: the standard library folds a subject of
# about 78 characters before its first word, and readers then see it start with a space.
WRITTEN = default.clone(max_line_length=998)


def _email(message: MailMessage, sender: str, now: datetime) -> EmailMessage:
    email = EmailMessage(policy=WRITTEN)
    email["From"] = sender
    email["To"] = ", ".join(message.recipients)
    email["Subject"] = message.subject
    email["Date"] = formatdate(now.timestamp(), usegmt=True)
    email["Message-ID"] = make_msgid(f"mail-{message.id}", domain="handoff")
    email.set_content(message.body)
    if message.ics:
        method = "CANCEL" if message.kind == "cancel" else "REQUEST"
        email.add_attachment(
            message.ics.encode(),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": method, "charset": "utf-8"},
        )
    return email


def _claim(session: Session, message_id: int, now: datetime) -> bool:
    moved = session.execute(
        update(MailMessage)
        .where(
            MailMessage.id == message_id,
            MailMessage.sent_at.is_(None),
            MailMessage.dropped_at.is_(None),
            MailMessage.next_try_at <= now,
        )
        .values(next_try_at=now + CLAIM)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return moved.rowcount == 1


def _deliver(session: Session, mailer: Mailer, message: MailMessage, now: datetime) -> str:
    """Send one claimed message; what became of it: sent, failed or dropped."""
    if message.not_after is not None and message.not_after <= now:
        message.dropped_at, message.last_error = now, "not sent: the meeting had begun"
        session.commit()
        return "dropped"
    try:
        mailer.send(_email(message, mailer.sender, now))
    except (OSError, smtplib.SMTPException) as problem:
        message.attempts += 1
        message.last_error = f"{type(problem).__name__}: {problem}"[:500]
        message.next_try_at = now + retry_after(message.attempts)
        session.commit()
        log.warning("mail %s not sent (attempt %s): %s", message.id, message.attempts, problem)
        return "failed"
    message.attempts += 1
    message.sent_at, message.last_error = now, None
    session.commit()
    return "sent"


def send_now(*, session: Session, mailer: Mailer, meeting_id: int, now: datetime) -> list[str]:
    """Send the meeting's waiting messages at once (after its booking committed); what became
    of each. A failure stays in the outbox for the scheduler."""
    waiting = session.exec(
        select(MailMessage.id)
        .where(MailMessage.meeting_id == meeting_id, MailMessage.sent_at.is_(None))
        .order_by(MailMessage.id)  # an update after the invite it updates
    ).all()
    return [_send_one(session, mailer, message_id, now) for message_id in waiting]


def _send_one(session: Session, mailer: Mailer, message_id: int, now: datetime) -> str:
    if not _claim(session, message_id, now):
        return "taken"
    message = session.get(MailMessage, message_id, populate_existing=True)
    return _deliver(session, mailer, message, now)


def send_due(*, session: Session, mailer: Mailer, now: datetime, limit: int = 100) -> dict:
    """Send every message due (new, or failed before and due again); counts by what happened."""
    due = session.exec(
        select(MailMessage.id)
        .where(
            MailMessage.sent_at.is_(None),
            MailMessage.dropped_at.is_(None),
            MailMessage.next_try_at <= now,
        )
        .order_by(MailMessage.id)
        .limit(limit)
    ).all()
    counts = {"sent": 0, "failed": 0, "dropped": 0, "taken": 0}
    for message_id in due:
        counts[_send_one(session, mailer, message_id, now)] += 1
    return counts


def outbox_line(message: MailMessage, zone: str) -> str:
    """A message's state in words, for the development mail page."""
    if message.sent_at:
        return f"sent {wall_time(message.sent_at, zone)}"
    if message.dropped_at:
        return message.last_error or "dropped"
    return f"waiting ({message.attempts} tries): {message.last_error or 'not tried yet'}"


def mail_page(*, session: Session, folder: Path, zone: str, limit: int = 100) -> dict:
    """The development mail page: messages the capture server kept, and the outbox's unsent."""
    from console.mailer import captured

    received = []
    for path in captured(folder)[:limit]:
        parsed = message_from_bytes(path.read_bytes(), policy=default)
        body = parsed.get_body(preferencelist=("plain",))
        calendars = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
        received.append(
            {
                "name": path.name,
                "from": parsed["From"],
                "to": parsed["To"],
                "subject": parsed["Subject"],
                "date": parsed["Date"],
                "body": body.get_content() if body else "",
                "ics": calendars[0].get_content() if calendars else None,
            }
        )
    unsent = session.exec(
        select(MailMessage).where(MailMessage.sent_at.is_(None)).order_by(MailMessage.id.desc())
    ).all()
    waiting = [
        {"subject": m.subject, "to": ", ".join(m.recipients), "state": outbox_line(m, zone)}
        for m in unsent[:limit]
    ]
    return {"received": received, "waiting": waiting, "folder": str(folder)}
