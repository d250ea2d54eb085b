"""GET /api/v1/metrics: the Reports page's figures, for a named period; a telecaller's own."""

from __future__ import annotations

from tests.api.test_meetings_api import step


def test_the_api_gives_the_reports_figures_with_rates_and_intervals(client, tokens, meeting_id):
    step(client, tokens, meeting_id, "accept")
    body = client.get("/api/v1/metrics?period=this-week", headers=tokens["lead"]).json
    team = body["team"]
    assert team["acceptance"]["words"] == "100% of 1 (21-100%)" and team["acceptance"]["small"]
    assert team["acceptance_rate"] == 1.0  # the field integrations already read
    assert body["leaderboard"][0]["accepted"] == 1
    assert [step["key"] for step in body["funnel"]][:3] == ["dials", "connects", "conversations"]
    assert len(body["speed_to_lead"]) == 5 and body["first_day"] <= body["last_day"]


def test_a_telecaller_gets_their_own_figures_and_sales_none(client, tokens, users, meeting_id):
    mine = client.get("/api/v1/metrics", headers=tokens["telecaller"])
    assert mine.status_code == 200
    assert [row["id"] for row in mine.json["telecallers"]] == [users["telecaller"].id]
    assert client.get("/api/v1/metrics", headers=tokens["sales"]).status_code == 403


def test_an_unknown_period_is_a_field_error(client, tokens):
    refused = client.get("/api/v1/metrics?period=yesterday", headers=tokens["lead"])
    assert refused.status_code == 422 and "period" in refused.json["error"]["fields"]
