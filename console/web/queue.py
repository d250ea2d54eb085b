"""The telecaller's home: my queue, my state, the next lead with why it is next."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from console.auth import roles_required
from console.db import get_session
from console.domain.roles import PAUSE_REASONS, Role
from console.errors import ServiceError
from console.realtime import publish
from console.services import handovers, leads, queue, queue_counts

bp = Blueprint("queue", __name__)


@bp.get("/queue")
@roles_required(Role.TELECALLER)
def home():
    """My queue: the lead I hold (if any), my state and the live feed."""
    session = get_session()
    held = queue.held_lead(session=session, agent=current_user)
    preview = leads.preview(session=session, lead=held, viewer=current_user) if held else None
    return render_template(
        "queue/home.html",
        pause_reasons=PAUSE_REASONS,
        lead=preview,
        bucket="held" if held else None,
        reason="You are holding this lead." if held else None,
    )


@bp.post("/queue/next")
@roles_required(Role.TELECALLER)
def next_lead():
    """Claim the next lead and show its preview (an htmx partial)."""
    session = get_session()
    try:
        claim = queue.claim_next(session=session, agent=current_user, publish=publish)
    except ServiceError as refused:
        return render_template("queue/_lead.html", error=refused.message)
    preview = (
        leads.preview(session=session, lead=claim.lead, viewer=current_user) if claim.lead else None
    )
    return render_template(
        "queue/_lead.html", lead=preview, bucket=claim.bucket, reason=claim.reason, why=claim.why
    )


@bp.post("/queue/release/<int:lead_id>")
@roles_required(Role.TELECALLER)
def release(lead_id: int):
    """Give the lead back and clear the preview."""
    handovers.release(session=get_session(), lead_id=lead_id, user=current_user, publish=publish)
    return render_template("queue/_lead.html", reason="Released. Press N for the next lead.")


@bp.get("/queue/counts")
@roles_required(Role.TELECALLER)
def counts():
    """Callable leads per bucket (refreshed live)."""
    return render_template(
        "queue/_counts.html",
        buckets=queue_counts.bucket_counts(session=get_session(), agent=current_user),
    )
