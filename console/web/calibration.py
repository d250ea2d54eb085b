"""The calibration pages: what a campaign's outcomes and sales' verdicts say about its criteria."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from console.auth import roles_required
from console.db import get_session
from console.domain.criteria import CRITERION_LABELS
from console.domain.roles import Role
from console.services import calibration, campaigns

bp = Blueprint("calibration", __name__)


@bp.get("/calibration")
@roles_required(Role.LEAD, Role.ADMIN)
def home():
    """Every campaign, each a link to its calibration."""
    return render_template(
        "calibration/home.html", campaigns=campaigns.all_campaigns(session=get_session())
    )


@bp.get("/calibration/<slug>")
@roles_required(Role.LEAD, Role.ADMIN)
def campaign(slug: str):
    """A campaign's calibration over a period (the last 90 days unless `from`/`to` say)."""
    span = calibration.span(request.args.get("from"), request.args.get("to"), current_user)
    target = request.args.get("target", type=int)
    target = target if target is not None and 50 <= target <= 100 else None
    report = calibration.report(session=get_session(), slug=slug, span=span, target=target)
    labels = {str(c): label for c, label in CRITERION_LABELS.items()}
    best = report["suggestion"]["best"]
    propose_url = None
    if best is not None:  # the rule editor opens with the suggestion filled in
        minimums = {f"minimums.{c}": m for c, m in best["minimums"].items()}
        propose_url = url_for("rules.edit", slug=slug, threshold=best["threshold"], **minimums)
    return render_template(
        "calibration/campaign.html",
        report=report,
        span=span,
        labels=labels,
        propose_url=propose_url,
    )


@bp.get("/coaching")
@roles_required(Role.LEAD, Role.ADMIN)
def coaching():
    """Each telecaller's scores against sales' verdicts, this month unless `from`/`to` say."""
    span = calibration.this_month(current_user, request.args.get("from"), request.args.get("to"))
    rows = calibration.coaching_for(session=get_session(), viewer=current_user, span=span)
    return render_template("calibration/coaching.html", coaching=rows, span=span)
