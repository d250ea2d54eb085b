"""API: lead intake (one lead or a CSV file), a lead's record, release and reassignment."""

from __future__ import annotations

from flask import g, jsonify, request

from console.api import bp
from console.api.auth import api_roles
from console.api.bodies import Reassign, parse
from console.contract.leads import NewLead
from console.db import get_session
from console.domain.roles import Role
from console.http import json_object
from console.realtime import publish
from console.services import campaigns, imports, intake, leads, queue


@bp.post("/leads")
@api_roles(Role.LEAD, Role.ADMIN, intake=True, body=NewLead)
def create_lead(body: NewLead):  # noqa: ANN201
    """Create a lead; a duplicate (same phone or email in the campaign) adds a touch instead."""
    session = get_session()
    campaign = campaigns.by_slug(session=session, slug=body.campaign)
    result = intake.take_in(session=session, campaign=campaign, lead=body, publish=publish)
    card = {**intake.lead_card(result.lead), "duplicate": result.duplicate}
    return jsonify(card), 200 if result.duplicate else 201


@bp.post("/campaigns/<slug>/leads/import")
@api_roles(Role.LEAD, Role.ADMIN)
def import_leads(slug: str):  # noqa: ANN201
    """Import a CSV body; ?strict=1 imports nothing if any row is bad."""
    session = get_session()
    campaign = campaigns.by_slug(session=session, slug=slug)
    strict = request.args.get("strict", "").lower() in ("1", "true", "yes")
    report = imports.import_csv(
        session=session,
        campaign=campaign,
        content=request.get_data(),
        strict=strict,
        publish=publish,
    )
    return jsonify(report.as_dict())


@bp.get("/leads/<int:lead_id>")
@api_roles(*Role)
def get_lead(lead_id: int):  # noqa: ANN201
    """The lead with its touches, calls, outcomes and meetings."""
    return jsonify(leads.record(session=get_session(), lead_id=lead_id, viewer=g.api_user))


@bp.post("/leads/<int:lead_id>/release")
@api_roles(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def release_lead(lead_id: int):  # noqa: ANN201
    """Give a claimed lead back to the queue."""
    lead = queue.release(session=get_session(), lead_id=lead_id, user=g.api_user, publish=publish)
    return jsonify(intake.lead_card(lead))


@bp.post("/leads/<int:lead_id>/reassign")
@api_roles(Role.LEAD, Role.ADMIN)
def reassign_lead(lead_id: int):  # noqa: ANN201
    """Hand a lead to a named telecaller: `{"to": user_id}`."""
    body = parse(Reassign, json_object())
    lead = queue.reassign(
        session=get_session(),
        lead_id=lead_id,
        to_user_id=body.to,
        by=g.api_user,
        publish=publish,
    )
    return jsonify(intake.lead_card(lead))
