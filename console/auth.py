"""Sign-in plumbing: Flask-Login's loader, bearer tokens for the API, and role guards."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, g, request
from flask_login import current_user

from console.domain.roles import Role
from console.extensions import login_manager

TOKEN_PREFIX = {"personal": "hf_pat_", "intake": "hf_key_"}


def init_login(app: Flask) -> None:
    """Bind Flask-Login and tell it how to load a user from the session."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)


def _load_user(user_id: str):  # noqa: ANN202
    from console.db import get_session
    from console.models import User

    if not user_id.isdigit():
        return None
    user = get_session().get(User, int(user_id))
    return user if user is not None and user.active else None


def new_token(kind: str) -> str:
    """A fresh random token for an API user or an intake key; shown once, stored hashed."""
    return TOKEN_PREFIX[kind] + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The hash stored for a token: high-entropy tokens need a fast digest, not a slow KDF."""
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token() -> str | None:
    """The token from `Authorization: Bearer ...`, if the request carries one."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def roles_required(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Guard a page: signed-in users with one of these roles, 403 for the others."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                g.allowed_roles = roles
                abort(403)
            return view(*args, **kwargs)

        guarded.allowed_roles = roles  # type: ignore[attr-defined]
        return guarded

    return decorate
