"""The attempt cadence: when an unreached lead is tried again, and when it goes to nurture."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

# Six attempts, as the lead response research advises, spread over about two weeks.
DEFAULT_DELAYS = (
    timedelta(minutes=10),
    timedelta(hours=1),
    timedelta(days=1),
    timedelta(days=2),
    timedelta(days=4),
    timedelta(days=7),
)

_UNITS = {"s": timedelta(seconds=1), "m": timedelta(minutes=1), "h": timedelta(hours=1)}
_UNITS |= {"d": timedelta(days=1), "w": timedelta(weeks=1)}
LONGEST_DELAY = timedelta(days=90)  # a retry waits at most this long; nurture takes over after
# Written with the largest unit that divides the delay; weeks are read but not written, so
# "7d" stays "7d".
_WRITTEN_UNITS = ("d", "h", "m")
_TOKEN = re.compile(r"(\d+)\s*([smhdw])", re.IGNORECASE)


@dataclass(frozen=True)
class Cadence:
    """Delays between attempts; attempt k (1-based) is followed by delays[k-1]."""

    delays: tuple[timedelta, ...] = DEFAULT_DELAYS

    def __post_init__(self) -> None:
        if not self.delays:
            raise ValueError("cadence: give at least one delay, e.g. 10m,1h,1d")
        for delay in self.delays:
            if delay <= timedelta(0):
                raise ValueError(f"cadence: every delay must be positive, not {delay}")

    @property
    def max_attempts(self) -> int:
        """How many attempts a lead gets before it goes to nurture."""
        return len(self.delays)

    @classmethod
    def parse(cls, text: str) -> Cadence:
        """Read a cadence written as comma-separated delays, e.g. "10m,1h,1d,2d,4d,7d"."""
        delays = []
        for token in text.split(","):
            match = _TOKEN.fullmatch(token.strip())
            if match is None:
                raise ValueError(
                    f'cadence: "{token.strip()}" is not a delay; write a whole number and a unit '
                    "(s, m, h, d or w), e.g. 10m,1h,1d"
                )
            count, unit = match.groups()
            delay = int(count) * _UNITS[unit.lower()] if len(count) <= 6 else LONGEST_DELAY * 2
            if delay > LONGEST_DELAY:
                raise ValueError(
                    f'cadence: "{token.strip()}" is longer than a retry can wait; '
                    "keep each delay within 90 days (90d)"
                )
            delays.append(delay)
        return cls(tuple(delays))

    def __str__(self) -> str:
        return ",".join(_write(delay) for delay in self.delays)


def _write(delay: timedelta) -> str:
    seconds = int(delay.total_seconds())
    if delay != timedelta(seconds=seconds):
        raise ValueError(f"cadence: {delay} has a fraction of a second and cannot be written")
    for unit in _WRITTEN_UNITS:
        size = int(_UNITS[unit].total_seconds())
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


DEFAULT_CADENCE = Cadence()


def is_exhausted(cadence: Cadence, attempts_made: int) -> bool:
    """Whether the lead has had all its attempts and belongs in nurture."""
    return attempts_made >= cadence.max_attempts


def next_attempt_at(
    cadence: Cadence, attempts_made: int, last_attempt_at: datetime
) -> datetime | None:
    """When the next attempt is due after `attempts_made` attempts; None once exhausted. With no
    attempt made (a dial that never rang the lead is none), it is due at once: at `last_attempt_at`,
    the time of that dial."""
    if attempts_made < 0:
        raise ValueError("cadence: attempts made cannot be negative")
    if attempts_made == 0:
        return last_attempt_at
    if is_exhausted(cadence, attempts_made):
        return None
    return last_attempt_at + cadence.delays[attempts_made - 1]
