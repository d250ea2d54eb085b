"""The notices API: my open reminders and alerts, and dismissing one of mine (only mine)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.services import reminders
from tests.handoffs import Spy, promise_callback


@pytest.fixture
def notice_id(session, campaign, users, clock) -> int:
    """The telecaller's reminder of a callback due in 3 minutes; its id."""
    clock.set(clock.working_hours(), frozen=True)
    promise_callback(session, campaign, users["telecaller"], clock.now() + timedelta(minutes=3))
    spy = Spy()
    reminders.remind_callbacks(session=session, publish=spy, now=clock.now())
    [(_, body, _)] = spy.sent
    return body["notice"]["id"]


def test_my_open_notices_are_listed_with_sentences(client, tokens, users, notice_id):
    answer = client.get("/api/v1/notices", headers=tokens["telecaller"])
    assert answer.status_code == 200
    [notice] = answer.json["notices"]
    assert notice["id"] == notice_id and notice["kind"] == "callback_due"
    assert notice["recipient_id"] == users["telecaller"].id and notice["done_at"] is None
    assert notice["sentence"].startswith("Your callback to Ada Byron (Engines Ltd) is due at")
    assert client.get("/api/v1/notices", headers=tokens["sales"]).json == {"notices": []}


def test_dismissing_a_notice_takes_it_off_the_list_and_again_changes_nothing(
    client, tokens, notice_id
):
    path = f"/api/v1/notices/{notice_id}/dismiss"
    first = client.post(path, headers=tokens["telecaller"])
    assert first.status_code == 200 and first.json["done_at"] is not None
    assert client.post(path, headers=tokens["telecaller"]).json == first.json
    assert client.get("/api/v1/notices", headers=tokens["telecaller"]).json == {"notices": []}


def test_another_persons_notice_is_not_found_and_strangers_are_refused(client, tokens, notice_id):
    path = f"/api/v1/notices/{notice_id}/dismiss"
    refused = client.post(path, headers=tokens["lead"])
    assert refused.status_code == 404
    assert refused.json["error"]["message"] == f"There is no notice {notice_id} among yours."
    assert client.post(path).status_code == 401
    assert client.post(path, headers=tokens["intake"]).status_code == 403
    assert len(client.get("/api/v1/notices", headers=tokens["telecaller"]).json["notices"]) == 1


def test_the_document_describes_the_notices_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    listed = paths["/notices"]["get"]["responses"]["200"]["content"]["application/json"]
    assert listed["schema"] == {"$ref": "#/components/schemas/Notices"}
    assert "404" in paths["/notices/{notice_id}/dismiss"]["post"]["responses"]
