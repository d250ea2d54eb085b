"""Per-telecaller and team figures for a period."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from console.contract.common import Answer, Moment, Shape, text
from console.domain.reports import PRESETS

PRESET_NAMES = tuple(PRESETS)

PERIOD_END = (
    "a date in your zone (2026-11-18) or a date and time (2026-11-18T09:00:00+00:00), "
    "from 2000 to a year ahead"
)


class MetricsQuery(Shape):
    """GET /metrics: the period (default today, or a named one), and optionally one team and
    campaign. A telecaller gets their own figures only."""

    period: Literal[PRESET_NAMES] | None = Field(  # type: ignore[valid-type]
        default=None, description="a named period in your zone; `from` and `to` then unused"
    )
    start: text(32) | None = Field(default=None, alias="from", description=PERIOD_END)  # type: ignore[valid-type]
    to: text(32) | None = Field(default=None, description=PERIOD_END)  # type: ignore[valid-type]
    team: text(80) | None = Field(default=None, description="the team's id or name")  # type: ignore[valid-type]
    campaign: text(80) | None = Field(default=None, description="the campaign's slug")  # type: ignore[valid-type]


class Rate(Answer):
    """`hits` of `n` as a fraction, with its 95% Wilson interval (shown when n is small)."""

    hits: int
    n: int
    value: float | None
    low: float | None
    high: float | None
    small: bool = Field(description="n is under 30: read the interval, not the rate alone")
    words: str = Field(description='as the page says it: "67% of 3 (21-94%)"')


class Figures(Answer):
    """The figures of one telecaller or the team, quality first."""

    accepted: int
    acceptance_rate: float | None = Field(description="accepted / (accepted + rejected)")
    acceptance: Rate = Field(description="accepted of the meetings sales reviewed")
    held: int
    held_rate: Rate = Field(description="held of the meetings held or missed")
    opportunities: int
    won: int
    won_amount: float
    meetings_booked: int
    overrides: int = Field(description="meetings booked against the rule")
    overrides_accepted: int
    overrides_rejected: int
    overrides_held: int
    override_acceptance: Rate = Field(description="accepted of the overrides sales reviewed")
    rejected: int
    rejections_by_reason: dict[str, int] = Field(description="procedural, clerical, definitional")
    overturned: dict[str, int] = Field(description="rejections per criterion sales overturned")
    no_shows: int
    conversations: int
    connects: int = Field(description="outcomes where a person answered")
    connect_rate: Rate = Field(description="connects of dials")
    conversation_rate: Rate = Field(description="conversations of connects")
    median_speed_to_lead_seconds: int | None = Field(
        description="median from arrival to first dial of the leads this person dialled first"
    )
    median_wrap_seconds: int | None
    dials: int


class TelecallerFigures(Figures):
    """One telecaller's figures."""

    id: int
    name: str
    team_id: int | None


class Column(Answer):
    """A figure's key and its heading."""

    key: str
    label: str


class Place(Answer):
    """A place on the leaderboard: by accepted, then held, then pipeline; never by dials."""

    place: int
    id: int
    name: str
    accepted: int
    held: int
    opportunities: int
    won_amount: float
    acceptance: Rate


class Step(Answer):
    """A step of the team's funnel, and its share of the step before."""

    key: str
    label: str
    count: int
    of_previous: Rate | None


class Week(Answer):
    """One week (from its Monday, in your zone): acceptance and held rates."""

    week: str
    acceptance: Rate
    held_rate: Rate


class SpeedBucket(Answer):
    """How many leads were first dialled within this long of arriving."""

    label: str
    leads: int


class Rejections(Answer):
    """Rejections by reason (`kind` reason) or by criterion overturned (`kind` overturned)."""

    kind: str
    key: str
    label: str
    count: int


class Metrics(Answer):
    """The period, the columns, each telecaller's figures and the team total, and the
    leaderboard, funnel, weekly trend, speed-to-lead spread and rejections the Reports page
    draws."""

    start: Moment = Field(alias="from")
    to: Moment
    zone: str
    first_day: str = Field(description="the period's first day in the zone (2026-11-30)")
    last_day: str = Field(description="its last day in the zone")
    team_id: int | None
    campaign_id: int | None
    columns: list[Column]
    telecallers: list[TelecallerFigures]
    team: Figures
    leaderboard: list[Place]
    funnel: list[Step]
    trend: list[Week]
    speed_to_lead: list[SpeedBucket]
    rejections: list[Rejections]
