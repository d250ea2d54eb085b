"""Work in progress keeps its lead: who holds a lead, and when an outcome may move it."""

from datetime import UTC, datetime, timedelta

from console.domain.queue import (
    Blocker,
    Candidate,
    is_leased_by_someone_else,
    why_not,
    why_outcome_keeps_lead,
)

NOW = datetime(2024, 6, 3, 15, tzinfo=UTC)  # 11:00 in New York
ME, COLLEAGUE = 7, 8


def lead(**changes) -> Candidate:
    """A fresh need lead in New York that the colleague claimed and whose lease ran out."""
    values = {
        "id": 1,
        "intent": "need",
        "arrived_at": NOW - timedelta(minutes=30),
        "zones": ("America/New_York",),
        "country": "US",
        "region": "NY",
        "lease_owner_id": COLLEAGUE,
        "lease_expires_at": NOW - timedelta(minutes=1),
    }
    return Candidate(**values | changes)


def test_a_lapsed_lease_with_no_work_on_it_holds_nothing():
    assert not is_leased_by_someone_else(lead(), ME, NOW)
    assert why_not(lead(), ME, NOW) is None


def test_a_lapsed_lease_is_still_held_while_its_holder_is_on_the_call_or_wrapping_up():
    working = lead(holder_working=True)
    assert is_leased_by_someone_else(working, ME, NOW)
    assert why_not(working, ME, NOW) is Blocker.claimed


def test_the_holders_own_work_never_bars_the_holder():
    assert not is_leased_by_someone_else(lead(holder_working=True), COLLEAGUE, NOW)


def test_an_outcome_moves_a_lead_nobody_else_holds():
    assert why_outcome_keeps_lead(lead(), ME, NOW, moved_on=False) is None
    mine = lead(lease_owner_id=ME, lease_expires_at=NOW - timedelta(minutes=20))
    assert why_outcome_keeps_lead(mine, ME, NOW, moved_on=False) is None


def test_an_outcome_leaves_a_lead_another_telecaller_holds():
    held = lead(lease_expires_at=NOW + timedelta(minutes=5))
    kept = why_outcome_keeps_lead(held, ME, NOW, moved_on=False)
    assert kept.startswith("Your outcome is saved for this call, but the lead was not moved")
    assert "another telecaller holds it now" in kept


def test_an_outcome_leaves_a_lead_that_moved_on_since_the_call():
    kept = why_outcome_keeps_lead(lead(lease_owner_id=None), ME, NOW, moved_on=True)
    assert "another call's outcome has moved it since your call began" in kept


def test_an_outcome_leaves_a_lead_whose_data_was_erased():
    kept = why_outcome_keeps_lead(lead(lease_owner_id=None), ME, NOW, moved_on=False, erased=True)
    assert "the person asked for their data to be erased, so the lead is closed" in kept
