"""Speed to lead on the floor: when a waiting fresh need lead's clock turns amber, then red.

The window is the campaign's speed-to-lead setting (the one the speed-to-lead alert keys on).
The clock turns amber when half the window is gone, while there is still time to call, and red
when the window has passed. The floor is sent both instants; the page only compares clocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

AMBER_SHARE = 0.5  # the share of the window gone when the clock turns amber


class Colour(StrEnum):
    """How urgent a waiting lead's clock looks."""

    green = "green"
    amber = "amber"
    red = "red"


@dataclass(frozen=True)
class SpeedClock:
    """A waiting lead's clock: it runs from arrival, amber at `amber_at`, red at `red_at`."""

    arrived_at: datetime
    amber_at: datetime
    red_at: datetime

    def colour(self, now: datetime) -> Colour:
        """The clock's colour at `now` (the page switches at the same instants)."""
        if now >= self.red_at:
            return Colour.red
        return Colour.amber if now >= self.amber_at else Colour.green


def speed_clock(arrived_at: datetime, window: timedelta) -> SpeedClock:
    """The clock of a lead that arrived at `arrived_at` in a campaign with this window."""
    return SpeedClock(arrived_at, arrived_at + window * AMBER_SHARE, arrived_at + window)


def shown_from(now: datetime, window: timedelta, backlog_after: timedelta) -> datetime:
    """The earliest arrival the floor still lists as waiting: a lead past its window by more
    than `backlog_after` is backlog (it waited overnight), not a clock to watch."""
    return now - window - backlog_after
