"""API endpoints of the ground floor: health, the OpenAPI document, who am I, agent state."""

from __future__ import annotations

from flask import current_app, g, jsonify

from console.api import bp
from console.api.auth import api_roles
from console.api.openapi import document
from console.contract.agents import StateChoice
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import accounts, health


@bp.get("/healthz")
def healthz():  # noqa: ANN201
    """Database and Redis reachability, for load balancers and operators."""
    report = health.check(session=get_session(), redis_url=current_app.config.get("REDIS_URL"))
    return jsonify(report), 200 if report["ok"] else 503


@bp.get("/openapi.json")
def openapi():  # noqa: ANN201
    """The OpenAPI 3.1 description of this API."""
    return jsonify(document(rule.rule for rule in current_app.url_map.iter_rules()))


@bp.get("/me")
@api_roles(*Role)
def me():  # noqa: ANN201
    """The user the token or session acts as."""
    user = g.api_user
    return jsonify(
        {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "role": user.role.value,
            "team_id": user.team_id,
            **accounts.agent_card(user),
        }
    )


@bp.put("/me/state")
@api_roles(Role.TELECALLER, body=StateChoice)
def set_state(body: StateChoice):  # noqa: ANN201
    """A telecaller goes available, pauses with a reason, or goes offline; the floor sees it."""
    user = accounts.choose_agent_state(
        session=get_session(), user=g.api_user, choice=body, publish=publish
    )
    return jsonify(accounts.agent_card(user))
