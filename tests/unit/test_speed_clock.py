"""A waiting fresh need lead's clock: amber when half the campaign's window is gone, red past it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.speed import Colour, speed_clock

ARRIVED = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def test_the_clock_turns_amber_at_half_the_window_and_red_at_its_end():
    clock = speed_clock(ARRIVED, timedelta(minutes=60))
    assert clock.amber_at == ARRIVED + timedelta(minutes=30)
    assert clock.red_at == ARRIVED + timedelta(minutes=60)


@pytest.mark.parametrize(
    ("waited", "colour"),
    [
        (timedelta(0), Colour.green),
        (timedelta(minutes=2, seconds=29), Colour.green),
        (timedelta(minutes=2, seconds=30), Colour.amber),
        (timedelta(minutes=4, seconds=59), Colour.amber),
        (timedelta(minutes=5), Colour.red),
        (timedelta(hours=3), Colour.red),
    ],
)
def test_a_five_minute_window_colours_the_clock_by_time_waited(waited, colour):
    assert speed_clock(ARRIVED, timedelta(minutes=5)).colour(ARRIVED + waited) is colour
