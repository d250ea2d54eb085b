"""Who is calling the API: a personal token, an intake key, or the signed-in browser."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import g, jsonify, request
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
    """Resolve the caller once per request; bad tokens are refused before any route runs."""
    g.api_user, g.api_key = None, None
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


@dataclass(frozen=True)
class Contract:
    """What an endpoint takes and gives, read by the OpenAPI document."""

    roles: tuple[Role, ...]
    intake: bool
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    answers: dict[int, type[BaseModel]]


def _written(answer: Any, answers: Mapping[int, type[BaseModel]]) -> Any:
    """The view's dict, or (dict, status), written through its answer model as JSON."""
    payload, status = answer if isinstance(answer, tuple) else (answer, 200)
    model = answers.get(status)
    if model is None or not isinstance(payload, Mapping):
        return answer
    return jsonify(model.model_validate(payload).model_dump(mode="json")), status


def api_roles(
    *roles: Role,
    intake: bool = False,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    answers: Mapping[int, type[BaseModel]] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard an endpoint and type its edges: 401 without credentials, 403 for a role (or key) it
    does not allow; the JSON `body` and the `query` read through their models (a 422 naming each
    field) and handed to the view as `body=` and `query=`; what the view returns is written through
    the model `answers` names for its status. The OpenAPI document is generated from the same."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
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
            if body is not None:  # bounds measured from now (a booking horizon) read the clock
                kwargs["body"] = read(body, json_object(), context={"now": clock.now()})
            if query is not None:
                kwargs["query"] = read(query, request.args.to_dict())
            return _written(view(*args, **kwargs), answers or {})

        contract = Contract(roles, intake, body, query, dict(answers or {}))
        guarded.contract = contract  # type: ignore[attr-defined]
        return guarded

    return decorate
