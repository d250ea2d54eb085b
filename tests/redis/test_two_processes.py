"""Two app processes sharing REDIS_URL: an event published in one reaches a client of the other."""

from __future__ import annotations

import threading
import uuid

import pytest
import requests
import socketio

from console import migrate
from console.services import accounts
from tests.conftest import PASSWORD, make_app
from tests.live import ProcessServer


def login(url: str, email: str) -> requests.Session:
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


@pytest.fixture
def shared_database(tmp_path):  # noqa: ANN201
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


def test_an_event_published_in_one_process_reaches_a_client_of_the_other(
    redis_url, shared_database
):
    database_url, lead_email, caller_token = shared_database
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "shared-secret",
        "HANDOFF_REDIS_CHANNEL": f"test-{uuid.uuid4().hex}",
    }
    with ProcessServer(env) as first, ProcessServer(env) as second:
        browser = login(second.url, lead_email)
        heard = threading.Event()
        received: list[dict] = []
        client = socketio.Client(reconnection=False)

        @client.on("agent.state")
        def on_state(event):  # noqa: ANN001, ANN202
            received.append(event)
            heard.set()

        snapshot = threading.Event()
        client.on("snapshot", lambda _body: snapshot.set())
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        client.connect(second.url, headers={"Cookie": cookie}, transports=["websocket"])
        try:
            assert snapshot.wait(10), "the second process sent no snapshot on connect"
            response = requests.put(
                f"{first.url}/api/v1/me/state",
                json={"state": "paused", "reason": "coaching"},
                headers={"Authorization": f"Bearer {caller_token}"},
                timeout=10,
            )
            assert response.status_code == 200, response.text
            assert heard.wait(10), (
                "the event published by the first process never reached the second"
            )
            assert received[0]["agent"]["name"] == "Cal Caller"
            assert received[0]["agent"]["reason"] == "coaching"
        finally:
            client.disconnect()


def test_a_connection_without_a_session_is_refused_by_a_real_server(redis_url, shared_database):
    env = {"DATABASE_URL": shared_database[0], "REDIS_URL": redis_url, "SECRET_KEY": "s"}
    with ProcessServer(env) as server:
        client = socketio.Client(reconnection=False)
        reasons: list = []
        client.on("connect_error", reasons.append)
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(server.url, transports=["websocket"], wait_timeout=5)
        assert reasons and "unauthorized" in str(reasons[0])
