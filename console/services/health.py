"""Is the console alive, and ready to serve: can it reach its database and, when configured,
Redis? Redis only carries live updates between processes, so without it the console is degraded,
never down: a load balancer must keep sending it requests."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

UNREACHABLE = "unreachable: {}"
DEGRADED = (
    "degraded: unreachable ({}); pages and the API work, live updates reach only the pages "
    "connected to this process until Redis returns"
)


def check(*, session: Session, redis_url: str | None, redis_timeout: float = 2) -> dict:
    """Each dependency's reachability; ready (`ok`) when the database answers, whatever Redis
    does."""
    report = {
        "database": _database(session),
        "redis": _redis(redis_url, redis_timeout) if redis_url else "not configured",
    }
    report["ok"] = report["database"] == "ok"
    return report


def _database(session: Session) -> str:
    try:
        session.exec(text("SELECT 1"))
        return "ok"
    except Exception as exc:
        session.rollback()
        return UNREACHABLE.format(type(getattr(exc, "orig", None) or exc).__name__)


def _redis(url: str, timeout: float) -> str:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis.from_url(
        url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
    )
    try:
        client.ping()
        return "ok"
    except redis.RedisError as exc:
        return DEGRADED.format(type(exc).__name__)
    finally:
        client.close()
