"""API: the work queue: take the next lead, see the counts per bucket."""

from __future__ import annotations

from flask import g

from console.api import bp
from console.api.auth import api_roles
from console.contract.queue import BucketCounts, Claim, NextLead
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import leads, queue
from console.services.queue_counts import bucket_counts


@bp.post("/queue/next")
@api_roles(Role.TELECALLER, body=NextLead, answers={200: Claim})
def next_lead(body: NextLead):
    """Lease the next lead to the telecaller (optionally from one campaign), or say why none.

    409 wrap_up_pending until the last call's outcome is recorded."""
    session = get_session()
    claim = queue.claim_next(
        session=session, agent=g.api_user, campaign_slug=body.campaign, publish=publish
    )
    if claim.lead is None:
        return {"lead": None, "why": claim.why, "message": claim.reason}
    return {
        "lead": leads.preview(session=session, lead=claim.lead, viewer=g.api_user),
        "bucket": claim.bucket,
        "reason": claim.reason,
        "lease_expires_at": claim.lease_expires_at.isoformat(),
    }


@bp.get("/queue")
@api_roles(Role.TELECALLER, answers={200: BucketCounts})
def queue_counts():
    """Callable leads waiting per bucket for this telecaller."""
    return {"buckets": bucket_counts(session=get_session(), agent=g.api_user)}
