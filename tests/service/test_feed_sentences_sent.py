"""The feed's events carry their sentence, with names, written by the services that send them."""

from __future__ import annotations

import pytest

from console.contract.common import read
from console.contract.reviews import ReviewInput
from console.services import accounts, outcomes, reviews
from console.wiring import script_library
from tests.handoffs import QUALIFIED_ANSWERS, Spy, add_lead, ended_call, meeting_body, outcome


def said(spy: Spy, event: str) -> list[str]:
    return [body["sentence"] for name, body, room in spy.sent if name == event and room == "floor"]


@pytest.fixture
def booked(session, campaign, users, clock):
    """The telecaller's qualified call on Riley Costa, booked as a meeting with the rep."""
    clock.working_hours()
    lead = add_lead(session, campaign, first_name="Riley", last_name="Costa",
                    company="Orchardly Outfitters")  # fmt: skip
    call = ended_call(session, lead, users["telecaller"], answers=QUALIFIED_ANSWERS)
    spy = Spy()
    recorded = outcomes.record_outcome(
        session=session, call_id=call.id, agent=users["telecaller"],
        outcome=outcome(meeting_body()), publish=spy, library=script_library(),
    )  # fmt: skip
    return recorded.meeting, spy


def test_a_booked_meeting_is_said_with_the_telecaller_the_lead_and_the_rep(booked):
    _, spy = booked
    assert said(spy, "outcome.recorded") == [
        "Telecaller Person booked a meeting with Riley Costa (Orchardly Outfitters) "
        "for Sales Person"
    ]


def test_a_pause_is_said_with_its_reason(session, users):
    spy = Spy()
    accounts.set_agent_state(
        session=session, user=users["telecaller"], state="paused", reason="lunch", publish=spy
    )
    assert said(spy, "agent.state") == ["Telecaller Person is paused (lunch)"]


def test_an_acceptance_and_its_undo_are_said_with_who_took_them(session, users, booked):
    meeting, _ = booked
    spy = Spy()
    for act in (reviews.act, reviews.undo):
        extra = {"action": "accept", "review": read(ReviewInput, {})} if act is reviews.act else {}
        act(session=session, meeting_id=meeting.id, viewer=users["sales"], publish=spy, **extra)
    assert said(spy, "meeting.reviewed") == [
        "Meeting accepted by Sales Person",
        "Sales Person took back: Meeting accepted.",
    ]
