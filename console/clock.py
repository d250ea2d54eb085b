"""The one clock: every service, view, webhook, live event and job asks it the time.

Production reads the wall clock. Development and tests may start it elsewhere: `HANDOFF_NOW`
starts every process of the app at that instant and lets it run on from there, and tests and the
demo hold it still or move it by hand. Nothing else in the app reads the wall clock.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class Clock:
    """Wall time, shifted by an offset, or held still at one instant until moved."""

    def __init__(self, start: datetime | None = None, *, frozen: bool = False) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._held: datetime | None = None
        if start is not None:
            self.set(start, frozen=frozen)

    def now(self) -> datetime:
        """The current instant, aware and in UTC."""
        held = self._held
        return held if held is not None else datetime.now(UTC) + self._offset

    def set(self, at: datetime, *, frozen: bool = False) -> None:
        """Jump to `at`; run on from there, or stay there until moved when `frozen`."""
        _require_aware(at)
        at = at.astimezone(UTC)
        with self._lock:
            self._held = at if frozen else None
            self._offset = at - datetime.now(UTC)

    def advance(self, by: timedelta) -> datetime:
        """Move forward by `by` (a held clock stays held); the new instant."""
        if by < timedelta(0):
            raise ValueError("the clock only moves forward")
        with self._lock:
            if self._held is not None:
                self._held += by
            self._offset += by
        return self.now()

    @property
    def frozen(self) -> bool:
        """Whether the clock stands still until moved."""
        return self._held is not None


_process = Clock()  # the wall clock, or HANDOFF_NOW's once started
_current = _process
_started = False


def now() -> datetime:
    """The app's current instant, aware and in UTC."""
    return _current.now()


def current() -> Clock:
    """The clock everything reads now."""
    return _current


def start(at: datetime | None) -> None:
    """Start this process's clock at `at` (HANDOFF_NOW); only the first call of a process counts,
    so a second app made in the same process does not turn time back."""
    global _started
    if at is None or _started:
        return
    _process.set(at)
    _started = True


def use(clock: Clock | None) -> Clock:
    """Make `clock` the one everything reads (None: back to the process's own); the previous."""
    global _current
    previous, _current = _current, clock or _process
    return previous


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant with its offset ("2026-12-05T02:30:00Z"), in UTC."""
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not an ISO 8601 instant: write it like 2026-12-05T02:30:00Z"
        ) from None
    if at.tzinfo is None:
        raise ValueError(f"{text!r} has no offset: add Z for UTC, like 2026-12-05T02:30:00Z")
    return at.astimezone(UTC)


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("the clock takes aware times only: add a time zone")
