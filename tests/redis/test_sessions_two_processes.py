"""Two app processes sharing REDIS_URL: signing out through one closes a socket on the other."""

from __future__ import annotations

import threading

from tests.live import ProcessServer
from tests.redis.conftest import live_page, login


def csrf_on(browser, url: str) -> str:
    page = browser.get(f"{url}/").text
    return page.split('name="csrf-token" content="')[1].split('"')[0]


def test_signing_out_through_one_process_disconnects_a_socket_on_the_other(
    shared_env, shared_database
):
    with ProcessServer(shared_env) as first, ProcessServer(shared_env) as second:
        browser = login(second.url, shared_database[1])
        client, closed = live_page(browser, second.url), threading.Event()
        client.on("disconnect", lambda *_reason: closed.set())
        try:
            response = browser.post(
                f"{first.url}/logout",
                data={"csrf_token": csrf_on(browser, first.url)},
                allow_redirects=False,
            )
            assert response.status_code == 302, response.text
            assert closed.wait(10), "signing out through the first process left the socket open"
        finally:
            if client.connected:
                client.disconnect()
