"""The Redis suite's fixtures: one database that two app processes share, and their settings."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
import requests
import socketio

from console import migrate
from console.services import accounts
from tests.conftest import PASSWORD, make_app
from tests.live import RedisServer


def login(url: str, email: str) -> requests.Session:
    """A requests session signed in through the real form of the server at url."""
    browser = requests.Session()
    page = browser.get(f"{url}/login").text
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    response = browser.post(
        f"{url}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    return browser


def live_page(browser: requests.Session, url: str) -> socketio.Client:
    """A Socket.IO client with the browser's cookies, like a page: connected once its snapshot
    arrived. Register handlers on it with client.on(...); they apply to later events."""
    snapshot = threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("snapshot", lambda _body: snapshot.set())
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    client.connect(url, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=10)
    if not snapshot.wait(10):
        client.disconnect()
        raise AssertionError(f"{url} sent no snapshot on connect")
    return client


@pytest.fixture
def shared_database(tmp_path):
    """A migrated SQLite file with a team lead and a telecaller: (url, lead email, caller token)."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    migrate.upgrade("head", url=url)
    app = make_app(url)
    with app.app_context():
        from console.db import get_session

        session = get_session()
        lead = accounts.create_user(
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
    return url, lead.email, token


@pytest.fixture
def shared_env(redis_url, shared_database) -> dict[str, str]:
    """The environment of app processes sharing that database, one Redis and a channel (and
    sign-in counts) of their own."""
    return {
        "DATABASE_URL": shared_database[0],
        "REDIS_URL": redis_url,
        "SECRET_KEY": "shared-secret",
        "HANDOFF_REDIS_CHANNEL": f"test-{uuid.uuid4().hex}",
    }


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A running redis-server the test may kill and restart (its own: the shared one stays up)."""
    with RedisServer.started() as server:
        yield server
