"""Presence: a telecaller whose page closed goes offline after the grace, on the app's clock;
a page its process keeps vouching for keeps them on; a dead process's pages lapse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from console.domain.presence import GRACE, LAPSE
from console.models import LiveConnection, User
from console.realtime import process_name
from console.services import accounts, presence
from tests.handoffs import Spy


@pytest.fixture
def caller_page(signed_in, sio, clock):
    """The telecaller (available, from the users fixture) with their queue page connected."""
    signed_in("telecaller")
    page = sio()
    assert page.is_connected()
    return page


def state_of(session, user) -> str:
    session.expire_all()
    return session.get(User, user.id).state.value


def sweep(session, clock) -> Spy:
    spy = Spy()
    presence.sweep(session=session, publish=spy, now=clock.now())
    return spy


def test_a_closed_page_takes_its_telecaller_offline_after_the_grace(
    session, users, clock, caller_page
):
    clock.advance(GRACE * 3)  # long since they chose available
    caller_page.disconnect()
    clock.advance(GRACE - timedelta(seconds=5))
    assert sweep(session, clock).sent == []  # a reload or a blip changes nothing
    assert state_of(session, users["telecaller"]) == "available"
    clock.advance(timedelta(seconds=10))
    spy = sweep(session, clock)
    assert state_of(session, users["telecaller"]) == "offline"
    assert spy.rooms("agent.state") == {"floor", f"user:{users['telecaller'].id}"}
    clock.advance(GRACE)
    sweep(session, clock)
    assert session.exec(select(LiveConnection)).all() == []  # the closed page is forgotten


def test_an_open_page_vouched_for_keeps_its_telecaller_on(session, users, clock, caller_page):
    for _ in range(8):  # two minutes, vouched for every 15 s as the ticker does
        clock.advance(timedelta(seconds=15))
        presence.vouch(session=session, process=process_name(), now=clock.now())
        sweep(session, clock)
    assert state_of(session, users["telecaller"]) == "available"


def test_the_pages_of_a_process_that_died_lapse(session, users, clock, caller_page):
    clock.advance(LAPSE - timedelta(seconds=5))
    sweep(session, clock)
    assert state_of(session, users["telecaller"]) == "available"
    clock.advance(timedelta(seconds=10))  # nobody vouched: the process is gone
    sweep(session, clock)
    assert state_of(session, users["telecaller"]) == "offline"


def test_a_paused_telecaller_with_no_page_goes_offline(session, users, clock):
    accounts.set_agent_state(session=session, user=users["telecaller"], state="paused",
                             reason="lunch", publish=Spy())  # fmt: skip
    clock.advance(GRACE * 2)
    sweep(session, clock)  # no page at all, long after choosing: offline
    assert state_of(session, users["telecaller"]) == "offline"
