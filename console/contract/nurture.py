"""The nurture pipeline: leads coming back from nurture, by why they left and when."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from console.contract.common import Answer, Moment, Shape, text
from console.domain.follow_ups import HORIZONS, FollowUpReason

HorizonKey = Literal[tuple(HORIZONS)]  # type: ignore[valid-type]


class NurtureQuery(Shape):
    """GET /nurture: optionally one campaign."""

    campaign: text(80) | None = Field(default=None, description="the campaign's slug")  # type: ignore[valid-type]


class Horizon(Answer):
    """When follow-ups fall: due and not called yet, this week, next week."""

    key: HorizonKey
    label: str


class Counts(Answer):
    """Leads per horizon."""

    overdue: int = Field(description="the follow-up date has come; not called yet")
    this_week: int = Field(description="due later this week (weeks end at midnight into Monday)")
    next_week: int


class ReasonCounts(Counts):
    """Leads per horizon that left the queue for one reason."""

    reason: FollowUpReason
    label: str


class Pipeline(Answer):
    """How many leads come back from nurture, by why they left; weeks in the viewer's zone."""

    as_of: Moment
    timezone: str
    this_week_ends: Moment
    next_week_ends: Moment
    horizons: list[Horizon]
    reasons: list[ReasonCounts]
    total: Counts
