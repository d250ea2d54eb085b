"""A review step can be taken back by whoever took it, within a minute: the meeting and its lead
are as they were, the step leaves the history, an audit entry keeps it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from console.errors import Conflict
from console.models import AuditEntry, Lead, MeetingReview
from console.services import packets, reviews
from tests.handoffs import Spy, add_lead, book_meeting, review_step


@pytest.fixture
def booked(session, campaign, users, clock):
    clock.working_hours()
    return book_meeting(session, add_lead(session, campaign), users["telecaller"])


step = review_step


def take_back(session, meeting, user, spy=None):
    return reviews.undo(session=session, meeting_id=meeting.id, viewer=user, publish=spy or Spy())


def test_a_rejection_undone_within_the_minute_puts_the_meeting_and_lead_back(
    session, booked, users, clock
):
    lead = session.get(Lead, booked.lead_id)
    before = (lead.status, lead.follow_up_at, lead.follow_up_reason, booked.reviewed_at)
    step(session, booked, users["sales"], "reject", reason="clerical", note="wrong company")
    assert lead.status == "nurture" and lead.follow_up_at is not None
    packet = packets.packet(session=session, meeting_id=booked.id, viewer=users["sales"])
    assert packet["undo"]["sentence"] == "Meeting rejected."
    clock.advance(timedelta(seconds=50))
    spy = Spy()
    undone = take_back(session, booked, users["sales"], spy)
    assert undone["meeting"]["status"] == "booked" and undone["undone"]["action"] == "reject"
    session.refresh(lead)
    session.refresh(booked)
    assert (lead.status, lead.follow_up_at, lead.follow_up_reason, booked.reviewed_at) == before
    assert session.exec(select(MeetingReview)).first() is None
    audit = session.exec(select(AuditEntry).where(AuditEntry.entity == "meeting")).one()
    assert audit.action == "meeting review undone" and audit.before["note"] == "wrong company"
    assert spy.sent[-1][1]["undone"] is True


def test_after_a_minute_the_step_stays(session, booked, users, clock):
    step(session, booked, users["sales"], "accept")
    clock.advance(timedelta(seconds=61))
    assert (
        packets.packet(session=session, meeting_id=booked.id, viewer=users["sales"])["undo"] is None
    )
    with pytest.raises(Conflict) as refused:
        take_back(session, booked, users["sales"])
    assert refused.value.code == "nothing_to_undo"
    assert booked.status == "accepted"


def test_only_whoever_took_the_step_may_undo_it(session, booked, users):
    step(session, booked, users["sales"], "accept")
    assert (
        packets.packet(session=session, meeting_id=booked.id, viewer=users["lead"])["undo"] is None
    )
    with pytest.raises(Conflict):
        take_back(session, booked, users["lead"])
    assert booked.status == "accepted"


def test_a_won_deal_undone_reopens_the_lead_and_forgets_the_amount(session, booked, users, clock):
    step(session, booked, users["sales"], "accept")
    clock.set(booked.starts_at + timedelta(hours=1))
    for action in ("held", "opportunity"):
        step(session, booked, users["sales"], action)
    lead = session.get(Lead, booked.lead_id)
    lead_status = lead.status
    step(session, booked, users["sales"], "won", amount="9,000")
    assert lead.status == "closed" and booked.amount_cents == 900_000
    take_back(session, booked, users["sales"])
    assert booked.status == "opportunity" and booked.amount_cents is None
    assert lead.status == lead_status
