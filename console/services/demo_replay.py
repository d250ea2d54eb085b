"""The demo's replay: everyone's steps taken in time order on a held clock, moved on between them.

A step is a generator (a telecaller's day, a call, a sales review) that does something through a
service and yields the moment it wants to go on, or Idle(until) to wait for something to happen.
Steps due at the same moment go in the order they were scheduled, so a replay is repeatable.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from console.clock import Clock

Steps = Iterator["datetime | Idle"]


@dataclass(frozen=True)
class Idle:
    """Wait until `until`, unless something wakes the process earlier."""

    until: datetime


@dataclass(eq=False)
class Process:
    """One line of steps, with the ticket of its next scheduled turn (older tickets are void)."""

    number: int
    steps: Steps
    owner: object = None
    ticket: int = 0


class Replay:
    """A heap of turns in time order, played on a clock held still between them."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._turns: list[tuple[datetime, int, int, Process]] = []
        self._order = itertools.count()
        self._numbers = itertools.count()
        self._idle: dict[int, Process] = {}

    def now(self) -> datetime:
        """The replayed moment."""
        return self.clock.now()

    def start(self, at: datetime, steps: Steps, owner: object = None) -> Process:
        """Begin a line of steps at `at`."""
        process = Process(next(self._numbers), steps, owner)
        self._schedule(process, at)
        return process

    def at(self, moment: datetime, action: Callable[[], object]) -> None:
        """Do one thing at `moment`."""

        def once() -> Steps:
            action()
            yield from ()

        self.start(moment, once())

    def idle(self) -> list[Process]:
        """The processes waiting for something to happen, in the order they started."""
        return [self._idle[number] for number in sorted(self._idle)]

    def wake(self, process: Process, at: datetime) -> None:
        """Bring an idle process's next turn forward to `at`."""
        if self._idle.pop(process.number, None) is not None:
            self._schedule(process, max(at, self.now()))

    def run(self) -> None:
        """Play every turn in time order until none is left."""
        while self._turns:
            at, _, ticket, process = heapq.heappop(self._turns)
            if ticket != process.ticket:
                continue  # rescheduled meanwhile
            self.clock.advance(max(at - self.now(), timedelta(0)))
            self._idle.pop(process.number, None)
            try:
                wanted = next(process.steps)
            except StopIteration:
                continue
            if isinstance(wanted, Idle):
                self._idle[process.number], wanted = process, wanted.until
            self._schedule(process, wanted)

    def _schedule(self, process: Process, at: datetime) -> None:
        process.ticket += 1
        heapq.heappush(self._turns, (at, next(self._order), process.ticket, process))
