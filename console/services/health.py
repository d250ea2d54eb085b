"""Is the console alive, and ready to serve: can it reach its database and, when configured,
Redis? Redis only carries live updates between processes, so without it the console is degraded,
never down: a load balancer must keep sending it requests."""

from __future__ import annotations

from functools import cache

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
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
    try:
        redis_client(url, timeout).ping()
        return "ok"
    except redis.RedisError as exc:
        return DEGRADED.format(type(exc).__name__)


@cache
def redis_client(url: str, timeout: float) -> redis.Redis:
    """The process's one client for the health check, kept for its life: a load balancer asks
    every few seconds, and a new connection each time would cost Redis a connection (and this
    process a handshake) per question. Its pooled connection is checked on each use and
    replaced when Redis went away and came back; every wait ends within `timeout`."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=timeout,
        socket_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
        client_name="handoff-health",
    )
