"""What the handoff rule decided: a recorded outcome, a repeat of it, and the live preview."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from console.contract.common import Answer, Moment
from console.contract.errors import Problem
from console.domain.criteria import Criteria
from console.domain.handoff import DecisionKind
from console.domain.queue import LeadStatus


class Score(Answer):
    """The four criteria (1-3, null when not found out) and their total."""

    need: int | None
    timeframe: int | None
    authority: int | None
    profile: int | None
    total: int | None
    out_of: int
    set_by_hand: bool


class Decision(Answer):
    """The rule's decision and why."""

    decision: DecisionKind
    reasons: list[str]
    score: Score
    override: bool = Field(description="handed off against the rule")
    follow_up_at: Moment | None
    unknown: list[Criteria] = Field(description="criteria still to find out")


class MovedLead(Answer):
    """Where the lead went."""

    id: int
    status: LeadStatus
    follow_up_at: Moment | None
    next_attempt_at: Moment | None
    callback_at: Moment | None


class Recorded(Decision):
    """The outcome saved: the decision, the lead, and the meeting booked if any."""

    outcome_id: int
    lead: MovedLead
    meeting_id: int | None
    lead_moved: bool = Field(
        description="false when the lead had moved on or another telecaller held it: the "
        "outcome is kept for the call, the lead stays where it is"
    )
    notice: str | None = Field(description="why the lead was not moved, in a sentence")


class Repeated(Answer):
    """409: the error, and (outcome_exists) the first outcome's decision repeated."""

    error: Problem
    outcome_id: int | None = None
    decision: DecisionKind | None = None
    reasons: list[str] | None = None
    total: int | None = None
    follow_up_at: Moment | None = None


class Rep(Answer):
    """The sales rep the meeting would go to."""

    id: int
    name: str
    email: str


class Preview(Decision):
    """The decision without saving, with the meter and the meeting's rep and times."""

    override_offered: bool = Field(description="the telecaller may hand off against the rule")
    needs: list[str] = Field(
        default_factory=list,
        description="what a qualified outcome still lacks before the rule decides (criteria"
        " not found out, a meeting time); the decision stands only when this is empty",
    )
    needs_said: str = Field(
        default="",
        description='`needs` in the words the wrap-up shows ("Needs: timeframe and'
        ' a meeting time"); empty when nothing is missing',
    )
    meter: dict[str, Any] = Field(description="scores, evidence, script, suggestion")
    sales_rep: Rep | None
    meeting_times: list[str] = Field(description="the meeting as the lead and the rep read it")
    sales_rep_problem: str | None = Field(default=None, description="why no rep could be named")
