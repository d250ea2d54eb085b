"""API endpoints of the ground floor: health, the OpenAPI document, who am I, agent state."""

from __future__ import annotations

from flask import current_app, g, jsonify

from console.api import bp
from console.api.auth import api_roles, public
from console.api.openapi import document
from console.contract.agents import Agent, Me, StateChoice
from console.contract.health import Alive, Health
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import accounts, health


@bp.get("/livez")
@public(answers={200: Alive})
def livez():
    """Liveness: 200 while the process runs, whatever its database and Redis do; restart the
    process only when this fails."""
    return {"alive": True}


@bp.get("/readyz")
@public(answers={200: Health, 503: Health})
def readyz():
    """Readiness, for load balancers: 503 only when the database does not answer. Redis down is
    reported as degraded with 200: pages and the API still work, live updates stay in-process."""
    return _readiness()


@bp.get("/healthz")
@public(answers={200: Health, 503: Health})
def healthz():
    """The detailed readiness, for operators (the same answer as /readyz): database and Redis
    reachability; 503 only when the database does not answer."""
    return _readiness()


def _readiness() -> tuple[dict, int]:
    config = current_app.config
    report = health.check(
        session=get_session(),
        redis_url=config.get("REDIS_URL"),
        redis_timeout=config.get("REDIS_TIMEOUT", 2),
    )
    return report, 200 if report["ok"] else 503


@bp.get("/openapi.json")
@public(answers={200: "application/json"})
def openapi():
    """This document: the OpenAPI 3.1 description of the API, generated from its routes."""
    return jsonify(document(current_app))


@bp.get("/me")
@api_roles(*Role, answers={200: Me})
def me():
    """The user the token or session acts as."""
    user = g.api_user
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role.value,
        "team_id": user.team_id,
        **accounts.agent_card(user),
    }


@bp.put("/me/state")
@api_roles(Role.TELECALLER, body=StateChoice, answers={200: Agent})
def set_state(body: StateChoice):
    """A telecaller goes available, pauses with a reason, or goes offline; the floor sees it.

    on_call and wrap_up follow the telecaller's calls and are refused with 422 naming `state`."""
    user = accounts.choose_agent_state(
        session=get_session(), user=g.api_user, choice=body, publish=publish
    )
    return accounts.agent_card(user)
