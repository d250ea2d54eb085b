"""Whose Next lead (N) would give a new lead: the notice says "Press N to take it" only to them.

Runs on SQLite and on the real PostgreSQL, like the claim it predicts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.domain.roles import AgentState
from console.services import queue
from tests.service.test_queue_service import NOW, add_lead, claim


@pytest.fixture
def app(app_on_both):
    return app_on_both


def test_a_new_lead_is_n_for_whoever_has_nothing_more_urgent(session, campaign, callers):
    first, second = callers
    lead = add_lead(session, campaign)
    assert queue.takers(session=session, lead=lead, campaign=campaign, now=NOW) == [
        first.id,
        second.id,
    ]
    assert claim(session, first).lead.id == lead.id  # and N does give it


def test_n_gives_an_older_fresh_lead_first_so_the_new_one_is_not_n(session, campaign, callers):
    older = add_lead(session, campaign, arrived_at=NOW - timedelta(minutes=3))
    newer = add_lead(session, campaign, arrived_at=NOW - timedelta(minutes=1))
    assert queue.takers(session=session, lead=newer, campaign=campaign, now=NOW) == []
    first, _ = callers
    assert claim(session, first).lead.id == older.id  # the prediction is what N does


def test_a_telecaller_holding_a_lead_or_offline_is_not_told_to_press_n(session, campaign, callers):
    first, second = callers
    held = add_lead(session, campaign, arrived_at=NOW - timedelta(minutes=3))
    assert claim(session, first).lead.id == held.id
    second.state = AgentState.OFFLINE
    session.commit()
    newer = add_lead(session, campaign, arrived_at=NOW - timedelta(minutes=1))
    assert queue.takers(session=session, lead=newer, campaign=campaign, now=NOW) == []
