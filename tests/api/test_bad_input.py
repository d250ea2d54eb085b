"""Bad input is a 4xx naming the field, never a 500, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from console.models import Meeting
from tests.handoffs import QUALIFIED_ANSWERS, add_lead, ended_call, meeting_begins, meeting_body

pytestmark = pytest.mark.usefixtures("working_hours")

HUGE = 2**70  # beyond any 64-bit id
ENDPOINTS_TAKING_OBJECTS = [
    ("PUT", "/me/state", "telecaller"),
    ("POST", "/queue/next", "telecaller"),
    ("POST", "/calls", "telecaller"),
    ("POST", "/leads/1/reassign", "lead"),
    ("POST", "/leads", "intake"),
    ("POST", "/dnc", "admin"),
    ("PUT", "/calls/1/draft", "telecaller"),
    ("POST", "/calls/1/outcome", "telecaller"),
    ("POST", "/meetings/1/accept", "sales"),
    ("POST", "/campaigns/inbound/handoff-rule/evaluate", "telecaller"),
]


@pytest.fixture
def app(app_on_both):
    """The app on both databases."""
    return app_on_both


def refused(response, status: int = 422) -> dict:
    """The error body of a refusal in the documented shape, with a message for people."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    error = response.json["error"]
    assert error["message"] and "Traceback" not in error["message"]
    return error


@pytest.mark.parametrize(("method", "path", "who"), ENDPOINTS_TAKING_OBJECTS)
@pytest.mark.parametrize("body", [[1, 2], "text", 7, None])
def test_a_body_that_is_not_an_object_is_refused(client, tokens, campaign, method, path, who, body):
    headers = tokens[who] | {"Content-Type": "application/json"}
    response = client.open(f"/api/v1{path}", method=method, data=json.dumps(body), headers=headers)
    assert refused(response)["fields"] == {"body": "send a JSON object"}


def test_json_nested_too_deep_is_a_400(client, tokens, campaign):
    deep = "[" * 100_000 + "]" * 100_000
    headers = tokens["telecaller"] | {"Content-Type": "application/json"}
    error = refused(client.post("/api/v1/calls", data=deep, headers=headers), 400)
    assert "JSON" in error["message"]


@pytest.mark.parametrize("number", [2**31, HUGE])  # just past an INTEGER column; past 64 bits
@pytest.mark.parametrize(
    "path", ["/api/v1/calls/{}", "/api/v1/leads/{}", "/api/v1/meetings/{}", "/calls/{}"]
)
def test_an_id_larger_than_any_row_has_is_not_found(client, signed_in, tokens, path, number):
    signed_in("admin")
    headers = tokens["admin"] if path.startswith("/api") else {}
    assert client.get(path.format(number), headers=headers).status_code == 404


@pytest.mark.parametrize("lead_id", [2**31, HUGE, -1, "²", 1.5, True])
def test_an_id_in_a_body_out_of_range_or_not_an_integer_names_the_field(
    client, tokens, campaign, lead_id
):
    error = refused(
        client.post("/api/v1/calls", json={"lead_id": lead_id}, headers=tokens["telecaller"])
    )
    assert "lead_id" in error["fields"]


@pytest.mark.parametrize("team", ["²", str(HUGE), "-1", "Team South"])
def test_a_metrics_team_that_is_no_team_is_a_field_error(client, tokens, team):
    assert (
        "team"
        in refused(client.get(f"/api/v1/metrics?team={team}", headers=tokens["lead"]))["fields"]
    )


@pytest.mark.parametrize(
    "to", ["9999-12-31", "0001-01-01", "2026-02-30", "²", "9999-12-31T23:00:00"]
)
def test_a_metrics_period_outside_the_calendar_is_a_field_error(client, tokens, to):
    error = refused(client.get(f"/api/v1/metrics?to={to}", headers=tokens["lead"]))
    assert "to" in error["fields"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "Ada\x00"),
        ("first_name", "A" * 5000),
        ("company", "C" * 5000),
        ("notes", "N" * 100_000),
        ("timezone", 7),
        ("timezone", ["Europe/London"]),
        ("phone", 12025550143),
        ("email", "a@b\x00.test"),
    ],
)
def test_intake_names_a_field_it_cannot_store(client, tokens, campaign, field, value):
    body = {"campaign": "inbound", "first_name": "Ada", "phone": "+12025550143", field: value}
    error = refused(client.post("/api/v1/leads", json=body, headers=tokens["intake"]))
    assert field in error["fields"]


def test_a_csv_field_over_128_kb_names_its_line(client, tokens, campaign):
    text = "first_name,phone,notes\nAda,+12025550143,hello\nGrace,+12025550144," + "x" * 200_000
    response = client.post(
        "/api/v1/campaigns/inbound/leads/import",
        data=text.encode(),
        headers={**tokens["lead"], "Content-Type": "text/csv"},
    )
    assert "line 3" in refused(response)["fields"]["file"]


@pytest.fixture
def accepted_id(client, tokens, meeting_id) -> int:
    """The booked meeting, accepted by its rep."""
    response = client.post(f"/api/v1/meetings/{meeting_id}/accept", headers=tokens["sales"])
    assert response.status_code == 200, response.get_data(as_text=True)
    return meeting_id


@pytest.fixture
def held_id(client, tokens, accepted_id, session, clock) -> int:
    """The accepted meeting, held once it began: now it can become an opportunity with an amount."""
    meeting_begins(clock, session.get(Meeting, accepted_id).starts_at)
    response = client.post(f"/api/v1/meetings/{accepted_id}/held", headers=tokens["sales"])
    assert response.status_code == 200, response.get_data(as_text=True)
    return accepted_id


@pytest.mark.parametrize("amount", ["1e30", 1e30, "NaN", "Infinity", -5, "12,000,000,000,000"])
def test_a_deal_amount_that_is_no_real_deal_is_a_field_error(client, tokens, held_id, amount):
    response = client.post(
        f"/api/v1/meetings/{held_id}/opportunity",
        json={"amount": amount},
        headers=tokens["sales"],
    )
    assert "amount" in refused(response)["fields"]


def test_a_deal_of_fifty_million_dollars_is_recorded(client, tokens, held_id):
    response = client.post(
        f"/api/v1/meetings/{held_id}/opportunity",
        json={"amount": "50,000,000.00"},
        headers=tokens["sales"],
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    meetings = client.get("/api/v1/meetings", headers=tokens["sales"]).json["meetings"]
    assert [m["amount"] for m in meetings if m["id"] == held_id] == [50_000_000.0]


@pytest.mark.parametrize(
    "starts_at", ["9999-12-31T23:00:00", "9999-12-31T23:00:00-05:00", "2099-01-01T10:00:00Z"]
)
def test_a_meeting_more_than_a_year_ahead_is_a_field_error(
    client, session, campaign, users, tokens, starts_at
):
    lead = add_lead(session, campaign)
    call = ended_call(session, lead, users["telecaller"], answers=QUALIFIED_ANSWERS)
    body = meeting_body(starts_at=starts_at)
    response = client.post(
        f"/api/v1/calls/{call.id}/outcome", json=body, headers=tokens["telecaller"]
    )
    assert "meeting.starts_at" in refused(response)["fields"]
    assert client.get("/api/v1/meetings", headers=tokens["sales"]).status_code == 200


def test_a_reschedule_to_year_9999_is_a_field_error(client, tokens, accepted_id):
    response = client.post(
        f"/api/v1/meetings/{accepted_id}/reschedule",
        json={"starts_at": "9999-12-31T23:30:00-12:00"},
        headers=tokens["sales"],
    )
    assert "starts_at" in refused(response)["fields"]


@pytest.mark.parametrize("call_id", ["²", str(HUGE), "-3"])
def test_the_voice_webhook_answers_a_call_id_that_is_no_id_with_a_refusal(client, app, call_id):
    from twilio.request_validator import RequestValidator

    app.config["PUBLIC_BASE_URL"] = "http://localhost"
    params = {"CallSid": "CA" + "c" * 32, "From": "client:agent-1", "CallId": call_id}
    signature = RequestValidator(app.config["TWILIO_AUTH_TOKEN"]).compute_signature(
        "http://localhost/twilio/voice", params
    )
    response = client.post("/twilio/voice", data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200 and b"<Hangup" in response.data


@pytest.mark.parametrize(
    ("method", "path", "who", "body", "field"),
    [
        ("POST", "/dnc", "admin", {"phone": "+12025550143", "reason": "asked\x00"}, "reason"),
        ("POST", "/calls/1/outcome", "telecaller", {"notes": "n\x00"}, "notes"),
        (
            "PUT",
            "/calls/1/draft",
            "telecaller",
            {"answers": {"q\x00": {"text": "x"}}},
            "answers.q\x00",
        ),
        ("POST", "/meetings/1/reject", "sales", {"note": ["fine", "bad\x00"]}, "note.1"),
    ],
)
def test_a_nul_character_anywhere_in_a_body_is_named_before_it_reaches_the_database(
    client, tokens, method, path, who, body, field
):
    response = client.open(f"/api/v1{path}", method=method, json=body, headers=tokens[who])
    assert refused(response)["fields"] == {field: "remove the NUL character"}
