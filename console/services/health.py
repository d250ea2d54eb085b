"""Is the console healthy: can it reach its database and, when configured, Redis?"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session


def check(*, session: Session, redis_url: str | None) -> dict:
    """Reachability of each dependency, and ok when all answer."""
    report = {
        "database": _database(session),
        "redis": _redis(redis_url) if redis_url else "not configured",
    }
    report["ok"] = report["database"] == "ok" and report["redis"] in ("ok", "not configured")
    return report


def _database(session: Session) -> str:
    try:
        session.exec(text("SELECT 1"))
        return "ok"
    except Exception as exc:
        return f"unreachable: {type(exc).__name__}"


def _redis(url: str) -> str:
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
        return "ok"
    except redis.RedisError as exc:
        return f"unreachable: {type(exc).__name__}"
