"""A change to the handoff rule is proposed with its replay and takes effect when sales agrees."""

from __future__ import annotations

from sqlmodel import select

from console.contract.rules import HandoffRuleForm
from console.models import AuditEntry
from console.services import campaign_people, handoff_rules
from tests.conftest import csrf_token, sign_in

REPLAY = {"handoffs": 3, "recorded_handoffs": 5, "gained": [], "lost": [{}, {}]}


def proposed(session, campaign, users):
    campaign_people.add_members(session=session, campaign=campaign, users=[users["sales"]])
    session.commit()
    rule = HandoffRuleForm(threshold=10, requires={"meeting": True})
    return handoff_rules.propose(
        session=session, campaign=campaign, rule=rule, actor=users["lead"], replay=REPLAY
    )


def test_a_sales_rep_agrees_and_both_names_and_the_replay_are_kept(
    client, session, campaign, users
):
    proposal = proposed(session, campaign, users)
    sign_in(client, users["sales"].email)
    page = client.get(f"/rules/{campaign.slug}").get_data(as_text=True)
    assert "Lead Person</strong> proposed" in page and 'id="agree-change"' in page
    token = csrf_token(client, f"/rules/{campaign.slug}")
    url = f"/rules/{campaign.slug}/proposals/{proposal.id}/agree"
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    session.refresh(campaign)
    assert campaign.handoff_rule["threshold"] == 10
    agreed = session.exec(select(AuditEntry).where(AuditEntry.action == "handoff_rule.agree")).one()
    assert agreed.after["proposed_by"] == "Lead Person"
    assert agreed.after["agreed_by"] == "Sales Person"
    assert agreed.after["replay"]["lost"] == 2
    page = client.get(f"/rules/{campaign.slug}").get_data(as_text=True)
    assert "Proposed by Lead Person, agreed by Sales Person" in page
    assert "Waiting for sales to agree" not in page


def test_a_telecaller_cannot_agree_and_a_sales_rep_cannot_propose(client, session, campaign, users):
    proposal = proposed(session, campaign, users)
    sign_in(client, users["telecaller"].email)
    token = csrf_token(client, "/queue")
    url = f"/rules/{campaign.slug}/proposals/{proposal.id}/agree"
    assert client.post(url, data={"csrf_token": token}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    sign_in(client, users["sales"].email)
    token = csrf_token(client, f"/rules/{campaign.slug}")
    form = {"csrf_token": token, "threshold": "4", "action": "propose"}
    assert client.post(f"/rules/{campaign.slug}", data=form).status_code == 403
    session.refresh(campaign)
    assert campaign.handoff_rule["threshold"] == 8
