"""The database goes away: pages and the API answer 503 in their own words (a page that needs no
database), readiness fails while liveness holds, nothing hangs, and when PostgreSQL is back the
same app serves again with no restart."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import make_url, text

from console import config, create_app
from console.db import get_session
from console.services import accounts
from console.web.errors import DATABASE_DOWN
from tests.conftest import PASSWORD, csrf_token, make_app, sign_in
from tests.live import GUARD, free_port
from tests.pg.outages import BlackHole, TcpProxy, through

QUICKLY = {"DATABASE_CONNECT_TIMEOUT": 2, "DATABASE_POOL_TIMEOUT": 2}  # seconds: fail soon
PATIENT = {"DATABASE_CONNECT_TIMEOUT": 20}  # seconds: a refused port fails at once anyway, and a
# loaded machine must not turn a slow reconnect into a failed recovery


def answered(request: Callable[[], Any]) -> Any:
    """The answer to a request, which must come (a hang fails the test after GUARD seconds)."""
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(request).result(timeout=GUARD)


def assert_the_page_says_the_database_is_away(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    page = response.get_data(as_text=True)
    assert DATABASE_DOWN in page
    assert "Traceback" not in page and "psycopg" not in page and "OperationalError" not in page


def assert_the_api_says_the_database_is_away(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    error = response.json["error"]
    assert (error["code"], error["message"]) == ("database_unavailable", DATABASE_DOWN)


@pytest.fixture(params=["black hole", "closed port"])
def unreachable_url(request, pg_url) -> Iterator[str]:
    """PostgreSQL's URL pointed at a port that never answers, or one nobody listens on."""
    if request.param == "closed port":
        yield through(pg_url, free_port())
        return
    hole = BlackHole()
    yield through(pg_url, hole.port)
    hole.close()


def test_without_a_database_the_console_answers_503_in_words_and_never_hangs(unreachable_url):
    app = create_app(config.TestConfig(unreachable_url, **QUICKLY))
    client = app.test_client()

    assert answered(lambda: client.get("/api/v1/livez")).json == {"alive": True}
    ready = answered(lambda: client.get("/api/v1/readyz"))
    assert ready.status_code == 503
    assert ready.json["ok"] is False and ready.json["database"].startswith("unreachable")
    me = answered(lambda: client.get("/api/v1/me", headers={"Authorization": "Bearer hf_pat_x"}))
    assert_the_api_says_the_database_is_away(me)
    form = {"email": "lead@x.test", "password": PASSWORD, "csrf_token": csrf_token(client)}
    assert_the_page_says_the_database_is_away(answered(lambda: client.post("/login", data=form)))


@pytest.fixture
def proxy(pg_url) -> Iterator[TcpProxy]:
    """A TCP proxy to the test PostgreSQL, running."""
    target = make_url(pg_url)
    running = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def proxied_app(proxy, pg_schema) -> Iterator[Flask]:
    """The app on a fresh schema through the proxy, with a team lead; no app context held, so
    each request has its own, as in a running console."""
    app = make_app(through(pg_schema, proxy.port), **PATIENT)
    with app.app_context():
        session = get_session()
        lead = accounts.create_user(
            session=session, email="lead@x.test", name="Lee Lead", role="lead", password=PASSWORD
        )
        app.config["test.token"] = accounts.issue_token(
            session=session, kind="personal", name="t", user=lead
        )
    yield app
    with app.app_context():
        app.extensions["handoff.engine"].dispose()


def test_the_console_serves_again_when_the_database_returns_without_a_restart(proxied_app, proxy):
    client = proxied_app.test_client()
    bearer = {"Authorization": f"Bearer {proxied_app.config['test.token']}"}
    assert sign_in(client, "lead@x.test").status_code == 302
    assert client.get("/floor").status_code == 200
    assert client.get("/api/v1/me", headers=bearer).status_code == 200

    proxy.stop()  # every pooled connection drops with it

    assert_the_page_says_the_database_is_away(answered(lambda: client.get("/floor")))
    assert_the_api_says_the_database_is_away(
        answered(lambda: client.get("/api/v1/me", headers=bearer))
    )
    assert answered(lambda: client.get("/api/v1/readyz")).status_code == 503
    assert answered(lambda: client.get("/api/v1/livez")).json == {"alive": True}

    proxy.start()

    assert answered(lambda: client.get("/floor")).status_code == 200
    assert answered(lambda: client.get("/api/v1/me", headers=bearer)).json["name"] == "Lee Lead"
    assert answered(lambda: client.get("/api/v1/readyz")).json == {
        "database": "ok",
        "redis": "not configured",
        "ok": True,
    }


def test_statements_have_a_timeout_and_the_url_keeps_its_search_path(pg_app, pg_schema):
    session = get_session()
    assert session.exec(text("SHOW statement_timeout")).one()[0] == "30s"
    schema = pg_schema.rsplit("search_path%3D", 1)[1]
    assert session.exec(text("SHOW search_path")).one()[0] == schema
