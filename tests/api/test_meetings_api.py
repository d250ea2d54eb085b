"""The review loop, the metrics and the do-not-call list over HTTP."""

from __future__ import annotations

import pytest

from console.models import Lead, Meeting
from tests.handoffs import add_lead, meeting_begins

pytestmark = pytest.mark.usefixtures("working_hours")  # "today" is one whole working day


def step(client, tokens, meeting_id, action, role="sales", **body):
    return client.post(f"/api/v1/meetings/{meeting_id}/{action}", json=body, headers=tokens[role])


def test_sales_sees_the_meeting_with_its_packet_and_invite(client, tokens, meeting_id):
    listed = client.get("/api/v1/meetings", headers=tokens["sales"]).json
    assert [m["id"] for m in listed["meetings"]] == [meeting_id]
    assert listed["review_clock"] == {"awaiting_review": 1, "overdue": 0}
    packet = client.get(f"/api/v1/meetings/{meeting_id}", headers=tokens["sales"]).json
    assert packet["lead"]["company"] == "Engines Ltd" and len(packet["criteria"]) == 4
    invite = client.get(f"/api/v1/meetings/{meeting_id}/invite.ics", headers=tokens["sales"])
    assert invite.mimetype == "text/calendar" and b"BEGIN:VEVENT" in invite.data
    assert client.get("/api/v1/meetings?status=nope", headers=tokens["sales"]).status_code == 422


def test_the_whole_loop_accept_held_opportunity_won(client, tokens, meeting_id, session, clock):
    assert step(client, tokens, meeting_id, "accept").status_code == 200
    early = step(client, tokens, meeting_id, "held")
    assert early.status_code == 409 and early.json["error"]["code"] == "not_started"
    assert "once it has begun" in early.json["error"]["message"]
    meeting_begins(clock, session.get(Meeting, meeting_id).starts_at)
    for action in ("held", "opportunity"):
        assert step(client, tokens, meeting_id, action).status_code == 200
    won = step(client, tokens, meeting_id, "won", amount=48000)
    assert won.status_code == 200 and won.json["meeting"]["status"] == "won"
    assert won.json["meeting"]["amount"] == 48000.0
    assert step(client, tokens, meeting_id, "lost").json["error"]["code"] == "illegal_transition"


def test_a_definitional_rejection_sends_the_lead_back_to_nurture(client, tokens, meeting_id):
    refused = step(client, tokens, meeting_id, "reject", reason="definitional")
    assert refused.status_code == 422 and "overturned" in refused.json["error"]["fields"]
    rejected = step(
        client,
        tokens,
        meeting_id,
        "reject",
        reason="definitional",
        overturned=["authority"],
        note="Not the decision maker after all",
    )
    assert rejected.status_code == 200
    assert rejected.json["lead"]["status"] == "nurture"
    assert rejected.json["review"]["overturned"] == ["authority"]
    mine = client.get("/api/v1/meetings", headers=tokens["telecaller"]).json["meetings"][0]
    assert mine["feedback"]["reason"] == "definitional"


def test_telecallers_cannot_review_and_reps_do_not_see_others_meetings(
    client, session, tokens, meeting_id
):
    assert step(client, tokens, meeting_id, "accept", role="telecaller").status_code == 403
    from console.services import accounts

    other = accounts.create_user(
        session=session,
        email="s2@example.test",
        name="Sam Two",
        role="sales",
        password="correct horse battery",
    )
    token = accounts.issue_token(session=session, kind="personal", name="s2", user=other)
    hidden = client.get(
        f"/api/v1/meetings/{meeting_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert hidden.status_code == 404


def test_metrics_put_quality_first_and_count_overrides_apart(client, tokens, meeting_id, users):
    step(client, tokens, meeting_id, "accept")
    response = client.get("/api/v1/metrics", headers=tokens["lead"])
    assert response.status_code == 200
    body = response.json
    assert body["columns"][0]["key"] == "accepted" and body["columns"][-1]["key"] == "dials"
    row = next(r for r in body["telecallers"] if r["id"] == users["telecaller"].id)
    assert (row["meetings_booked"], row["accepted"], row["acceptance_rate"]) == (1, 1, 1.0)
    assert row["dials"] == 1 and row["conversations"] == 1 and row["overrides"] == 0
    assert row["median_wrap_seconds"] >= 60 and body["team"]["accepted"] == 1
    assert client.get("/api/v1/metrics", headers=tokens["sales"]).status_code == 403
    bad = client.get("/api/v1/metrics?from=yesterday", headers=tokens["lead"])
    assert bad.status_code == 422 and "from" in bad.json["error"]["fields"]


def test_the_dnc_list_blocks_a_number_once_and_answers_lookups(client, session, campaign, tokens):
    lead = add_lead(session, campaign, phone="+12125550199")
    added = client.post(
        "/api/v1/dnc", json={"phone": "(212) 555-0199", "reason": "asked"}, headers=tokens["lead"]
    )
    assert added.status_code == 201 and added.json["leads_stopped"] == 1
    again = client.post("/api/v1/dnc", json={"phone": "+1 212 555 0199"}, headers=tokens["admin"])
    assert again.status_code == 200 and again.json["created"] is False
    session.expire_all()
    assert session.get(Lead, lead.id).status == "dnc"
    found = client.get("/api/v1/dnc/+12125550199", headers=tokens["lead"]).json
    assert found["dnc"] is True and found["entry"]["reason"] == "asked" and found["leads"] == 1
    assert client.get("/api/v1/dnc/+12025550143", headers=tokens["lead"]).json["dnc"] is False
    bad = client.post("/api/v1/dnc", json={"phone": "12"}, headers=tokens["lead"])
    assert bad.status_code == 422 and "phone" in bad.json["error"]["fields"]
    assert (
        client.post(
            "/api/v1/dnc", json={"phone": "+12125550199"}, headers=tokens["telecaller"]
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [({"phone": "+12025550143", "reason": "r" * 201}, "reason"), ({"reason": "asked"}, "phone"),
     ({"phone": "+12025550143", "source": "rumour"}, "source"), ({"phone": 12025550143}, "phone")],
)  # fmt: skip
def test_a_dnc_addition_that_cannot_be_stored_names_the_field(client, tokens, body, field):
    refused = client.post("/api/v1/dnc", json=body, headers=tokens["admin"])
    assert refused.status_code == 422 and field in refused.json["error"]["fields"]


def test_a_step_is_undone_through_the_api_within_its_minute(client, tokens, meeting_id, clock):
    assert step(client, tokens, meeting_id, "accept").status_code == 200
    packet = client.get(f"/api/v1/meetings/{meeting_id}", headers=tokens["sales"]).json
    assert (
        packet["undo"]["action"] == "accept" and packet["undo"]["sentence"] == "Meeting accepted."
    )
    undone = client.post(f"/api/v1/meetings/{meeting_id}/undo", headers=tokens["sales"])
    assert undone.status_code == 200 and undone.json["meeting"]["status"] == "booked"
    again = client.post(f"/api/v1/meetings/{meeting_id}/undo", headers=tokens["sales"])
    assert again.status_code == 409 and again.json["error"]["code"] == "nothing_to_undo"
    # The telecaller who booked it may take back only a cancellation of theirs.
    theirs = client.post(f"/api/v1/meetings/{meeting_id}/undo", headers=tokens["telecaller"])
    assert theirs.status_code == 409 and theirs.json["error"]["code"] == "nothing_to_undo"
