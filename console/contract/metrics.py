"""Per-telecaller and team figures for a period."""

from __future__ import annotations

from pydantic import Field

from console.contract.common import Answer, Moment, Shape, text

PERIOD_END = (
    "a date in your zone (2026-11-18) or a date and time (2026-11-18T09:00:00+00:00), "
    "from 2000 to a year ahead"
)


class MetricsQuery(Shape):
    """GET /metrics: the period (default today), and optionally one team and campaign."""

    start: text(32) | None = Field(default=None, alias="from", description=PERIOD_END)  # type: ignore[valid-type]
    to: text(32) | None = Field(default=None, description=PERIOD_END)  # type: ignore[valid-type]
    team: text(80) | None = Field(default=None, description="the team's id or name")  # type: ignore[valid-type]
    campaign: text(80) | None = Field(default=None, description="the campaign's slug")  # type: ignore[valid-type]


class Figures(Answer):
    """The figures of one telecaller or the team, quality first."""

    accepted: int
    acceptance_rate: float | None = Field(description="accepted / (accepted + rejected)")
    held: int
    opportunities: int
    won: int
    won_amount: float
    meetings_booked: int
    overrides: int = Field(description="meetings booked against the rule")
    rejected: int
    no_shows: int
    conversations: int
    median_speed_to_lead_seconds: int | None
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


class Metrics(Answer):
    """The period, the columns, each telecaller's figures and the team total."""

    start: Moment = Field(alias="from")
    to: Moment
    zone: str
    team_id: int | None
    campaign_id: int | None
    columns: list[Column]
    telecallers: list[TelecallerFigures]
    team: Figures
