"""Who is here: connections, the grace after one closes, and calls that outlive the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.domain.presence import GRACE, LAPSE, Seen, forgettable, is_here

NOW = datetime(2027, 3, 14, 6, 30, tzinfo=UTC)
LONG_AGO = NOW - timedelta(hours=1)


def test_an_open_connection_vouched_for_lately_says_they_are_here():
    assert is_here([Seen(True, NOW - LAPSE + timedelta(seconds=1))], LONG_AGO, False, NOW)


def test_an_open_connection_nobody_vouched_for_lapses():
    assert not is_here([Seen(True, NOW - LAPSE)], LONG_AGO, False, NOW)


def test_a_closed_connection_counts_only_for_the_grace():
    assert is_here([Seen(False, NOW - GRACE + timedelta(seconds=1))], LONG_AGO, False, NOW)
    assert not is_here([Seen(False, NOW - GRACE)], LONG_AGO, False, NOW)


def test_a_live_call_keeps_a_telecaller_on_without_a_page():
    assert is_here([], LONG_AGO, True, NOW)


def test_a_state_just_chosen_waits_for_its_page_to_connect():
    assert is_here([], NOW - timedelta(seconds=5), False, NOW)
    assert not is_here([], LONG_AGO, False, NOW)


def test_closed_connections_are_forgotten_after_the_grace_open_ones_after_a_day():
    assert forgettable(Seen(False, NOW - GRACE), NOW)
    assert not forgettable(Seen(True, NOW - LAPSE), NOW)
    assert forgettable(Seen(True, NOW - timedelta(days=1)), NOW)
