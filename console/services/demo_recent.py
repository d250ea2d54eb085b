"""The floor's last days: fates placed there whatever the seed, so every demo opens with meetings
waiting for review and callbacks falling due around now (caller1 with two of their own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.models import User

RECENT_HANDOFFS, RECENT_CALLBACKS = 3, 7
CALLBACK_KEEPER = "caller1@demo.test"
TEAM_ZONE = "America/New_York"
WEEKDAYS = {"handoffs": 2, "callbacks": 3, "kept": 8}  # how far back each is placed


@dataclass
class LastDays:
    """Fates placed in the floor's last days whatever the seed: meetings to review, and callbacks
    still open at the end (caller1 opens the demo with two personal ones waiting)."""

    handoffs_since: datetime
    callbacks_since: datetime
    keepers_since: datetime  # caller1's, from further back, so they surely speak to two
    handoffs: int = 0
    kept: int = 0  # caller1's personal callbacks
    others: int = 0

    @classmethod
    def before(cls, closes: datetime) -> LastDays:
        """The last days of a floor that closes at `closes`."""
        handoffs, callbacks, kept = (since_weekdays(closes, n) for n in WEEKDAYS.values())
        return cls(handoffs, callbacks, kept)

    @property
    def callbacks(self) -> int:
        """Callbacks placed so far."""
        return self.kept + self.others

    def handoff(self, now: datetime, intent: str, can_hand_off: bool) -> bool:
        """Whether this conversation books a meeting (counted if so)."""
        if now < self.handoffs_since or intent != "need" or not can_hand_off:
            return False
        if self.handoffs >= RECENT_HANDOFFS:
            return False
        self.handoffs += 1
        return True

    def callback(self, now: datetime, agent: User) -> bool | None:
        """Whether this conversation ends in a callback the agent keeps (True) or leaves to
        anyone (False); None when no callback is placed here (counted if one is)."""
        if agent.email == CALLBACK_KEEPER and self.kept < 2 and now >= self.keepers_since:
            self.kept += 1
            return True
        if self.others < RECENT_CALLBACKS - 2 and now >= self.callbacks_since:
            self.others += 1
            return self.others % 2 == 0
        return None


def since_weekdays(closes: datetime, count: int, zone: str = TEAM_ZONE) -> datetime:
    """09:00 (in the team's zone) of the earliest of the last `count` weekdays before `closes`."""
    tz, day, found = ZoneInfo(zone), closes.astimezone(ZoneInfo(zone)).date(), []
    while len(found) < count:
        opens = datetime.combine(day, time(9), tz)
        if day.weekday() < 5 and opens < closes:
            found.append(opens)
        day -= timedelta(days=1)
    return found[-1].astimezone(UTC)
