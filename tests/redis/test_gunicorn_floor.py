"""`gunicorn wsgi:app` as production runs it (gunicorn.conf.py, PostgreSQL, Redis) holds more live
pages than the old 100 threads could, and still answers its health check and reaches every page."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio

from console import migrate
from console.services import accounts
from tests.conftest import PASSWORD, make_app
from tests.live import GUARD, GunicornServer, free_port
from tests.redis.conftest import login

pytestmark = [pytest.mark.pg, pytest.mark.redis]
PAGES = 150  # the old set-up (gthread, 100 threads) refused the 101st
AT_ONCE = 25  # pages opening together, as a floor does at nine


@pytest.fixture
def floor_database(pg_schema):
    """The schema migrated as `handoff db upgrade` does, with a team lead and a telecaller (whose
    API token changes their state)."""
    migrate.upgrade("head", url=pg_schema)
    app = make_app(pg_schema)
    with app.app_context():
        from console.db import get_session

        session = get_session()
        accounts.create_user(
            session=session, email="lead@x.test", name="Lee Lead", role="lead", password=PASSWORD
        )
        caller = accounts.create_user(
            session=session,
            email="caller@x.test",
            name="Cal Caller",
            role="telecaller",
            password=PASSWORD,
        )
        token = accounts.issue_token(session=session, kind="personal", name="t", user=caller)
    app.extensions["handoff.engine"].dispose()
    return pg_schema, token


def production_env(database_url: str, redis_url: str, port: int) -> dict[str, str]:
    """What production needs to start (HANDOFF_ENV=production refuses less), pointed at the
    test's database and Redis; Twilio is a closed local port, so nothing leaves the machine."""
    return {
        "HANDOFF_ENV": "production",
        "DATABASE_URL": database_url,
        "DATABASE_POOL_SIZE": "5",
        "REDIS_URL": redis_url,
        "HANDOFF_REDIS_CHANNEL": f"test-{uuid.uuid4().hex}",
        "SECRET_KEY": secrets.token_hex(32),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": "0" * 32,
        "TWILIO_CALLER_ID": "+14155550199",
        "TWILIO_API_BASE": f"http://127.0.0.1:{free_port()}",
    }


async def open_pages(url: str, cookie: str, count: int) -> tuple[list, list[asyncio.Event]]:
    """`count` live pages of the signed-in person, each connected once its snapshot came, each
    with an Event set when it hears agent.state."""
    pages, heard = [], []

    async def open_one() -> None:
        page, snapshot, state = (
            socketio.AsyncClient(reconnection=False),
            asyncio.Event(),
            asyncio.Event(),
        )
        page.on("snapshot", lambda _body: snapshot.set())
        page.on("agent.state", lambda _body: state.set())
        await page.connect(
            url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=30
        )
        await asyncio.wait_for(snapshot.wait(), 30)
        pages.append(page)
        heard.append(state)

    for start in range(0, count, AT_ONCE):
        batch = (open_one() for _ in range(min(AT_ONCE, count - start)))
        try:
            await asyncio.wait_for(asyncio.gather(*batch), GUARD)
        except TimeoutError:
            raise AssertionError(f"only {len(pages)} of {count} pages could connect") from None
    return pages, heard


def test_one_process_holds_150_pages_answers_health_and_reaches_them_all(floor_database, redis_url):
    database_url, caller_token = floor_database
    port = free_port()
    with GunicornServer(production_env(database_url, redis_url, port), port=port) as server:
        browser = login(server.url, "lead@x.test")
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())

        async def floor() -> tuple[int, dict, int]:
            pages, heard = await open_pages(server.url, cookie, PAGES)
            try:
                health = await asyncio.to_thread(
                    requests.get, f"{server.url}/api/v1/healthz", timeout=10
                )
                changed = await asyncio.to_thread(
                    requests.put,
                    f"{server.url}/api/v1/me/state",
                    json={"state": "paused", "reason": "coaching"},
                    headers={"Authorization": f"Bearer {caller_token}"},
                    timeout=10,
                )
                assert changed.status_code == 200, changed.text
                await asyncio.wait_for(asyncio.gather(*(state.wait() for state in heard)), 30)
                return len(pages), health.json(), sum(state.is_set() for state in heard)
            finally:
                await asyncio.wait_for(
                    asyncio.gather(*(page.disconnect() for page in pages)), GUARD
                )

        # A thread of its own: Playwright's sync API, once a browser test has run, leaves this
        # thread marked as running an event loop, and asyncio.run refuses to start another.
        with ThreadPoolExecutor(1) as thread:
            connected, health, reached = thread.submit(asyncio.run, floor()).result()

    assert connected == PAGES
    assert health == {"database": "ok", "redis": "ok", "ok": True}
    assert reached == PAGES
