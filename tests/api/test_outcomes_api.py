"""POST /calls/{id}/outcome and the live preview of the handoff rule, over HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console import clock
from tests.conftest import csrf_token
from tests.handoffs import QUALIFIED_ANSWERS, add_lead, ended_call, meeting_body


@pytest.fixture
def call(session, campaign, users):
    lead = add_lead(session, campaign)
    return ended_call(session, lead, users["telecaller"], answers=QUALIFIED_ANSWERS)


def test_a_telecaller_records_a_handoff_and_a_second_post_repeats_it(client, call, tokens):
    first = client.post(
        f"/api/v1/calls/{call.id}/outcome", json=meeting_body(), headers=tokens["telecaller"]
    )
    assert first.status_code == 200, first.json
    assert first.json["decision"] == "handoff" and first.json["score"]["total"] == 12
    assert first.json["lead"]["status"] == "meeting" and first.json["meeting_id"]
    again = client.post(
        f"/api/v1/calls/{call.id}/outcome",
        json={"disposition": "no-answer"},
        headers=tokens["telecaller"],
    )
    assert again.status_code == 409
    assert again.json["error"]["code"] == "outcome_exists"
    assert (
        again.json["decision"] == "handoff" and again.json["outcome_id"] == first.json["outcome_id"]
    )


@pytest.mark.parametrize(
    ("role", "status"), [("sales", 403), ("lead", 403), ("admin", 403), ("intake", 403)]
)
def test_only_telecallers_record_outcomes(client, call, tokens, role, status):
    response = client.post(
        f"/api/v1/calls/{call.id}/outcome", json={"disposition": "busy"}, headers=tokens[role]
    )
    assert response.status_code == status


def test_field_errors_name_each_field_with_the_fix(client, call, tokens):
    body = {
        "disposition": "qualified",
        "meeting": {"starts_at": "next tuesday"},
        "callback": {"at": (clock.now() + timedelta(days=1)).isoformat()},
    }
    response = client.post(
        f"/api/v1/calls/{call.id}/outcome", json=body, headers=tokens["telecaller"]
    )
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert "ISO 8601" in fields["meeting.starts_at"]
    missing = client.post(
        f"/api/v1/calls/{call.id}/outcome",
        json={"disposition": "gone"},
        headers=tokens["telecaller"],
    )
    assert "choose no-answer" in missing.json["error"]["fields"]["disposition"]
    unknown = client.post("/api/v1/calls/999/outcome", json={}, headers=tokens["telecaller"])
    assert unknown.status_code == 404
    assert (
        client.post(
            f"/api/v1/calls/{call.id}/outcome", data="x", headers=tokens["telecaller"]
        ).status_code
        == 400
    )


def test_a_local_meeting_time_is_read_in_the_leads_zone(client, call, tokens):
    day = (clock.now() + timedelta(days=4)).date().isoformat()
    body = {**meeting_body(), "meeting": {"starts_at": f"{day}T10:00"}}
    preview = client.post(
        "/api/v1/campaigns/inbound/handoff-rule/evaluate",
        json={**body, "call_id": call.id},
        headers=tokens["telecaller"],
    )
    assert preview.status_code == 200, preview.json
    assert preview.json["meeting_times"][0].endswith("10:00 EST (lead)") or preview.json[
        "meeting_times"
    ][0].endswith("10:00 EDT (lead)")


def test_the_preview_shows_the_decision_and_reasons_live(client, call, tokens):
    body = {"call_id": call.id, "disposition": "qualified", "scores": {"authority": 1}}
    response = client.post(
        "/api/v1/campaigns/inbound/handoff-rule/evaluate", json=body, headers=tokens["telecaller"]
    )
    assert response.status_code == 200
    assert response.json["decision"] == "nurture"
    assert (
        "authority 1 is below the agreed 2: the contact is a recommender"
        in response.json["reasons"]
    )
    assert response.json["score"]["set_by_hand"] is True
    assert response.json["override_offered"] is True  # qualified by the caller, nurture by the rule


@pytest.mark.parametrize(
    ("disposition", "scores", "offered"),
    [("qualified", {}, False), ("nurture", {"authority": 1}, False)],
)
def test_an_override_is_offered_only_when_a_qualified_lead_goes_to_nurture(
    client, call, tokens, disposition, scores, offered
):
    body = {"call_id": call.id, "disposition": disposition, "scores": scores}
    if disposition == "qualified":
        body["meeting"] = meeting_body()["meeting"]
    response = client.post(
        "/api/v1/campaigns/inbound/handoff-rule/evaluate", json=body, headers=tokens["telecaller"]
    )
    assert response.status_code == 200, response.json
    assert response.json["override_offered"] is offered
    unknown = client.post(
        "/api/v1/campaigns/nope/handoff-rule/evaluate", json={}, headers=tokens["telecaller"]
    )
    assert unknown.status_code == 404


def test_the_browser_session_records_an_outcome_with_its_csrf_token(signed_in, call):
    client = signed_in("telecaller")
    token = csrf_token(client, "/queue")
    response = client.post(
        f"/api/v1/calls/{call.id}/outcome",
        json={"disposition": "voicemail"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200 and response.json["decision"] == "retry"


def test_every_new_route_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in (
        "/calls/{call_id}/outcome",
        "/campaigns/{slug}/handoff-rule/evaluate",
        "/meetings",
        "/meetings/{meeting_id}/no-show",
        "/metrics",
        "/dnc/{phone}",
    ):
        assert path in paths
