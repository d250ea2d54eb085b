"""A user as the API shows them, and a telecaller's state on the floor."""

from __future__ import annotations

from pydantic import Field

from console.contract.common import Answer, Moment
from console.domain.roles import AgentState, Role


class Agent(Answer):
    """A telecaller as the floor shows them."""

    id: int
    name: str
    team_id: int | None
    state: AgentState
    reason: str | None = Field(description="why paused, in their words")
    since: Moment
    warn_at: Moment | None = Field(
        description="when the floor flags this state as too long (paused, wrap-up)"
    )


class Me(Agent):
    """The user the token or session acts as."""

    email: str
    role: Role
