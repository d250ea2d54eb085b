"""The API's credentials: personal tokens, intake keys, the browser session with CSRF."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from console.models import ApiToken
from console.services import accounts
from tests.conftest import csrf_token


@pytest.fixture
def token_for(session, users):
    def issue(role: str) -> str:
        return accounts.issue_token(session=session, kind="personal", name="t", user=users[role])

    return issue


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_health_is_public_and_reports_the_database(client):
    response = client.get("/api/v1/healthz")
    assert response.status_code == 200
    assert response.json == {"database": "ok", "redis": "not configured", "ok": True}


def test_a_call_without_a_token_is_401_in_the_error_format(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert "Bearer" in response.json["error"]["message"]


def test_a_bad_token_is_401(client):
    response = client.get("/api/v1/me", headers=bearer("hf_pat_nonsense"))
    assert response.status_code == 401
    assert "unknown or revoked" in response.json["error"]["message"]


def test_a_personal_token_acts_as_its_user(client, token_for, users):
    response = client.get("/api/v1/me", headers=bearer(token_for("sales")))
    assert response.status_code == 200
    assert response.json["email"] == users["sales"].email


def test_tokens_are_stored_hashed(session, token_for):
    token = token_for("admin")
    stored = session.exec(select(ApiToken)).one()
    assert token not in stored.token_hash
    assert stored.token_hash == accounts.token_digest(token)


def test_a_role_the_route_does_not_allow_is_403(client, token_for):
    response = client.put(
        "/api/v1/me/state", json={"state": "available"}, headers=bearer(token_for("sales"))
    )
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_an_intake_key_may_not_act_as_a_user(client, session):
    key = accounts.issue_token(session=session, kind="intake", name="website")
    response = client.get("/api/v1/me", headers=bearer(key))
    assert response.status_code == 403
    assert "only create leads" in response.json["error"]["message"]


def test_a_telecaller_sets_their_state_and_bad_input_names_the_field(client, token_for):
    token = token_for("telecaller")
    ok = client.put("/api/v1/me/state", json={"state": "available"}, headers=bearer(token))
    assert ok.status_code == 200 and ok.json["state"] == "available"
    bad = client.put("/api/v1/me/state", json={"state": "paused"}, headers=bearer(token))
    assert bad.status_code == 422
    assert "reason" in bad.json["error"]["fields"]


def test_the_browser_session_needs_csrf_for_writes(signed_in):
    client = signed_in("telecaller")
    assert client.get("/api/v1/me").status_code == 200
    refused = client.put("/api/v1/me/state", json={"state": "available"})
    assert refused.status_code == 400
    assert refused.json["error"]["code"] == "csrf"
    token = csrf_token(client, "/queue")
    ok = client.put("/api/v1/me/state", json={"state": "available"}, headers={"X-CSRFToken": token})
    assert ok.status_code == 200


def test_unknown_api_paths_answer_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_the_openapi_document_lists_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    routes = {
        rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1")
    }
    assert routes <= set(document["paths"]), routes - set(document["paths"])


def test_every_path_parameter_is_declared_with_its_type(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path, operations in paths.items():
        named = set(re.findall(r"{(\w+)}", path))
        for operation in operations.values():
            path_parameters = [p for p in operation["parameters"] if p["in"] == "path"]
            declared = {p["name"]: p["schema"]["type"] for p in path_parameters}
            assert set(declared) == named, (path, declared)
    meeting = paths["/meetings/{meeting_id}"]["get"]["parameters"][0]
    assert meeting["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def test_switching_someone_off_revokes_their_tokens_for_good(client, session, token_for, users):
    token = token_for("telecaller")
    caller = users["telecaller"].id  # no open pages, so nothing is disconnected
    switch = {"session": session, "user_id": caller, "actor": users["admin"], "disconnect": print}
    accounts.set_active(active=False, **switch)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    accounts.set_active(active=True, **switch)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(token_for("telecaller"))).status_code == 200
