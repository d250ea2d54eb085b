"""API: a campaign's calibration, and the what-if replay of a proposed handoff rule."""

from __future__ import annotations

from flask import g

from console.api import bp
from console.api.auth import api_roles
from console.contract.calibration import Calibration, CalibrationQuery, Replay, ReplayBody
from console.db import get_session
from console.domain.roles import Role
from console.services import calibration


@bp.get("/campaigns/<slug>/calibration")
@api_roles(Role.LEAD, Role.ADMIN, query=CalibrationQuery, answers={200: Calibration})
def get_calibration(slug: str, query: CalibrationQuery):
    """What the period's outcomes and sales' verdicts say about the campaign's criteria.

    For each criterion's score 1-3 and each answer of each script step: accepted, held and won
    among reviewed handoffs, with n and a 95% interval; the criteria ranked by a logistic
    regression of the verdict on the scores, with intervals; a warning when the data is thin;
    the rule with the most expected accepted meetings at the target acceptance, and the curve
    of volume against acceptance it was picked from. `from`/`to` default to the last 90 days."""
    span = calibration.span(query.start, query.to, g.api_user)
    return calibration.report(session=get_session(), slug=slug, span=span, target=query.target)


@bp.post("/campaigns/<slug>/handoff-rule/replay")
@api_roles(Role.LEAD, Role.ADMIN, Role.SALES, body=ReplayBody, answers={200: Replay})
def replay_rule(slug: str, body: ReplayBody):
    """Replay every outcome of the period through a proposed rule; nothing is saved.

    Handoffs gained and lost against what actually happened, with sales' verdicts where known,
    and the expected acceptance (sales' verdicts, and the fitted model's estimate for handoffs
    sales never saw). The current rule over a period reproduces its recorded decisions."""
    span = calibration.span(body.start, body.to, g.api_user)
    rule = calibration.proposed_rule(body.rule.stored())
    return calibration.what_if(
        session=get_session(), slug=slug, rule=rule, span=span, viewer=g.api_user
    )
