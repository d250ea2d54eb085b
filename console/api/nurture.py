"""API: the nurture pipeline, for the team lead."""

from __future__ import annotations

from flask import g

from console.api import bp
from console.api.auth import api_roles
from console.contract.nurture import NurtureQuery, Pipeline
from console.db import get_session
from console.domain.roles import Role
from console.services import campaigns, follow_ups


@bp.get("/nurture")
@api_roles(Role.LEAD, Role.ADMIN, query=NurtureQuery, answers={200: Pipeline})
def nurture_pipeline(query: NurtureQuery):
    """Leads coming back from nurture: due and not called yet, this week and next (weeks in the
    viewer's zone), by why they left (nurture, rejected by sales, no-show, interest only)."""
    session = get_session()
    campaign_id = None
    if query.campaign:
        campaign_id = campaigns.by_slug(session=session, slug=query.campaign).id
    return follow_ups.pipeline(session=session, zone=g.api_user.timezone, campaign_id=campaign_id)
