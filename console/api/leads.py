"""API: lead intake (one lead), a lead's record, release and reassignment."""

from __future__ import annotations

from flask import g

from console.api import bp
from console.api.auth import api_roles
from console.contract.leads import (
    LeadCard,
    LeadRecord,
    NewLead,
    Reassign,
    TakenIn,
)
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import campaigns, handovers, intake, leads


@bp.post("/leads")
@api_roles(Role.LEAD, Role.ADMIN, intake=True, body=NewLead, answers={201: TakenIn, 200: TakenIn})
def create_lead(body: NewLead):
    """Create a lead; a duplicate (same phone or email in the campaign) adds a touch instead.

    201 with the new lead; 200 with `duplicate` true when it matched an existing lead."""
    session = get_session()
    campaign = campaigns.by_slug(session=session, slug=body.campaign)
    result = intake.take_in(session=session, campaign=campaign, lead=body, publish=publish)
    card = {
        **intake.lead_card(result.lead),
        "duplicate": result.duplicate,
        "ignored_fields": body.ignored_fields(),
    }
    return card, 200 if result.duplicate else 201


@bp.get("/leads/<int:lead_id>")
@api_roles(*Role, answers={200: LeadRecord})
def get_lead(lead_id: int):
    """The lead with its touches, calls, outcomes and meetings.

    Leads and admins see every lead, telecallers their campaigns', sales their meetings'."""
    return leads.record(session=get_session(), lead_id=lead_id, viewer=g.api_user)


@bp.post("/leads/<int:lead_id>/release")
@api_roles(Role.TELECALLER, Role.LEAD, Role.ADMIN, answers={200: LeadCard})
def release_lead(lead_id: int):
    """Give a claimed lead back to the queue."""
    lead = handovers.release(
        session=get_session(), lead_id=lead_id, user=g.api_user, publish=publish
    )
    return intake.lead_card(lead)


@bp.post("/leads/<int:lead_id>/reassign")
@api_roles(Role.LEAD, Role.ADMIN, body=Reassign, answers={200: LeadCard})
def reassign_lead(lead_id: int, body: Reassign):
    """Hand a lead to a named telecaller: `{"to": user_id}`.

    422 when `to` is not an active telecaller of the lead's campaign; 409 offline when they are
    offline, 409 not_queued for a lead not waiting in the queue, 409 call_live during a call."""
    lead = handovers.reassign(
        session=get_session(),
        lead_id=lead_id,
        to_user_id=body.to,
        by=g.api_user,
        publish=publish,
    )
    return intake.lead_card(lead)
