"""The sales review loop as services: lists, the evidence packet, each step, back to nurture."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from console import clock
from console.contract.common import read
from console.contract.meetings import MeetingsQuery
from console.domain.meetings import MeetingStatus
from console.errors import Conflict, Forbidden, Invalid, NotFound
from console.models import MeetingReview
from console.services import accounts, meetings, packets
from tests.handoffs import Spy, add_lead, book_meeting, meeting_begins, review_step


@pytest.fixture
def booked(session, campaign, users):
    lead = add_lead(session, campaign)
    return book_meeting(
        session,
        lead,
        users["telecaller"],
        recording_sid="RE" + "1" * 32,
        recording_url="https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1",
    )


act = review_step


def test_each_role_sees_the_meetings_that_are_theirs(session, booked, users):
    other = accounts.create_user(
        session=session,
        email="s2@example.test",
        name="Sam Second",
        role="sales",
        password="correct horse battery",
    )
    seen = {"sales": 1, "lead": 1, "telecaller": 1}
    for user, count in [(users[role], n) for role, n in seen.items()] + [(other, 0)]:
        assert len(meetings.list_meetings(session=session, viewer=user)) == count
    accepted = MeetingStatus.ACCEPTED
    assert meetings.list_meetings(session=session, viewer=users["lead"], status=accepted) == []
    with pytest.raises(Invalid):
        read(MeetingsQuery, {"status": "pending"})
    with pytest.raises(NotFound):
        packets.packet(session=session, meeting_id=booked.id, viewer=other)


def test_the_packet_shows_each_criterion_with_the_prospects_words(session, booked, users):
    packet = packets.packet(session=session, meeting_id=booked.id, viewer=users["sales"])
    need = next(c for c in packet["criteria"] if c["name"] == "need")
    assert need["score"] == 3 and need["words"] == "a clear need we solve"
    assert any("demo requests a day late" in e["text"] for e in need["evidence"])
    assert packet["pain"].startswith("We answer demo requests")
    assert packet["decision_maker"] == "the person on this call; attends the meeting"
    # Heard through the app (GET /api/v1/calls/{id}/recording), never at the provider's URL.
    call_id = packet["call"]["id"]
    assert packet["recording_url"] == f"/api/v1/calls/{call_id}/recording"
    assert packet["attempts"][0]["by"]
    assert (
        packet["starts_in_zones"][0].endswith("(lead)") and "(rep)" in packet["starts_in_zones"][1]
    )
    assert packet["actions"] == ["accept", "reject", "reschedule", "cancel"]


def test_accept_then_held_then_opportunity_then_won_with_an_amount(session, booked, users, clock):
    spy = Spy()
    result = act(session, booked, users["sales"], "accept", spy)
    assert result["meeting"]["status"] == "accepted" and booked.reviewed_at is not None
    assert spy.rooms("meeting.reviewed") == {
        "floor",
        f"user:{users['telecaller'].id}",
        f"rep:{users['sales'].id}",
    }
    meeting_begins(clock, booked.starts_at)
    act(session, booked, users["sales"], "held")
    act(session, booked, users["sales"], "opportunity")
    with pytest.raises(Invalid) as refused:
        act(session, booked, users["sales"], "won")
    assert "amount" in refused.value.fields
    result = act(session, booked, users["sales"], "won", amount="12,500.50")
    assert result["meeting"]["amount"] == 12500.5 and result["lead"]["status"] == "closed"
    steps = session.exec(select(MeetingReview.action).order_by(MeetingReview.id)).all()
    assert steps == ["accept", "held", "opportunity", "won"]


def test_a_definitional_rejection_names_the_criteria_and_sends_the_lead_to_nurture(
    session, booked, users
):
    with pytest.raises(Invalid) as refused:
        act(session, booked, users["sales"], "reject", reason="definitional")
    assert "overturned" in refused.value.fields
    result = act(
        session,
        booked,
        users["sales"],
        "reject",
        reason="definitional",
        overturned=["authority"],
        note="The contact gathers quotes for the VP.",
    )
    assert result["meeting"]["status"] == "rejected"
    assert result["lead"]["status"] == "nurture" and result["lead"]["follow_up_at"]
    assert result["lead"]["scores"] == dict.fromkeys(("need", "timeframe", "authority", "profile"))
    feedback = meetings.list_meetings(session=session, viewer=users["telecaller"])[0]["feedback"]
    assert feedback["reason"] == "definitional" and feedback["overturned"] == ["authority"]
    assert feedback["note"] == "The contact gathers quotes for the VP."  # the telecaller reads it


def test_held_before_accepting_is_refused_in_plain_words(session, booked, users):
    with pytest.raises(Conflict) as refused:
        act(session, booked, users["sales"], "held")
    assert refused.value.code == "illegal_transition"
    assert "accept it first" in refused.value.message
    assert session.exec(select(MeetingReview)).first() is None


def test_a_no_show_goes_back_to_nurture_to_rebook_soon(session, booked, users, clock):
    act(session, booked, users["sales"], "accept")
    meeting_begins(clock, booked.starts_at)
    result = act(session, booked, users["sales"], "no-show")
    assert result["meeting"]["status"] == "no_show" and result["lead"]["status"] == "nurture"
    assert (
        booked.lead_id
        and result["lead"]["follow_up_at"] < (clock.now() + timedelta(days=3)).isoformat()
    )


def test_a_reschedule_keeps_the_same_meeting_and_raises_the_invite_sequence(session, booked, users):
    later = (booked.starts_at + timedelta(days=1)).isoformat()
    result = act(session, booked, users["sales"], "reschedule", starts_at=later)
    assert result["meeting"]["id"] == booked.id and result["meeting"]["status"] == "booked"
    assert booked.starts_at.isoformat() == later
    name, text = packets.invite(session=session, meeting_id=booked.id, viewer=users["sales"])
    text = text.replace("\r\n ", "")  # unfold the long lines (RFC 5545 3.1)
    assert name == f"meeting-{booked.id}.ics" and "SEQUENCE:1" in text
    assert f"ORGANIZER:mailto:{users['sales'].email}" in text and "ada@engines.test" in text


def test_only_the_rep_or_a_lead_reviews(session, booked, users):
    with pytest.raises(Forbidden):
        act(session, booked, users["telecaller"], "accept")
    assert act(session, booked, users["lead"], "accept")["meeting"]["status"] == "accepted"


def test_the_review_clock_flags_meetings_past_their_business_hours(session, booked, users):
    cards = meetings.list_meetings(session=session, viewer=users["sales"])
    assert meetings.review_clock(cards) == {"awaiting_review": 1, "overdue": 0}
    booked.review_due_at = clock.now() - timedelta(minutes=1)
    session.commit()
    cards = meetings.list_meetings(session=session, viewer=users["sales"])
    assert cards[0]["overdue"] and meetings.review_clock(cards)["overdue"] == 1
