"""The team lead's home: the live floor, today's conversion tiles, what just happened, the
leads telecallers hold (hand one to someone else, or back to the queue), and the leads coming
back from nurture."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from console import clock
from console.auth import roles_required
from console.contract.common import read
from console.contract.leads import HandOver
from console.db import get_session
from console.domain.roles import Role
from console.errors import Conflict, Invalid
from console.realtime import publish
from console.services import (
    activity,
    caller_ids,
    campaign_people,
    floor_funnel,
    floor_waiting,
    follow_ups,
    handovers,
    metrics,
)

bp = Blueprint("floor", __name__)

# Today's tiles, quality first; `quality` marks what sales confirmed.
TILES = (
    ("accepted", "Accepted by sales", True),
    ("acceptance_rate", "Acceptance", True),
    ("meetings_booked", "Meetings booked", False),
    ("overrides", "Against the rule", False),
    ("conversations", "Conversations", False),
    ("dials", "Dials", False),
)


def _today() -> dict:
    session = get_session()
    span = metrics.period(None, None, current_user.timezone or "UTC")
    return {"today": metrics.metrics(session=session, span=span)["team"], "tiles": TILES}


@bp.get("/floor")
@roles_required(Role.LEAD, Role.ADMIN)
def home():
    """Every telecaller's state and time in state, today's conversion and recent outcomes, live."""
    return render_template(
        "floor/home.html",
        recent=activity.recent(session=get_session()),
        **_today(),
        **_held(),
        **_pipeline(),
        **_waiting(),
        **_funnel(),
        numbers=caller_ids.connect_rates(session=get_session(), now=clock.now()),
    )


@bp.get("/floor/tiles")
@roles_required(Role.LEAD, Role.ADMIN)
def tiles():
    """Today's conversion tiles again (fetched when an outcome or a review arrives)."""
    return render_template("floor/_tiles.html", **_today())


@bp.get("/floor/recent")
@roles_required(Role.LEAD, Role.ADMIN)
def recent():
    """The latest outcomes, meetings booked and reviews."""
    return render_template("floor/_recent.html", recent=activity.recent(session=get_session()))


def _waiting() -> dict:
    """Fresh need leads nobody has dialled yet, with their speed-to-lead clocks."""
    return {"waiting": floor_waiting.waiting(session=get_session())}


@bp.get("/floor/waiting")
@roles_required(Role.LEAD, Role.ADMIN)
def waiting():
    """The waiting fresh need leads again (fetched when a lead arrives or is dialled)."""
    return render_template("floor/_waiting.html", **_waiting())


def _funnel() -> dict:
    """Today's funnel by campaign and team, today where the team lead is."""
    zone = current_user.timezone or "UTC"
    return {"funnel": floor_funnel.funnel(session=get_session(), zone=zone)}


@bp.get("/floor/funnel")
@roles_required(Role.LEAD, Role.ADMIN)
def funnel():
    """Today's funnel again (fetched when a lead arrives, a call starts or an outcome arrives)."""
    return render_template("floor/_funnel.html", **_funnel())


def _pipeline() -> dict:
    """Leads coming back from nurture, weeks counted where the team lead is."""
    return {"pipeline": follow_ups.pipeline(session=get_session(), zone=current_user.timezone)}


@bp.get("/floor/pipeline")
@roles_required(Role.LEAD, Role.ADMIN)
def pipeline():
    """The nurture pipeline again (fetched when an outcome or a review arrives)."""
    return render_template("floor/_pipeline.html", **_pipeline())


def _held() -> dict:
    """The held leads, and for each campaign the telecallers who could take one over."""
    session = get_session()
    return {
        "held": handovers.held_leads(session=session),
        "callers": campaign_people.telecallers_by_campaign(session=session),
    }


@bp.get("/floor/held")
@roles_required(Role.LEAD, Role.ADMIN)
def held():
    """The held leads again (fetched when the queue changes)."""
    return render_template("floor/_held.html", **_held())


@bp.post("/floor/held/<int:lead_id>/reassign")
@roles_required(Role.LEAD, Role.ADMIN)
def reassign(lead_id: int):
    """Hand a held lead to another telecaller of its campaign."""
    try:
        chosen = read(HandOver, {"to": request.form.get("to", "")})
        said = handovers.hand_over(
            session=get_session(),
            lead_id=lead_id,
            to_user_id=chosen.to,
            by=current_user,
            publish=publish,
        )
    except (Invalid, Conflict) as refused:
        flash("; ".join(refused.fields.values()) or refused.message, "danger")
    else:
        flash(said, "success")
    return redirect(url_for("floor.home"))


@bp.post("/floor/held/<int:lead_id>/release")
@roles_required(Role.LEAD, Role.ADMIN)
def release(lead_id: int):
    """Give a held lead back to the queue."""
    lead = handovers.release(
        session=get_session(), lead_id=lead_id, user=current_user, publish=publish
    )
    flash(f"{lead.first_name} is back in the queue.", "info")
    return redirect(url_for("floor.home"))
