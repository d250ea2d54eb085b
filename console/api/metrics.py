"""API: per-telecaller and team figures for a period, quality first."""

from __future__ import annotations

from flask import g

from console.api import bp
from console.api.auth import api_roles
from console.contract.metrics import Metrics, MetricsQuery
from console.db import get_session
from console.domain.roles import Role
from console.services import campaigns, metrics


@bp.get("/metrics")
@api_roles(Role.LEAD, Role.ADMIN, query=MetricsQuery, answers={200: Metrics})
def get_metrics(query: MetricsQuery):
    """Figures for `from`..`to` (dates in the viewer's zone; default today), `team`, `campaign`.

    Per telecaller and team totals, quality first: accepted, acceptance rate, held,
    opportunities, won and amount, meetings booked, overrides (against the rule, apart),
    rejected, no-shows, conversations, median speed to lead, median wrap-up, dials."""
    session = get_session()
    span = metrics.period(query.start, query.to, g.api_user.timezone or "UTC")
    team_id = metrics.team_id(session, query.team) if query.team else None
    campaign_id = None
    if query.campaign:
        campaign_id = campaigns.by_slug(session=session, slug=query.campaign).id
    return metrics.metrics(session=session, span=span, team_id=team_id, campaign_id=campaign_id)
