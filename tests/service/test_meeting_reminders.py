"""The rep is reminded of each booked or accepted meeting half an hour before it, by email
(through a real SMTP server) and a live notice, once per start: a moved meeting is reminded
again, a cancelled one never."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from console.domain.calendar import wall_time
from console.domain.reminders import MEETING_AHEAD, NoticeKind
from console.models import Notice
from console.services import reminders
from tests.handoffs import Spy, add_lead, book_meeting, review_step


@pytest.fixture
def booked(session, campaign, users, clock):
    clock.set(clock.working_hours(), frozen=True)
    users["sales"].timezone = "Europe/London"
    session.commit()
    return book_meeting(session, add_lead(session, campaign), users["telecaller"])


def remind(session, mail, spy=None):
    return reminders.remind_meetings(session=session, publish=spy or Spy(), mailer=mail.mailer)


def reminders_in(mail):
    return [m for m in mail.received() if m.subject.startswith("Reminder:")]


def test_the_rep_is_reminded_half_an_hour_before_once(session, booked, users, clock, mail):
    clock.set(booked.starts_at - MEETING_AHEAD - timedelta(minutes=1))
    remind(session, mail)
    assert reminders_in(mail) == []
    clock.set(booked.starts_at - MEETING_AHEAD)
    spy = Spy()
    said = remind(session, mail, spy)
    assert said.startswith("1 meeting reminder posted")
    [reminder] = reminders_in(mail)
    assert reminder.to == ["sales@example.test"] and reminder.ics is None
    when = wall_time(booked.starts_at, "Europe/London")
    assert (
        reminder.subject == f"Reminder: meeting with Ada Byron (Engines Ltd) in 30 minutes, {when}"
    )
    assert reminder.body.startswith(
        f"Your meeting with Ada Byron (Engines Ltd) (Inbound demo requests) starts in 30 minutes, "
        f"at {when}: read the evidence packet before you join."
    )
    assert spy.rooms("notice.posted") == {f"user:{users['sales'].id}"}
    clock.advance(timedelta(minutes=1))
    remind(session, mail)  # a second run, or another process: nothing twice
    assert len(reminders_in(mail)) == 1
    assert len(session.exec(select(Notice).where(Notice.kind == "meeting_soon")).all()) == 1


def test_a_rescheduled_meeting_is_reminded_again_before_its_new_time(
    session, booked, users, clock, mail
):
    clock.set(booked.starts_at - timedelta(minutes=20))
    remind(session, mail)
    later = booked.starts_at + timedelta(hours=2)
    review_step(session, booked, users["sales"], "reschedule", starts_at=later.isoformat())
    clock.set(later - timedelta(minutes=25))
    remind(session, mail)
    first, second = reminders_in(mail)
    assert wall_time(later, "Europe/London") in second.subject
    notice = session.exec(select(Notice).where(Notice.kind == NoticeKind.meeting_soon.value))
    assert len(notice.all()) == 2


def test_a_cancelled_meeting_is_not_reminded_and_its_notice_is_done(
    session, booked, users, clock, mail
):
    clock.set(booked.starts_at - timedelta(minutes=10))
    remind(session, mail)
    review_step(session, booked, users["sales"], "cancel")
    clock.advance(timedelta(minutes=1))
    said = remind(session, mail)
    assert said.startswith("0 meeting reminders posted, 1 notice done")
    assert session.exec(select(Notice)).one().done_at is not None
