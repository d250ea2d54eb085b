"""API: record a call's outcome, and preview the handoff rule's decision while wrapping up."""

from __future__ import annotations

from flask import g

from console.api import bp
from console.api.auth import api_roles
from console.contract.decisions import Preview, Recorded, Repeated
from console.contract.outcomes import OutcomeEvaluation, OutcomeInput
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import outcomes
from console.wiring import mailer, script_library


@bp.post("/calls/<int:call_id>/outcome")
@api_roles(Role.TELECALLER, body=OutcomeInput, answers={200: Recorded, 409: Repeated})
def record_outcome(call_id: int, body: OutcomeInput):
    """Save the outcome of the telecaller's call once; the lead moves where the rule decides.

    The lease is released. A second save is 409 outcome_exists and repeats the first decision."""
    try:
        recorded = outcomes.record_outcome(
            session=get_session(),
            call_id=call_id,
            agent=g.api_user,
            outcome=body,
            publish=publish,
            library=script_library(),
            mailer=mailer(),
        )
    except outcomes.OutcomeExists as exists:
        error = {"code": exists.code, "message": exists.message, "fields": {}}
        return {"error": error, **outcomes.summary(exists.outcome)}, 409
    return recorded.to_dict()


@bp.post("/campaigns/<slug>/handoff-rule/evaluate")
@api_roles(Role.TELECALLER, Role.LEAD, Role.ADMIN, body=OutcomeEvaluation, answers={200: Preview})
def evaluate_rule(slug: str, body: OutcomeEvaluation):
    """The decision the campaign's rule would make for this outcome body; nothing is saved.

    The live preview while wrapping up: `call_id` reads that call's script answers. A
    telecaller not on the campaign gets 404, as for a missing one."""
    return outcomes.preview_decision(
        session=get_session(),
        campaign_slug=slug,
        agent=g.api_user,
        outcome=body,
        library=script_library(),
    )
