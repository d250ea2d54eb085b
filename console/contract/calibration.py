"""A campaign's calibration and the what-if replay of a proposed handoff rule."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from console.contract.common import Answer, Moment, Shape, text
from console.contract.metrics import PERIOD_END
from console.contract.rules import HandoffRuleForm

PERIOD = f"{PERIOD_END}; the last 90 days by default"


class CalibrationQuery(Shape):
    """GET /campaigns/{slug}/calibration: the period, and the acceptance to aim the rule at."""

    start: text(32) | None = Field(default=None, alias="from", description=PERIOD)  # type: ignore[valid-type]
    to: text(32) | None = Field(default=None, description=PERIOD)  # type: ignore[valid-type]
    target: int | None = Field(
        default=None, ge=50, le=100, description="percent; the campaign's target by default"
    )


class Rate(Answer):
    """k of n reviewed handoffs, with the 95% Wilson interval."""

    k: int
    n: int
    rate: float | None
    low: float
    high: float


class RateRow(Answer):
    """The reviewed handoffs with one score of a criterion, or one answer at a script step."""

    key: str = Field(description="the criterion, or the script step")
    value: str = Field(description="the score 1-3, or the answer's id")
    accepted: Rate
    held: Rate
    won: Rate


class Effect(Answer):
    """A criterion's effect on the verdict: log-odds per score point, with its 95% interval."""

    criterion: str
    coefficient: float
    odds_ratio: float
    low: float
    high: float
    odds_low: float = Field(description="the interval as odds ratios")
    odds_high: float
    p_value: float
    clear: bool = Field(description="the interval excludes no effect")


class Ranking(Answer):
    """The criteria ranked by how much they predict the verdict (a logistic regression)."""

    verdict: str
    n: int
    problem: str | None = Field(description="why no model could be fitted, in a sentence")
    effects: list[Effect]


class Point(Answer):
    """One rule on the curve: its handoffs and their expected acceptance over the period."""

    threshold: int
    minimums: dict[str, int]
    handoffs: int
    expected_accepted: float
    acceptance: float | None


class RulePoint(Point):
    """The current or suggested rule, whole."""

    rule: dict[str, Any]
    current: bool


class Suggestion(Answer):
    """The rule with the most expected accepted meetings at or above the target."""

    target: int
    current: RulePoint
    best: RulePoint | None = Field(description="null when no rule reaches the target")
    curve: list[Point] = Field(description="the best acceptance at each volume, by volume")


class CampaignRef(Answer):
    """Which campaign."""

    slug: str
    name: str


class SelfCheck(Answer):
    """Each outcome replayed under the rule it was recorded with."""

    replayed: int
    same: int


class Rankings(Answer):
    """The fits for acceptance and for meetings held."""

    accepted: Ranking
    held: Ranking


class Calibration(Answer):
    """What the period's outcomes and sales' verdicts say about the campaign's criteria."""

    campaign: CampaignRef
    start: Moment = Field(alias="from")
    to: Moment
    outcomes: int
    handoffs: int
    reviewed: int
    accepted: int
    warning: str | None = Field(description="why the data is too thin to say much")
    scores: list[RateRow]
    answers: list[RateRow]
    ranking: Rankings
    suggestion: Suggestion
    recorded_rules_replayed: SelfCheck


class ReplayBody(Shape):
    """POST /campaigns/{slug}/handoff-rule/replay: a proposed rule and the period to replay."""

    rule: HandoffRuleForm
    start: text(32) | None = Field(default=None, alias="from", description=PERIOD)  # type: ignore[valid-type]
    to: text(32) | None = Field(default=None, description=PERIOD)  # type: ignore[valid-type]


class Replayed(Answer):
    """An outcome the proposed rule decides differently from what happened."""

    outcome_id: int
    call_id: int | None
    agent: str
    at: Moment
    scores: dict[str, int | None]
    recorded: str
    verdict: str | None = Field(description="accepted, rejected, or null when not reviewed")
    held: bool
    won: bool
    expected_acceptance: float | None = Field(description="the model's estimate, unreviewed only")


class Replay(Answer):
    """The period's outcomes replayed through the proposed rule."""

    campaign: CampaignRef
    start: Moment = Field(alias="from")
    to: Moment
    rule: dict[str, Any]
    outcomes: int
    unreplayable: int = Field(description="recorded before outcomes kept their facts")
    changed: int = Field(description="outcomes the rule decides differently")
    recorded_handoffs: int
    recorded_acceptance: float | None
    handoffs: int
    expected_accepted: float
    expected_acceptance: float | None
    estimated: int = Field(description="handoffs whose acceptance is estimated, not reviewed")
    gained: list[Replayed]
    lost: list[Replayed]
