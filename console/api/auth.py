"""Who is calling the API: a personal token, an intake key, or the signed-in browser."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, request
from flask_login import current_user

from console.api import bp
from console.api.errors import ApiError
from console.auth import bearer_token
from console.db import get_session
from console.domain.roles import Role
from console.extensions import csrf
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


def api_roles(
    *roles: Role, intake: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard an endpoint: 401 without credentials, 403 for a role (or key) it does not allow."""

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
            return view(*args, **kwargs)

        guarded.api_roles = roles  # type: ignore[attr-defined]
        return guarded

    return decorate
