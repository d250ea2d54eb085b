"""Reschedules and cancellations reach the calendars as the same event: the rep and the lead's
attendees are emailed (through a real SMTP server) the event with its UID kept, its sequence
raised, and METHOD:CANCEL when it is called off or sales turns it down before it begins. A
reschedule never lands on another meeting."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from console.domain.slots import short_time
from console.errors import Conflict, Forbidden, NotFound
from console.models import MailMessage, Meeting
from console.services import accounts, erasure, reviews
from tests.conftest import PASSWORD
from tests.erasure import PERSON, needles
from tests.handoffs import Spy, add_lead, book_meeting, review_step


@pytest.fixture
def booked(session, campaign, users, clock):
    clock.working_hours()
    users["sales"].timezone = "America/Chicago"
    session.commit()
    lead = add_lead(session, campaign, attendees="", email="cfo@engines.test")
    return book_meeting(session, lead, users["telecaller"])


def step(session, meeting, user, action, mail=None, **body):
    return review_step(session, meeting, user, action, mailer=mail.mailer if mail else None, **body)


def undo(session, meeting, user, mail):
    reviews.undo(
        session=session, meeting_id=meeting.id, viewer=user, publish=Spy(), mailer=mail.mailer
    )


def erase(session, lead, users, mail):
    return erasure.erase(
        session=session, lead_id=lead.id, actor=users["admin"], publish=Spy(), mailer=mail.mailer
    )


def test_a_reschedule_sends_the_same_event_with_a_higher_sequence(session, booked, users, mail):
    moved_to = booked.starts_at + timedelta(days=1)
    step(session, booked, users["sales"], "reschedule", mail, starts_at=moved_to.isoformat())
    invite, update = mail.received()  # the invite waited in the outbox; it goes first
    assert invite.field("SEQUENCE") == "0" and invite.method == "REQUEST"
    assert update.field("UID") == invite.field("UID") == f"meeting-{booked.id}@handoff"
    assert update.field("SEQUENCE") == "1" and update.method == "REQUEST"
    assert update.field("DTSTART") == f"{moved_to:%Y%m%dT%H%M%SZ}"
    assert set(update.to) == {"sales@example.test", "cfo@engines.test"}
    assert update.subject.startswith("Meeting moved: Engines Ltd with Sales Person")
    assert short_time(moved_to, "America/Chicago").split(" on ")[0] in update.body  # rep's zone


def test_a_cancellation_by_the_rep_takes_the_event_out_of_the_calendars(
    session, booked, users, mail
):
    done = step(session, booked, users["sales"], "cancel", mail)
    assert done["meeting"]["status"] == "cancelled" and done["meeting"]["actions"] == []
    *_, cancel = mail.received()
    assert cancel.method == "CANCEL" and "METHOD:CANCEL" in cancel.ics
    assert "STATUS:CANCELLED" in cancel.ics and cancel.field("SEQUENCE") == "1"
    assert cancel.field("UID") == f"meeting-{booked.id}@handoff"
    assert set(cancel.to) == {"sales@example.test", "cfo@engines.test"}
    assert cancel.subject.startswith("Meeting cancelled:")


def test_a_rejection_before_the_meeting_takes_it_out_of_the_calendars_and_undo_puts_it_back(
    session, booked, users, mail
):
    step(session, booked, users["sales"], "reject", mail, reason="procedural")
    undo(session, booked, users["sales"], mail)
    invite, cancel, back = mail.received()
    assert cancel.method == "CANCEL" and cancel.field("UID") == invite.field("UID")
    assert set(cancel.to) == {"sales@example.test", "cfo@engines.test"}  # the lead is told too
    assert back.method == "REQUEST" and back.field("SEQUENCE") == "2"


def test_a_rejection_once_the_meeting_has_begun_sends_no_cancellation(
    session, booked, users, mail, clock
):
    clock.set(booked.starts_at + timedelta(minutes=30))
    step(session, booked, users["sales"], "reject", mail, reason="procedural")
    outbox = session.exec(select(MailMessage.kind).where(MailMessage.meeting_id == booked.id))
    assert outbox.all() == ["invite"]


def test_the_telecaller_who_booked_it_may_cancel_and_no_other(
    session, booked, users, campaign, mail
):
    other = accounts.create_user(
        session=session, email="t2@example.test", name="Other", role="telecaller", password=PASSWORD
    )
    with pytest.raises(NotFound):  # not theirs: not even visible
        step(session, booked, other, "cancel")
    with pytest.raises(Forbidden):  # theirs, but sales reviews it
        step(session, booked, users["telecaller"], "accept")
    assert step(session, booked, users["telecaller"], "cancel")["meeting"]["status"] == "cancelled"


def test_a_meeting_that_has_begun_is_not_cancelled(session, booked, users, clock):
    clock.set(booked.starts_at + timedelta(minutes=5))
    with pytest.raises(Conflict) as refused:
        step(session, booked, users["sales"], "cancel")
    assert "has begun cannot be cancelled: mark it held or a no-show" in refused.value.message


def test_each_update_raises_the_sequence_even_when_a_step_is_undone(
    session, booked, users, mail, clock
):
    first = booked.starts_at

    step(
        session,
        booked,
        users["sales"],
        "reschedule",
        mail,
        starts_at=f"{first + timedelta(days=1):%Y-%m-%dT%H:%M}+00:00",
    )
    undo(session, booked, users["sales"], mail)
    step(session, booked, users["sales"], "cancel", mail)
    undo(session, booked, users["sales"], mail)
    sent = mail.received()
    assert [m.field("SEQUENCE") for m in sent] == ["0", "1", "2", "3", "4"]
    assert [m.method for m in sent] == ["REQUEST", "REQUEST", "REQUEST", "CANCEL", "REQUEST"]
    assert sent[2].field("DTSTART") == sent[4].field("DTSTART") == f"{first:%Y%m%dT%H%M%SZ}"


def test_a_reschedule_onto_another_meeting_of_the_rep_is_refused_with_free_times(
    session, booked, users, campaign
):
    other = book_meeting(session, add_lead(session, campaign), users["telecaller"])
    onto = other.starts_at + timedelta(minutes=15)
    with pytest.raises(Conflict) as refused:
        step(
            session,
            booked,
            users["sales"],
            "reschedule",
            starts_at=onto.isoformat(),
            timezone="America/New_York",
        )
    taken_at = short_time(other.starts_at, "America/New_York")
    assert refused.value.code == "slot_taken"
    assert refused.value.message == (
        f"Sales Person already has a meeting at {taken_at}; choose another time."
    )
    offered = refused.value.fields["starts_at"]
    zone = other.starts_at.astimezone(ZoneInfo("America/New_York")).tzname()  # EST or EDT
    assert offered.startswith("Sales Person is free at ") and offered.endswith(f"({zone}).")
    session.refresh(booked)
    assert booked.starts_at != onto  # nothing moved, nothing mailed
    assert session.exec(select(MailMessage).where(MailMessage.kind == "update")).first() is None


def test_a_meeting_moves_by_a_quarter_hour_over_its_own_time(session, booked, users):
    later = booked.starts_at + timedelta(minutes=15)
    step(session, booked, users["sales"], "reschedule", starts_at=later.isoformat())
    assert session.get(Meeting, booked.id).starts_at == later


def test_erasure_cancels_the_leads_meetings_to_come_and_tells_the_rep_alone(
    session, campaign, users, clock, mail
):
    clock.working_hours()
    lead = add_lead(session, campaign, **PERSON)
    coming = book_meeting(session, lead, users["telecaller"])
    looked_for = needles(lead)
    done = erase(session, lead, users, mail)
    assert done.meetings_cancelled == 1
    assert session.get(Meeting, coming.id).status == "cancelled"
    [cancel] = mail.received()  # the invite still waiting named the person: it never went
    assert cancel.to == ["sales@example.test"] and cancel.method == "CANCEL"
    assert cancel.field("UID") == f"meeting-{coming.id}@handoff" and cancel.field("SEQUENCE") == "1"
    assert "personal data to be erased" in cancel.body
    said = f"{cancel.subject}\n{cancel.body}\n{cancel.ics}".lower()
    assert [word for word in looked_for if word.lower() in said] == []


def test_erasure_leaves_a_meeting_that_has_begun(session, campaign, users, clock, mail):
    clock.working_hours()
    lead = add_lead(session, campaign, **PERSON)
    begun = book_meeting(session, lead, users["telecaller"])
    clock.set(begun.starts_at + timedelta(minutes=10))
    done = erase(session, lead, users, mail)
    assert done.meetings_cancelled == 0 and session.get(Meeting, begun.id).status == "booked"
    assert mail.received() == []
