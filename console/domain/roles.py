"""Who does what: the four roles, and where a telecaller is in the work cycle."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


class Role(StrEnum):
    """A user's job in the console."""

    TELECALLER = "telecaller"
    LEAD = "lead"
    SALES = "sales"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The role as people say it."""
        return ROLE_LABELS[self.value]


ROLE_LABELS = {"telecaller": "Telecaller", "lead": "Team lead", "sales": "Sales", "admin": "Admin"}


class AgentState(StrEnum):
    """Where a telecaller is in the work cycle; the floor shows it with time in state."""

    OFFLINE = "offline"
    AVAILABLE = "available"
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    PAUSED = "paused"


PAUSE_REASONS = ("break", "lunch", "coaching", "meeting", "admin", "technical")
# What telecallers choose for themselves; on call and wrap-up follow their calls.
CHOSEN_STATES = (AgentState.AVAILABLE, AgentState.PAUSED, AgentState.OFFLINE)
# How long a state may last before the floor flags it for the team lead.
STATE_WARNINGS = {
    AgentState.PAUSED: timedelta(minutes=15),
    AgentState.WRAP_UP: timedelta(minutes=3),
}


def warn_at(state: AgentState, since: datetime) -> datetime | None:
    """When a telecaller who entered `state` at `since` is flagged on the floor, if ever."""
    limit = STATE_WARNINGS.get(state)
    return since + limit if limit else None
