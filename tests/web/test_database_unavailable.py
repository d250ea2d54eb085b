"""A database the console cannot open answers 503 with a page that needs no database (not the
usual error page, whose navigation loads the signed-in user) and the API's JSON error; SQLite
waits for a lock as long as the statement timeout says."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from console import config, create_app
from console.db import get_session
from console.web.errors import DATABASE_DOWN
from tests.conftest import PASSWORD, csrf_token


@pytest.fixture
def client_without_database(tmp_path):
    """A client of an app whose SQLite file is a directory: every connection fails."""
    return create_app(config.TestConfig(f"sqlite:///{tmp_path}")).test_client()


def test_a_page_answers_503_in_words_without_the_database(client_without_database):
    client = client_without_database
    form = {"email": "lead@x.test", "password": PASSWORD, "csrf_token": csrf_token(client)}
    response = client.post("/login", data=form)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert DATABASE_DOWN in page
    assert 'id="error-reference"' in page  # the request id to quote
    assert "OperationalError" not in page and "sqlite" not in page.lower()


def test_the_api_answers_503_json_and_readiness_fails_while_liveness_holds(
    client_without_database,
):
    client = client_without_database
    me = client.get("/api/v1/me", headers={"Authorization": "Bearer hf_pat_unknown"})
    assert me.status_code == 503 and me.headers["Retry-After"]
    assert me.json["error"]["code"] == "database_unavailable"
    assert me.json["error"]["message"] == DATABASE_DOWN
    ready = client.get("/api/v1/readyz")
    assert ready.status_code == 503
    assert ready.json == {
        "database": "unreachable: OperationalError",
        "redis": "not configured",
        "ok": False,
    }
    assert client.get("/api/v1/livez").json == {"alive": True}


def test_sqlite_waits_for_a_lock_as_long_as_the_statement_timeout(app):
    seconds = app.config["DATABASE_STATEMENT_TIMEOUT"]
    assert get_session().exec(text("PRAGMA busy_timeout")).one()[0] == seconds * 1000
