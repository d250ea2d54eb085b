"""Sign-in plumbing: Flask-Login's loader, bearer tokens for the API, and role guards."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from flask import Flask, abort, current_app, g, request
from flask_login import current_user

from console.domain.roles import Role
from console.extensions import limiter, login_manager

if TYPE_CHECKING:
    from console.models import User


def init_login(app: Flask) -> None:
    """Bind Flask-Login and tell it how to load a user from the session or remember cookie."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_load_user)


def init_limits(app: Flask) -> None:
    """Flask-Limiter, counting in Redis when REDIS_URL is set (so every process counts together)
    and in memory otherwise; a moving window, so no minute boundary hands out a fresh batch."""
    config = app.config
    config.setdefault("RATELIMIT_STORAGE_URI", config.get("REDIS_URL") or "memory://")
    config.setdefault("RATELIMIT_KEY_PREFIX", f"{config.get('REDIS_CHANNEL', 'handoff')}:limits")
    config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    config.setdefault("RATELIMIT_HEADERS_ENABLED", True)  # Retry-After on a 429
    config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)  # Redis down: count locally
    limiter.init_app(app)


def _load_user(presented: str) -> User | None:
    from console.db import get_session
    from console.services.sessions import user_for_login_id

    key = current_app.config["SECRET_KEY"]
    return user_for_login_id(session=get_session(), presented=presented, key=key)


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
