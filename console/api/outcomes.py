"""API: record a call's outcome, and preview the handoff rule's decision while wrapping up."""

from __future__ import annotations

from flask import g, jsonify, request

from console.api import bp
from console.api.auth import api_roles
from console.api.errors import ApiError
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import outcomes


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "Send the outcome as a JSON object.")
    return body


@bp.post("/calls/<int:call_id>/outcome")
@api_roles(Role.TELECALLER)
def record_outcome(call_id: int):  # noqa: ANN201
    """Save the outcome of the telecaller's call once; the lead moves where the rule decides."""
    try:
        recorded = outcomes.record_outcome(
            session=get_session(),
            call_id=call_id,
            agent=g.api_user,
            body=_body(),
            publish=publish,
        )
    except outcomes.OutcomeExists as exists:
        error = {"code": exists.code, "message": exists.message, "fields": {}}
        return jsonify({"error": error, **outcomes.summary(exists.outcome)}), 409
    return jsonify(recorded.to_dict())


@bp.post("/campaigns/<slug>/handoff-rule/evaluate")
@api_roles(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def evaluate_rule(slug: str):  # noqa: ANN201
    """The decision the campaign's rule would make for this outcome body; nothing is saved."""
    return jsonify(
        outcomes.preview_decision(
            session=get_session(), campaign_slug=slug, agent=g.api_user, body=_body()
        )
    )
