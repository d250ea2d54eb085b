"""A page stays connected through a Redis outage and, when Redis returns, fetches a fresh snapshot
(static/js/live.js on live.resync): the console here is `handoff run` with a redis-server of the
test's own, killed and started again."""

from __future__ import annotations

import pytest

from console import migrate
from console.db import get_session
from console.services import accounts
from tests.conftest import PASSWORD, make_app
from tests.live import GUARD, ProcessServer, RedisServer


@pytest.fixture
def lead_database(tmp_path) -> str:
    """A migrated SQLite file with a team lead, lead@x.test."""
    url = f"sqlite:///{tmp_path / 'resync.db'}"
    migrate.upgrade("head", url=url)
    with make_app(url).app_context():
        accounts.create_user(
            session=get_session(), email="lead@x.test", name="Lee", role="lead", password=PASSWORD
        )
    return url


def test_a_page_fetches_a_snapshot_when_redis_returns_without_reconnecting(browser, lead_database):
    with (
        RedisServer.started() as redis,
        ProcessServer(
            {"DATABASE_URL": lead_database, "REDIS_URL": redis.url, "SECRET_KEY": "resync-secret"}
        ) as server,
    ):
        # the counters below are the test's own script, which the app's CSP would refuse
        context = browser.new_context(base_url=server.url, bypass_csp=True)
        try:
            page = context.new_page()
            page.add_init_script(
                "window.snapshots = 0;"
                "document.addEventListener('handoff:snapshot', () => { window.snapshots += 1; });"
            )
            page.goto("/login")
            page.fill("input[name=email]", "lead@x.test")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_function("window.snapshots === 1", timeout=GUARD * 1000)
            page.evaluate(
                "window.reconnects = 0;"
                "window.handoff.socket.on('connect', () => { window.reconnects += 1; });"
            )

            redis.stop()
            redis.start()

            page.wait_for_function("window.snapshots === 2", timeout=GUARD * 1000)
            assert page.evaluate("window.reconnects") == 0  # a resync, not a new connection
            assert page.locator("#live-status").get_attribute("data-state") == "live"
        finally:
            context.close()
