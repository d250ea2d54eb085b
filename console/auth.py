"""Sign-in plumbing: Flask-Login's loader, bearer tokens for the API, and role guards."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from flask import Flask, abort, current_app, g, request
from flask_login import current_user

from console.domain.roles import Role
from console.extensions import limiter, login_manager

if TYPE_CHECKING:
    from sqlmodel import Session

    from console.models import User

TOKEN_PREFIX = {"personal": "hf_pat_", "intake": "hf_key_"}


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

    return user_for_login_id(get_session(), presented)


def login_id(user: User) -> str:
    """What Flask-Login keeps in the session and the remember cookie: "<id>:<proof>", where the
    proof is a keyed hash of the user's session secret. A new secret (sign-out, switch-off, new
    password) makes every saved copy worthless at once, in every process; the database holds
    the secret, never the proof, so neither a database copy nor a cookie reveals the other."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"session:{user.id}:{user.session_secret}".encode()
    return f"{user.id}:{hmac.new(key, message, hashlib.sha256).hexdigest()}"


def user_for_login_id(session: Session, presented: str) -> User | None:
    """The active user a login id names, if it is still current; None for an old or forged one."""
    from console.models import User

    number, _, proof = presented.partition(":")
    if not number.isdecimal() or not proof:
        return None
    user = session.get(User, int(number))
    if user is None or not user.active:
        return None
    return user if hmac.compare_digest(login_id(user).encode(), presented.encode()) else None


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
