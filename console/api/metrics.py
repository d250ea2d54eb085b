"""API: per-telecaller and team figures for a period, quality first."""

from __future__ import annotations

from flask import g, jsonify, request

from console.api import bp
from console.api.auth import api_roles
from console.db import get_session
from console.domain.roles import Role
from console.services import campaigns, metrics


@bp.get("/metrics")
@api_roles(Role.LEAD, Role.ADMIN)
def get_metrics():  # noqa: ANN201
    """Figures for `from`..`to` (dates in the viewer's zone; default today), `team`, `campaign`."""
    session = get_session()
    args = request.args
    span = metrics.period(args.get("from"), args.get("to"), g.api_user.timezone or "UTC")
    team_id = metrics.team_id(session, args["team"]) if args.get("team") else None
    campaign_id = None
    if args.get("campaign"):
        campaign_id = campaigns.by_slug(session=session, slug=args["campaign"]).id
    return jsonify(
        metrics.metrics(session=session, span=span, team_id=team_id, campaign_id=campaign_id)
    )
