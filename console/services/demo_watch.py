"""Calling hours opening where a queued lead lives: the moment someone on the demo floor notices.

The floor keeps where each queued lead lives; one watcher sleeps until calling hours next open
in any of those places and then lets an idle telecaller know. A lead queued somewhere new wakes
the watcher to look again, so no opening is slept through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from console.domain.compliance import CallingWindow, effective_window, is_callable, local_instant
from console.models import Lead
from console.services.demo_replay import Idle, Process, Replay, Steps

# Where a lead lives, as calling hours see it: its zones, country and region, and its campaign.
Place = tuple[tuple[str, ...], str | None, str | None, int]
SEARCH_DAYS = 8


@dataclass
class Watch:
    """The places queued leads live in, when hours next open in each, and the watcher."""

    replay: Replay
    windows: dict[int, CallingWindow]  # each campaign's calling window, by campaign id
    queued: dict[int, Place] = field(default_factory=dict)
    _opens: dict[Place, datetime | None] = field(default_factory=dict)
    _watcher: Process | None = None
    _until: datetime | None = None

    def start(self, at: datetime, closes: datetime, notice: Callable[[], None]) -> None:
        """Watch from `at` until the floor `closes`, calling `notice` at each opening."""
        self._watcher = self.replay.start(at, self._watch(closes, notice))

    def waiting(self, lead: Lead) -> None:
        """Note whether the lead is queued, and where; look again when it opens soonest."""
        if lead.status != "queued":
            self.queued.pop(lead.id, None)
            return
        place = (lead.zones, lead.country, lead.region, lead.campaign_id)
        self.queued[lead.id] = place
        opens = self._opening(place, self.replay.now())
        if self._watcher and opens and (self._until is None or opens < self._until):
            self.replay.wake(self._watcher, self.replay.now())

    def next_opening(self) -> datetime | None:
        """The next moment, after now, that calling hours open where a queued lead lives."""
        now = self.replay.now()
        openings = [self._opening(place, now) for place in set(self.queued.values())]
        return min(filter(None, openings), default=None)

    def _opening(self, place: Place, now: datetime) -> datetime | None:
        known = self._opens.get(place, now)
        if known is not None and known <= now:
            known = self._opens[place] = opens_after(place, self.windows[place[3]], now)
        return known

    def _watch(self, closes: datetime, notice: Callable[[], None]) -> Steps:
        while self.replay.now() < closes:
            self._until = self.next_opening()
            yield Idle(min(self._until or closes, closes))
            if self._until is not None and self.replay.now() >= self._until:
                notice()


def opens_after(place: Place, window: CallingWindow, now: datetime) -> datetime | None:
    """When calling hours next open (strictly after now) for a lead living at `place`."""
    zones, country, region, _ = place
    hours = effective_window(country, region, window)
    if hours is None:
        return None
    found = []
    for zone in zones:
        today = now.astimezone(ZoneInfo(zone)).date()
        for offset in range(SEARCH_DAYS):
            at = local_instant(today + timedelta(days=offset), hours.start, zone)
            if at > now and is_callable(zones, country, region, at, window):
                found.append(at)
                break
    return min(found, default=None)
