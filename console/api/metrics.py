"""API: per-telecaller and team figures for a period, quality first."""

from __future__ import annotations

from flask import g, jsonify, request
from sqlmodel import select

from console.api import bp
from console.api.auth import api_roles
from console.db import get_session
from console.domain.roles import Role
from console.models import Team
from console.services import campaigns, metrics
from console.services.errors import Invalid


@bp.get("/metrics")
@api_roles(Role.LEAD, Role.ADMIN)
def get_metrics():  # noqa: ANN201
    """Figures for `from`..`to` (dates in the viewer's zone; default today), `team`, `campaign`."""
    session = get_session()
    args = request.args
    span = metrics.period(args.get("from"), args.get("to"), g.api_user.timezone or "UTC")
    team_id = None
    if args.get("team"):
        wanted = args["team"]
        team = session.exec(
            select(Team).where((Team.name == wanted) | (Team.id == _int(wanted)))
        ).first()
        if team is None:
            raise Invalid(
                "Unknown team.", fields={"team": f"no team {wanted!r}: use its id or name"}
            )
        team_id = team.id
    campaign_id = None
    if args.get("campaign"):
        campaign_id = campaigns.by_slug(session=session, slug=args["campaign"]).id
    return jsonify(
        metrics.metrics(session=session, span=span, team_id=team_id, campaign_id=campaign_id)
    )


def _int(text: str) -> int:
    return int(text) if text.isdigit() else -1
