"""API: the work queue: take the next lead, see the counts per bucket."""

from __future__ import annotations

from flask import g, jsonify

from console.api import bp
from console.api.auth import api_roles
from console.api.bodies import NextLead, parse
from console.db import get_session
from console.domain.roles import Role
from console.http import json_object
from console.realtime import publish
from console.services import leads, queue
from console.services.queue_counts import bucket_counts


@bp.post("/queue/next")
@api_roles(Role.TELECALLER)
def next_lead():  # noqa: ANN201
    """Lease the next lead to the telecaller (optionally from one campaign), or say why none."""
    body = parse(NextLead, json_object())
    session = get_session()
    claim = queue.claim_next(
        session=session, agent=g.api_user, campaign_slug=body.campaign, publish=publish
    )
    if claim.lead is None:
        return jsonify({"lead": None, "why": claim.why, "message": claim.reason})
    return jsonify(
        {
            "lead": leads.preview(session=session, lead=claim.lead),
            "bucket": claim.bucket,
            "reason": claim.reason,
            "lease_expires_at": claim.lease_expires_at.isoformat(),
        }
    )


@bp.get("/queue")
@api_roles(Role.TELECALLER)
def queue_counts():  # noqa: ANN201
    """Callable leads waiting per bucket for this telecaller."""
    return jsonify({"buckets": bucket_counts(session=get_session(), agent=g.api_user)})
