"""On PostgreSQL too, a schema never migrated answers in a sentence that says what to run."""

from __future__ import annotations

from console import config, create_app, migrate
from console.db import NOT_SET_UP, engine
from tests.conftest import PASSWORD, csrf_token


def test_a_schema_never_migrated_says_what_to_run(pg_schema):
    app = create_app(config.TestConfig(pg_schema))
    client = app.test_client()
    form = {"email": "admin@demo.test", "password": PASSWORD, "csrf_token": csrf_token(client)}
    response = client.post("/login", data=form)
    assert response.status_code == 503
    assert "handoff db upgrade" in response.get_data(as_text=True)
    me = client.get("/api/v1/me", headers={"Authorization": "Bearer hf_pat_unknown"})
    assert me.status_code == 503 and me.json["error"]["message"] == NOT_SET_UP
    with app.app_context():
        assert migrate.readiness(engine()) == NOT_SET_UP
