"""GET /campaigns/{slug}/calibration and POST /campaigns/{slug}/handoff-rule/replay."""

from __future__ import annotations

from console.services import calibration_lab
from console.wiring import script_library

URL = f"/api/v1/campaigns/{calibration_lab.SLUG}"


def make_lab(session) -> None:
    weights = calibration_lab.parse_truth("need=2,authority=2")
    calibration_lab.run(session=session, library=script_library(), weights=weights, leads=30)


def test_team_leads_read_the_calibration_and_others_may_not(client, session, tokens):
    make_lab(session)
    answer = client.get(f"{URL}/calibration", headers=tokens["lead"])
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert body["outcomes"] == body["handoffs"] == 30
    assert body["warning"].startswith("Only 30 handoffs were reviewed by sales in this period")
    assert {row["key"] for row in body["scores"]} == {"need", "timeframe", "authority", "profile"}
    assert body["suggestion"]["current"]["current"] is True
    assert client.get(f"{URL}/calibration", headers=tokens["telecaller"]).status_code == 403


def test_a_replay_names_the_handoffs_a_rule_would_lose(client, session, tokens):
    make_lab(session)
    rule = {"threshold": 10, "requires": {"meeting": True}}
    answer = client.post(f"{URL}/handoff-rule/replay", json={"rule": rule}, headers=tokens["lead"])
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert body["recorded_handoffs"] == 30 and body["gained"] == []
    assert len(body["lost"]) == 30 - body["handoffs"] > 0
    assert {item["verdict"] for item in body["lost"]} <= {"accepted", "rejected"}


def test_a_malformed_rule_is_refused_field_by_field(client, session, tokens):
    answer = client.post(
        f"{URL}/handoff-rule/replay", json={"rule": {"threshold": 40}}, headers=tokens["admin"]
    )
    assert answer.status_code == 422
    assert "rule.threshold" in answer.json["error"]["fields"]


def test_a_sales_rep_replays_only_the_campaigns_they_are_on(client, session, tokens):
    make_lab(session)  # the lab's own sales rep is on it; this one is not
    body = {"rule": {"threshold": 10}}
    answer = client.post(f"{URL}/handoff-rule/replay", json=body, headers=tokens["sales"])
    assert answer.status_code == 404
    assert "You are not on a campaign called 'calibration-lab'" in answer.json["error"]["message"]
