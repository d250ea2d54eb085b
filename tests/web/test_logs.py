"""Logs: a request id on every line, on every response, and quoted where an error is shown."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator

import pytest

from console.logs import UNEXPECTED
from tests.conftest import make_app


@pytest.fixture
def written(app, capsys) -> Iterator[Callable[[int], list[dict]]]:
    """What the app's log handler writes to stderr, as parsed lines: written(min_level)."""
    logger = logging.getLogger("console")
    level = logger.level
    logger.setLevel(logging.INFO)
    capsys.readouterr()  # only what the test itself causes

    def read(minimum: int = logging.DEBUG) -> list[dict]:
        lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
        parsed = [json.loads(line) for line in lines]
        return [line for line in parsed if logging.getLevelName(line["level"].upper()) >= minimum]

    yield read
    logger.setLevel(level)


def test_every_response_carries_a_request_id_and_its_log_line_the_same_id_and_user(
    client, signed_in, users, written
):
    signed_in("lead")
    response = client.get("/floor")
    request_id = response.headers["X-Request-Id"]
    (line,) = [line for line in written() if line["message"] == "GET /floor 200"]
    assert line["request_id"] == request_id and line["user_id"] == users["lead"].id
    assert line["status"] == 200 and line["ms"] >= 0 and line["at"].endswith("+00:00")


def test_two_requests_get_two_ids(client):
    ids = {client.get("/login").headers["X-Request-Id"] for _ in range(2)}
    assert len(ids) == 2


@pytest.fixture
def broken_app(tmp_path):
    """An app with a page and an API route that fail unexpectedly."""
    app = make_app(f"sqlite:///{tmp_path / 'broken.db'}", PROPAGATE_EXCEPTIONS=False)

    def fail():
        raise RuntimeError("the disk is on fire at /srv/secret/path")

    app.add_url_rule("/broken", "broken", fail)
    app.add_url_rule("/api/v1/broken", "api_broken", fail)
    with app.app_context():
        yield app


@pytest.mark.parametrize("path", ["/broken", "/api/v1/broken"])
def test_an_unexpected_error_is_logged_once_with_its_id_and_the_person_sees_only_the_id(
    broken_app, written, path
):
    response = broken_app.test_client().get(path)
    request_id = response.headers["X-Request-Id"]
    shown = response.get_data(as_text=True)
    assert response.status_code == 500 and request_id in shown
    assert "fire" not in shown and "Traceback" not in shown
    assert "Something went wrong on our side" in shown
    if path.startswith("/api/"):
        assert response.json["error"]["request_id"] == request_id
    (error,) = written(logging.ERROR)
    assert (
        error["request_id"] == request_id and "RuntimeError: the disk is on fire" in error["error"]
    )


def test_an_incoming_request_id_is_used_only_behind_a_trusted_proxy(tmp_path):
    header = {"X-Request-Id": "lb-0123456789abcdef"}
    direct = make_app(f"sqlite:///{tmp_path / 'a.db'}")
    assert (
        direct.test_client().get("/login", headers=header).headers["X-Request-Id"]
        != (header["X-Request-Id"])
    )
    proxied = make_app(f"sqlite:///{tmp_path / 'b.db'}", TRUSTED_PROXY_HOPS=1)
    assert (
        proxied.test_client().get("/login", headers=header).headers["X-Request-Id"]
        == (header["X-Request-Id"])
    )
    bad = {"X-Request-Id": "<script>"}
    assert proxied.test_client().get("/login", headers=bad).headers["X-Request-Id"] != "<script>"


def test_an_unexpected_error_in_a_live_event_is_logged_and_the_page_gets_a_sentence(
    signed_in, sio, users, written, monkeypatch
):
    signed_in("lead")
    socket = sio()
    assert socket.is_connected()

    def broken(**_kwargs) -> dict:
        raise RuntimeError("snapshot query timed out at db-7")

    monkeypatch.setattr("console.services.live.snapshot", broken)
    answer = socket.emit("snapshot", callback=True)
    assert answer == {"error": UNEXPECTED}
    (error,) = written(logging.ERROR)
    assert (error["event"], error["user_id"]) == ("snapshot", users["lead"].id)
    assert "RuntimeError: snapshot query timed out" in error["error"]
