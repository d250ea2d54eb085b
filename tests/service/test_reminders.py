"""The reminder jobs on the held clock: each notice goes to the right person once, says its time
in their zone, and is done once what it is about is acted on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from console import clock
from console.contract.agents import StateChoice
from console.contract.reviews import ReviewInput
from console.domain.calendar import wall_time
from console.domain.reminders import NoticeKind
from console.domain.roles import AgentState
from console.models import Lead, Notice
from console.services import accounts, notices, outcomes, queue, reminders, reviews
from console.wiring import script_library
from tests.handoffs import Spy, add_lead, book_meeting, ended_call, outcome


@pytest.fixture(autouse=True)
def held(clock, working_hours):
    """11:00 on a weekday in New York, held still; each test moves it by hand."""
    clock.set(working_hours, frozen=True)


def record(session, lead, agent, body: dict) -> None:
    """The agent's call on the lead, wrapped up with `body`."""
    outcomes.record_outcome(
        session=session,
        call_id=ended_call(session, lead, agent).id,
        agent=agent,
        outcome=outcome(body),
        publish=Spy(),
        library=script_library(),
    )


def promise(session, lead, agent, clock, *, mine: bool, minutes: int = 10):
    """The agent promises to call the lead back in `minutes`; when it is due."""
    due = clock.now() + timedelta(minutes=minutes)
    body = {"disposition": "callback", "callback": {"at": due.isoformat(), "mine": mine}}
    record(session, lead, agent, body)
    return due


def open_kinds(session, user) -> list[str]:
    return [card["kind"] for card in notices.open_for(session=session, reader=user)]


def test_a_telecaller_is_reminded_of_their_callback_five_minutes_ahead_once(
    session, campaign, users, clock
):
    caller = users["telecaller"]
    caller.timezone = "Europe/London"
    due = promise(session, add_lead(session, campaign), caller, clock, mine=True)
    spy = Spy()
    reminders.remind_callbacks(session=session, publish=spy, now=clock.now())
    assert spy.sent == []  # ten minutes ahead: not yet
    clock.advance(timedelta(minutes=5))
    said = reminders.remind_callbacks(session=session, publish=spy, now=clock.now())
    assert said == "1 callback reminder posted, 0 notices done"
    [(event, body, room)] = spy.sent
    assert (event, room) == ("notice.posted", f"user:{caller.id}")
    assert body["notice"]["sentence"].startswith("Your callback to Ada Byron (Engines Ltd) is due")
    assert wall_time(due, "Europe/London") in body["notice"]["sentence"]
    clock.advance(timedelta(minutes=1))
    reminders.remind_callbacks(session=session, publish=spy, now=clock.now())
    assert len(spy.sent) == 1  # a second run posts nothing more
    assert open_kinds(session, caller) == ["callback_due"]


def test_the_reminder_is_done_once_the_lead_is_called_back(session, campaign, users, clock):
    caller = users["telecaller"]
    lead = add_lead(session, campaign)
    promise(session, lead, caller, clock, mine=True, minutes=3)
    reminders.remind_callbacks(session=session, publish=Spy(), now=clock.now())
    [notice] = notices.open_for(session=session, reader=caller)
    clock.advance(timedelta(minutes=3))
    record(session, lead, caller, {"disposition": "no-answer"})
    assert open_kinds(session, caller) == []  # the page stops showing it at once
    spy = Spy()
    said = reminders.remind_callbacks(session=session, publish=spy, now=clock.now())
    assert said == "0 callback reminders posted, 1 notice done"
    assert spy.sent == [("notice.done", {"ids": [notice["id"]]}, f"user:{caller.id}")]
    assert session.get(Notice, notice["id"]).done_how == "acted"


def test_an_anyones_callback_reminds_the_floor(session, campaign, users, clock):
    promise(session, add_lead(session, campaign), users["telecaller"], clock, mine=False)
    clock.advance(timedelta(minutes=5))
    spy = Spy()
    reminders.remind_callbacks(session=session, publish=spy, now=clock.now())
    assert spy.rooms("notice.posted") == {f"user:{users['lead'].id}"}  # the team lead
    [(_, body, _)] = spy.sent
    assert body["notice"]["sentence"].startswith("A callback to Ada Byron (Engines Ltd), open to")


def test_sales_is_warned_when_four_business_hours_are_left_then_it_is_done_on_review(
    session, campaign, users, clock
):
    rep = users["sales"]
    rep.timezone = "America/Chicago"
    meeting = book_meeting(session, add_lead(session, campaign), users["telecaller"])
    spy = Spy()
    reminders.warn_review_clocks(session=session, publish=spy, now=clock.now())
    assert spy.sent == []  # 24 business hours are left
    clock.set(meeting.review_due_at - timedelta(hours=4), frozen=True)
    reminders.warn_review_clocks(session=session, publish=spy, now=clock.now())
    reminders.warn_review_clocks(session=session, publish=spy, now=clock.now())
    [(event, body, room)] = spy.sent
    assert (event, room) == ("notice.posted", f"user:{rep.id}")
    assert body["notice"]["meeting_id"] == meeting.id
    assert wall_time(meeting.review_due_at, "America/Chicago") in body["notice"]["sentence"]
    reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=rep,
        action="accept",
        review=ReviewInput(),
        publish=Spy(),
    )
    assert open_kinds(session, rep) == []


def available(session, user) -> None:
    accounts.choose_agent_state(
        session=session, user=user, choice=StateChoice(state="available"), publish=Spy()
    )


def test_the_floor_hears_of_a_need_lead_past_speed_to_lead_while_telecallers_are_free(
    session, campaign, users, clock
):
    campaign.speed_to_lead_minutes = 15
    session.commit()
    accounts.set_agent_state(
        session=session, user=users["telecaller"], state="offline", publish=Spy()
    )
    lead = add_lead(session, campaign, arrived_at=clock.now())
    clock.advance(timedelta(minutes=16))
    spy = Spy()
    reminders.alert_speed_to_lead(session=session, publish=spy, now=clock.now())
    assert spy.sent == []  # nobody is available to take it
    available(session, users["telecaller"])
    reminders.alert_speed_to_lead(session=session, publish=spy, now=clock.now())
    [(event, body, room)] = spy.sent
    assert (event, room) == ("notice.posted", f"user:{users['lead'].id}")
    assert (
        "within the 15-minute speed-to-lead window, though 1 telecaller is available"
        in (body["notice"]["sentence"])
    )
    assert queue.claim_next(session=session, agent=users["telecaller"], publish=Spy()).lead == lead
    assert open_kinds(session, users["lead"]) == []
    said = reminders.alert_speed_to_lead(session=session, publish=spy, now=clock.now())
    assert said == "0 speed-to-lead alerts posted, 1 notice done"


def test_a_lead_inside_its_window_raises_no_alert(session, campaign, users, clock):
    add_lead(session, campaign, arrived_at=clock.now() - timedelta(minutes=59))
    available(session, users["telecaller"])
    spy = Spy()
    reminders.alert_speed_to_lead(session=session, publish=spy, now=clock.now())
    assert spy.sent == [] and users["telecaller"].state == AgentState.AVAILABLE


def test_no_notice_is_posted_about_a_lead_erased_since_the_job_read_it(session, campaign, users):
    lead = add_lead(session, campaign, first_name="Zelda", last_name="Quimby")
    # Another process erases the lead after the job read it, before the job posts.
    session.execute(update(Lead).where(Lead.id == lead.id).values(erased_at=clock.now()))
    posted = notices.post(
        session,
        kind=NoticeKind.callback_due,
        reader=users["telecaller"],
        lead=lead,
        sentence="Call Zelda Quimby back at 11:05.",
        now=clock.now(),
        subject="callback:1",
    )
    session.commit()
    assert posted is None
    assert session.exec(select(Notice)).all() == []
