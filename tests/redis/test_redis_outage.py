"""Redis goes away and comes back (a redis-server of the test's own, killed with -9): the console
keeps serving, its health says degraded without failing, and a page still connected resyncs from
a snapshot when Redis returns, so an event another process sent meanwhile is not missing."""

from __future__ import annotations

import threading
import uuid

import requests

from tests.live import GUARD, ProcessServer, eventually
from tests.redis.conftest import live_page, login


def health(url: str, path: str = "/api/v1/healthz") -> requests.Response:
    return requests.get(f"{url}{path}", timeout=GUARD)


def test_without_redis_pages_and_the_api_serve_and_health_says_degraded(own_redis, shared_database):
    url, lead_email, caller_token = shared_database
    env = {"DATABASE_URL": url, "REDIS_URL": own_redis.url, "SECRET_KEY": "outage-secret"}
    with ProcessServer(env) as server:
        assert health(server.url).json() == {"database": "ok", "redis": "ok", "ok": True}

        own_redis.stop()

        assert health(server.url, "/api/v1/livez").json() == {"alive": True}
        for path in ("/api/v1/readyz", "/api/v1/healthz"):
            ready = health(server.url, path)
            assert ready.status_code == 200, "a load balancer would drop the process"
            assert ready.json()["ok"] is True and ready.json()["database"] == "ok"
            assert ready.json()["redis"].startswith("degraded: unreachable")
        browser = login(server.url, lead_email)  # sign-in counts fall back to memory
        assert browser.get(f"{server.url}/floor", timeout=GUARD).status_code == 200
        paused = requests.put(
            f"{server.url}/api/v1/me/state",
            json={"state": "paused", "reason": "coaching"},
            headers={"Authorization": f"Bearer {caller_token}"},
            timeout=GUARD,
        )
        assert paused.status_code == 200, "a live event that cannot be sent fails nothing"

        own_redis.start()
        eventually(lambda: health(server.url).json()["redis"] == "ok", "Redis to be ok again")


def test_a_page_resyncs_from_a_snapshot_when_redis_returns(own_redis, shared_database):
    url, lead_email, caller_token = shared_database
    env = {
        "DATABASE_URL": url,
        "REDIS_URL": own_redis.url,
        "SECRET_KEY": "outage-secret",
        "HANDOFF_REDIS_CHANNEL": f"outage-{uuid.uuid4().hex}",
    }
    with ProcessServer(env) as first, ProcessServer(env) as second:
        page = live_page(login(second.url, lead_email), second.url)
        heard: list[dict] = []
        resynced = threading.Event()
        page.on("agent.state", heard.append)
        page.on("live.resync", lambda _event: resynced.set())
        try:
            own_redis.stop()
            paused = requests.put(
                f"{first.url}/api/v1/me/state",
                json={"state": "paused", "reason": "coaching"},
                headers={"Authorization": f"Bearer {caller_token}"},
                timeout=GUARD,
            )
            assert paused.status_code == 200

            own_redis.start()
            assert resynced.wait(GUARD), "the page was never told to resync"
            snapshot = page.call("snapshot", {}, timeout=GUARD)  # what live.js does on resync
            assert heard == [], "the event crossed while Redis was down"
            caller = next(agent for agent in snapshot["floor"] if agent["name"] == "Cal Caller")
            assert (caller["state"], caller["reason"]) == ("paused", "coaching")
        finally:
            page.disconnect()
