"""API: per-telecaller and team figures for a period, quality first (the Reports page's figures)."""

from __future__ import annotations

from flask import g

from console.api import bp
from console.api.auth import api_roles
from console.contract.metrics import Metrics, MetricsQuery
from console.db import get_session
from console.domain.roles import Role
from console.services import metrics


@bp.get("/metrics")
@api_roles(Role.LEAD, Role.ADMIN, Role.TELECALLER, query=MetricsQuery, answers={200: Metrics})
def get_metrics(query: MetricsQuery):
    """Figures for `period` or `from`..`to` (dates in the viewer's zone; default today), `team`,
    `campaign`; a telecaller gets their own figures only.

    Per telecaller and team totals, quality first: accepted, acceptance (with n and interval),
    held and held rate, opportunities, won and amount, meetings booked, overrides (against the
    rule, apart) and how they fared, rejections by reason and by overturned criterion, no-shows,
    conversations, connect and conversation rates, median speed to lead, median wrap-up, dials;
    and the leaderboard, funnel, weekly trend, speed-to-lead spread and rejections."""
    user = g.api_user
    return metrics.report(
        session=get_session(),
        viewer=user,
        period_name=query.period,
        start=query.start,
        to=query.to,
        team=query.team,
        campaign=query.campaign,
    )
