"""Who is calling the API: a personal token, an intake key, or the signed-in browser."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import current_app, g, jsonify, request
from flask_login import current_user
from pydantic import BaseModel

from console import clock
from console.api import bp
from console.api.errors import ApiError
from console.auth import bearer_token
from console.contract.common import read
from console.db import get_session
from console.domain.roles import Role
from console.extensions import csrf
from console.http import json_object
from console.services.accounts import resolve_token

csrf.exempt(bp)  # bearer calls carry no cookie; cookie calls are checked in identify()

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def identify() -> None:
    """Resolve the caller once per request; bad tokens are refused before any route runs. A
    public endpoint looks nobody up: liveness must answer while the database is away."""
    g.api_user, g.api_key = None, None
    contract = getattr(current_app.view_functions.get(request.endpoint), "contract", None)
    if contract is not None and contract.public:
        return
    token = bearer_token()
    if token:
        resolved = resolve_token(session=get_session(), token=token)
        if resolved is None:
            raise ApiError(
                401, "unauthorized", "The token is unknown or revoked: create a new one."
            )
        record, user = resolved
        g.api_user, g.api_key = user, record if record.kind == "intake" else None
    elif current_user.is_authenticated:
        if request.method in UNSAFE:
            csrf.protect()
        g.api_user = current_user._get_current_object()


Edge = type[BaseModel] | str  # a model, or a media type the view reads or writes itself


@dataclass(frozen=True)
class Contract:
    """What an endpoint takes and gives, read by the OpenAPI document: who may call it (no roles:
    anyone), its body and query models, and per status the model (or media type) it answers."""

    roles: tuple[Role, ...]
    intake: bool
    body: Edge | None
    query: type[BaseModel] | None
    answers: dict[int, Edge]

    @property
    def public(self) -> bool:
        return not self.roles and not self.intake


def _written(answer: Any, answers: Mapping[int, Edge]) -> Any:
    """The view's dict, or (dict, status), written through its answer model as JSON: only the
    fields the view gave, each checked against the model (an undeclared one is an error)."""
    payload, status = answer if isinstance(answer, tuple) else (answer, 200)
    model = answers.get(status)
    if not isinstance(model, type) or not isinstance(payload, Mapping):
        return answer
    checked = model.model_validate(payload)
    return jsonify(checked.model_dump(mode="json", by_alias=True, exclude_unset=True)), status


def _typed(view: Callable[..., Any], contract: Contract, guard: Callable[[], None]) -> Any:
    """The view behind its guard, with body and query read and the answer written."""

    @wraps(view)
    def typed(*args: Any, **kwargs: Any) -> Any:
        guard()
        if isinstance(contract.body, type):
            # bounds measured from now (a booking horizon) read the app's clock
            kwargs["body"] = read(contract.body, json_object(), context={"now": clock.now()})
        if contract.query is not None:
            kwargs["query"] = read(contract.query, request.args.to_dict())
        return _written(view(*args, **kwargs), contract.answers)

    typed.contract = contract  # type: ignore[attr-defined]
    return typed


def public(
    answers: Mapping[int, Edge], query: type[BaseModel] | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """An endpoint anyone may call (health, this document), typed like every other."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        return _typed(view, Contract((), False, None, query, dict(answers)), lambda: None)

    return decorate


def api_roles(
    *roles: Role,
    intake: bool = False,
    body: Edge | None = None,
    query: type[BaseModel] | None = None,
    answers: Mapping[int, Edge] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard an endpoint and type its edges: 401 without credentials, 403 for a role (or key) it
    does not allow; the JSON `body` and the `query` read through their models (a 422 naming each
    field) and handed to the view as `body=` and `query=` (a media type such as "text/csv" the
    view reads itself); what the view returns is written through the model `answers` names for
    its status. The OpenAPI document is generated from the same."""

    def guard() -> None:
        if g.api_user is None and g.api_key is None:
            raise ApiError(
                401,
                "unauthorized",
                "Send `Authorization: Bearer <token>` (handoff token create).",
            )
        if g.api_key is not None and not intake:
            raise ApiError(403, "forbidden", "An intake key may only create leads.")
        if g.api_user is not None and g.api_user.role not in roles:
            allowed = ", ".join(r.value for r in roles) or "no role"
            raise ApiError(403, "forbidden", f"This needs the role {allowed}.")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        return _typed(view, Contract(roles, intake, body, query, dict(answers or {})), guard)

    return decorate
