"""Two app processes sharing REDIS_URL: an event published in one reaches a client of the other."""

from __future__ import annotations

import threading

import pytest
import requests
import socketio

from tests.live import ProcessServer
from tests.redis.conftest import live_page, login


def test_an_event_published_in_one_process_reaches_a_client_of_the_other(
    shared_env, shared_database
):
    _, lead_email, caller_token = shared_database
    with ProcessServer(shared_env) as first, ProcessServer(shared_env) as second:
        client = live_page(login(second.url, lead_email), second.url)
        heard = threading.Event()
        received: list[dict] = []

        @client.on("agent.state")
        def on_state(event):
            received.append(event)
            heard.set()

        try:
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
