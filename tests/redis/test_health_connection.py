"""A load balancer asks /api/v1/healthz every few seconds: each process answers on one Redis
connection it keeps, instead of opening (and closing) one per question."""

from __future__ import annotations

import uuid

import pytest
import redis

from tests.conftest import make_app

pytestmark = pytest.mark.redis


def health_connections(watcher: redis.Redis, db: int) -> set[int]:
    """The ids of the connections to this database that the health check named as its own."""
    return {
        client["id"]
        for client in watcher.client_list()
        if client["name"] == "handoff-health" and int(client["db"]) == db
    }


def test_twenty_health_checks_ask_redis_on_the_connection_of_the_first(tmp_path, redis_url):
    app = make_app(
        f"sqlite:///{tmp_path / 'h.db'}",
        REDIS_URL=redis_url,
        REDIS_CHANNEL=f"test-{uuid.uuid4().hex}",
    )
    watcher = redis.Redis.from_url(redis_url)
    db = watcher.connection_pool.connection_kwargs.get("db", 0)
    browser = app.test_client()
    try:
        first = browser.get("/api/v1/healthz")
        assert first.json["redis"] == "ok"
        kept = health_connections(watcher, db)

        answers = [browser.get("/api/v1/healthz").json["redis"] for _ in range(19)]

        assert answers == ["ok"] * 19
        assert len(kept) == 1
        assert health_connections(watcher, db) == kept
    finally:
        watcher.close()
