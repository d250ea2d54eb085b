"""Out-of-bounds wrap-up, draft and review bodies over HTTP: a 422 naming the field in words, and
nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from console import clock
from console.models import Meeting, Outcome
from tests.handoffs import QUALIFIED_ANSWERS, add_lead, ended_call, meeting_begins, meeting_body


@pytest.fixture
def call(session, campaign, users):
    lead = add_lead(session, campaign)
    return ended_call(session, lead, users["telecaller"], answers=QUALIFIED_ANSWERS)


def thirteen_months_ahead() -> str:
    return (clock.now() + timedelta(days=395)).isoformat()


def words(response, field: str) -> str:
    """The words a 422 says about one field (a sentence, not pydantic's text)."""
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.json["error"]
    assert error["code"] == "invalid" and "." not in error["message"].rstrip(".")  # a sentence
    said = error["fields"][field]
    assert said and "pydantic" not in said and "Input should" not in said
    return said


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        ({"meeting": {"starts_at": "later"}}, "meeting.starts_at", "ISO 8601"),
        ({"scores": {"need": 4}}, "scores.need", "use 3 or less"),
        ({"notes": "left a message\x07"}, "notes", "remove the control characters"),
        ({"mood": "cheerful"}, "mood", "not used here: remove it"),
        ({"next_step": "x" * 501}, "next_step", "shorten it to 500 characters"),
    ],
)
def test_an_outcome_out_of_bounds_is_a_422_naming_the_field(
    client, session, call, tokens, change, field, said
):
    response = client.post(
        f"/api/v1/calls/{call.id}/outcome",
        json={**meeting_body(), **change},
        headers=tokens["telecaller"],
    )
    assert said in words(response, field)
    assert session.exec(select(Outcome)).all() == []  # nothing stored


def test_a_meeting_thirteen_months_ahead_is_a_422_and_books_nothing(client, call, tokens):
    body = meeting_body(starts_at=thirteen_months_ahead())
    response = client.post(
        f"/api/v1/calls/{call.id}/outcome", json=body, headers=tokens["telecaller"]
    )
    assert words(response, "meeting.starts_at") == "pick a time within the next 12 months"
    assert client.get("/api/v1/meetings", headers=tokens["telecaller"]).json["meetings"] == []


def test_the_preview_refuses_a_score_of_4_as_saving_does(client, call, campaign, tokens):
    body = {"call_id": call.id, "disposition": "qualified", "scores": {"authority": 4}}
    response = client.post(
        f"/api/v1/campaigns/{campaign.slug}/handoff-rule/evaluate",
        json=body,
        headers=tokens["telecaller"],
    )
    assert words(response, "scores.authority") == "use 3 or less"


def test_a_draft_with_a_control_character_in_the_notes_is_a_422(client, call, tokens):
    response = client.put(
        f"/api/v1/calls/{call.id}/draft",
        json={"answers": {}, "notes": "ring \x1b back"},
        headers=tokens["telecaller"],
    )
    assert "control characters" in words(response, "notes")


def test_an_amount_of_1e30_is_a_422_naming_the_amount(client, tokens, meeting_id, session, clock):
    meeting_begins(clock, session.get(Meeting, meeting_id).starts_at)
    for step in ("accept", "held"):
        answer = client.post(f"/api/v1/meetings/{meeting_id}/{step}", headers=tokens["sales"])
        assert answer.status_code == 200, answer.get_data(as_text=True)
    response = client.post(
        f"/api/v1/meetings/{meeting_id}/opportunity", json={"amount": 1e30}, headers=tokens["sales"]
    )
    assert words(response, "amount") == "use 100000000000.00 or less"
    meetings = client.get("/api/v1/meetings", headers=tokens["sales"]).json["meetings"]
    assert [m["status"] for m in meetings if m["id"] == meeting_id] == ["held"]


def test_a_review_with_an_unknown_field_is_a_422(client, tokens, meeting_id):
    response = client.post(
        f"/api/v1/meetings/{meeting_id}/reject",
        json={"reason": "clerical", "why": "typo"},
        headers=tokens["sales"],
    )
    assert words(response, "why") == "this field is not used here: remove it"
