"""The simulator's calls: call legs, their shared clock, recordings, and the registry."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from console import clock

API_VERSION = "2010-04-01"
FINAL_STATUSES = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})


def rfc2822(moment: datetime | None) -> str | None:
    """A time as Twilio writes it: 'Tue, 31 Aug 2010 20:36:28 +0000'."""
    return format_datetime(moment.astimezone(UTC)) if moment else None


class Timeline:
    """The clock one call and its legs share; waits are scaled by speed and can be interrupted.

    speed is real seconds per call second: 1.0 plays in real time, 0.001 a thousand times faster,
    0 instantly. Alarms (e.g. an async machine-detection result) fire in call time, in order.
    """

    def __init__(self, speed: float) -> None:
        self.speed = max(0.0, speed)
        self.origin = clock.now()
        self.offset = 0.0
        self.cond = threading.Condition()
        self._alarms: list[tuple[float, int, Callable[[], None]]] = []

    def now(self) -> datetime:
        """The current call time."""
        return self.origin + timedelta(seconds=self.offset)

    def poke(self, change: Callable[[], None]) -> None:
        """Apply a change (a hang-up, a redirect) and wake whatever is waiting."""
        with self.cond:
            change()
            self.cond.notify_all()

    def at(self, delay: float, alarm: Callable[[], None]) -> None:
        """Run alarm once `delay` call seconds have passed."""
        self._alarms.append((self.offset + delay, len(self._alarms), alarm))
        self._alarms.sort()

    def wait(self, seconds: float, interrupted: Callable[[], bool]) -> bool:
        """Let call time pass; False when interrupted before all of it had passed."""
        target = self.offset + max(0.0, seconds)
        while self._alarms and self._alarms[0][0] <= target:
            if not self._sleep(self._alarms[0][0] - self.offset, interrupted):
                return False
            self._alarms.pop(0)[2]()
        return self._sleep(target - self.offset, interrupted)

    def settle(self) -> None:
        """Fire the alarms still pending once the call is over."""
        while self._alarms:
            due, _, alarm = self._alarms.pop(0)
            self.offset = max(self.offset, due)
            alarm()

    def _sleep(self, seconds: float, interrupted: Callable[[], bool]) -> bool:
        seconds = max(0.0, seconds)
        started = time.monotonic()
        with self.cond:
            cut = self.cond.wait_for(interrupted, timeout=seconds * self.speed)
        if not cut:
            self.offset += seconds
            return True
        real = time.monotonic() - started
        self.offset += min(seconds, real / self.speed) if self.speed else 0.0
        return False


@dataclass
class Recording:
    """A recording the simulator made; its media is a short WAV served by the simulator."""

    sid: str
    call_sid: str
    duration: int
    channels: int
    source: str
    started_at: datetime


@dataclass
class SimCall:
    """One call leg: what was asked for, where it is now, and every callback sent about it."""

    sid: str
    account_sid: str
    to: str
    from_: str
    direction: str  # outbound-api | outbound-dial | inbound
    timeline: Timeline
    root_sid: str
    parent_sid: str | None = None
    status: str = "queued"
    url: str | None = None
    method: str = "POST"
    twiml: str | None = None
    status_callback: str | None = None
    status_events: frozenset[str] = frozenset({"completed"})
    status_method: str = "POST"
    machine_detection: str | None = None
    async_amd: bool = False
    amd_callback: str | None = None
    amd_method: str = "POST"
    record: bool = False
    recording_callback: str | None = None
    recording_method: str = "POST"
    timeout: float = 60
    application_sid: str | None = None
    answered_by: str | None = None
    sequence: int = 0
    created_at: datetime = field(default_factory=clock.now)
    started_at: datetime | None = None
    ended_at: datetime | None = None
    answered_offset: float | None = None
    duration: int | None = None
    hangup_requested: str | None = None
    redirect_to: tuple[str | None, str, str | None] | None = None  # (url, method, twiml)
    callbacks: list[dict] = field(default_factory=list)
    played: list[dict] = field(default_factory=list)  # each <Play>: the URL fetched, and what came
    errors: list[str] = field(default_factory=list)
    ended: threading.Event = field(default_factory=threading.Event)

    @property
    def is_over(self) -> bool:
        """True once the leg has a final status."""
        return self.status in FINAL_STATUSES

    def interrupted(self) -> bool:
        """True when something asked this leg to stop what it is doing (hang-up or redirect)."""
        return self.hangup_requested is not None or self.redirect_to is not None


class CallRegistry:
    """Every call leg and recording the simulator has seen, safe to read from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[str, SimCall] = {}
        self._recordings: dict[str, Recording] = {}

    def add(self, call: SimCall) -> SimCall:
        """Register a new leg."""
        with self._lock:
            self._calls[call.sid] = call
        return call

    def get(self, sid: str) -> SimCall | None:
        """The leg with this SID, if any."""
        with self._lock:
            return self._calls.get(sid)

    def __getitem__(self, sid: str) -> SimCall:
        call = self.get(sid)
        if call is None:
            raise KeyError(sid)
        return call

    def __len__(self) -> int:
        with self._lock:
            return len(self._calls)

    def all(self) -> list[SimCall]:
        """Every leg, oldest first."""
        with self._lock:
            return list(self._calls.values())

    def children(self, sid: str) -> list[SimCall]:
        """The legs a call dialled, oldest first."""
        return [call for call in self.all() if call.parent_sid == sid]

    def add_recording(self, recording: Recording) -> None:
        """Keep a recording so its media and metadata can be fetched."""
        with self._lock:
            self._recordings[recording.sid] = recording

    def recording(self, sid: str) -> Recording | None:
        """The recording with this SID, if any."""
        with self._lock:
            return self._recordings.get(sid)

    def recordings_of(self, call_sid: str) -> list[Recording]:
        """The recordings made on one call, oldest first."""
        with self._lock:
            return [rec for rec in self._recordings.values() if rec.call_sid == call_sid]

    def delete_recording(self, sid: str) -> bool:
        """Forget a recording, as Twilio's DELETE does; whether there was one."""
        with self._lock:
            return self._recordings.pop(sid, None) is not None
