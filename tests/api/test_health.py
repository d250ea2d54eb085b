"""Liveness and readiness: alive while the process runs; ready while the database answers, with
Redis down reported as degraded, never as a failure a load balancer acts on."""

from __future__ import annotations

import pytest

from tests.conftest import make_app
from tests.live import free_port


def test_liveness_answers_without_asking_anything(client):
    response = client.get("/api/v1/livez")
    assert (response.status_code, response.json) == (200, {"alive": True})


@pytest.mark.parametrize("path", ["/api/v1/readyz", "/api/v1/healthz"])
def test_readiness_reports_each_dependency(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.json == {"database": "ok", "redis": "not configured", "ok": True}


@pytest.mark.parametrize("path", ["/api/v1/readyz", "/api/v1/healthz"])
def test_redis_that_refuses_is_degraded_and_the_console_stays_ready(tmp_path, path):
    app = make_app(f"sqlite:///{tmp_path / 'h.db'}", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert response.json["ok"] is True and response.json["database"] == "ok"
    assert response.json["redis"].startswith("degraded: unreachable (ConnectionError)")
    assert "live updates reach only the pages connected to this process" in response.json["redis"]


def test_the_document_declares_the_checks_and_the_503_of_a_database_away(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert paths["/livez"]["get"]["security"] == []
    assert set(paths["/livez"]["get"]["responses"]) == {"200"}
    for check in ("/readyz", "/healthz"):
        answers = paths[check]["get"]["responses"]
        assert answers["503"]["content"]["application/json"]["schema"]["$ref"].endswith("Health")
    assert paths["/me"]["get"]["responses"]["503"] == {"$ref": "#/components/responses/E503"}
