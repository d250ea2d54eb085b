"""A user as the API shows them, a telecaller's state on the floor, and what a telecaller chooses
for themselves: available, paused with a reason, or offline. On call and wrap-up follow their calls,
so they are refused here in the telecaller's words."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from console.contract.common import Answer, Moment, Refused, Shape
from console.domain.roles import CHOSEN_STATES, PAUSE_REASONS, AgentState, Role

CHOSEN = tuple(state.value for state in CHOSEN_STATES)
PauseReason = Literal[PAUSE_REASONS]
CHOOSE = "choose available, paused (with a reason) or offline"


def _chosen(state: Any) -> Any:
    """A state the calls set is refused with why; any other unknown one with the choices."""
    if state in CHOSEN_STATES:
        return state
    if isinstance(state, str) and state in AgentState.__members__.values():
        raise Refused(
            "dialling a lead puts you on call and recording the outcome ends wrap-up; " + CHOOSE,
            message=f"You cannot set yourself {state.replace('_', ' ')}: "
            "that state follows your calls.",
        )
    raise Refused(CHOOSE, message="Unknown state.")


class StateChoice(Shape):
    """PUT /me/state: `{"state", "reason"}`; a pause names its reason."""

    state: Annotated[Literal[CHOSEN], BeforeValidator(_chosen)]
    reason: PauseReason | None = Field(default=None, validate_default=True)

    @field_validator("reason")
    @classmethod
    def _a_pause_has_a_reason(cls, reason: str | None, info: ValidationInfo) -> str | None:
        state = info.data.get("state")
        if state == AgentState.PAUSED and reason is None:
            raise Refused("one of " + ", ".join(PAUSE_REASONS), message="A pause needs a reason.")
        return reason if state == AgentState.PAUSED else None


class Agent(Answer):
    """A telecaller as the floor shows them: the API's answer and the agent.state event's card."""

    id: int
    name: str
    team_id: int | None
    state: AgentState
    reason: PauseReason | None = Field(description="why paused")
    since: Moment
    warn_at: Moment | None = Field(
        description="when the floor flags this state as too long (paused, wrap-up)"
    )


class Me(Agent):
    """The user the token or session acts as."""

    email: str
    role: Role
