"""Per-campaign endpoints: a telecaller reaches only the campaigns they are on; others are 404."""

from __future__ import annotations

import pytest

from console.services import accounts, campaign_people, campaigns
from tests.conftest import PASSWORD
from tests.handoffs import meeting_body

PREVIEW = "/api/v1/campaigns/{slug}/handoff-rule/evaluate"


@pytest.fixture
def elsewhere(session, campaign):
    """A campaign the telecaller is not on, whose meetings go to a rep of its own."""
    made = campaigns.create_campaign(
        session=session, slug="elsewhere", name="Elsewhere", script_id="inbound-demo-requests"
    )
    rep = accounts.create_user(
        session=session, email="rep.elsewhere@example.test", name="Remy Elsewhere",
        role="sales", password=PASSWORD,
    )  # fmt: skip
    campaign_people.add_members(session=session, campaign=made, users=[rep])
    return made


def test_a_telecaller_previewing_a_campaign_they_are_not_on_learns_nothing_of_it(
    client, tokens, elsewhere
):
    body = meeting_body()
    refused = client.post(PREVIEW.format(slug="elsewhere"), json=body, headers=tokens["telecaller"])
    missing = client.post(PREVIEW.format(slug="nowhere"), json=body, headers=tokens["telecaller"])
    assert refused.status_code == missing.status_code == 404
    assert refused.json["error"]["code"] == "not_found"
    assert "ask your team lead to add you" in refused.json["error"]["message"]
    text = refused.get_data(as_text=True)
    assert "Remy Elsewhere" not in text and "rep.elsewhere" not in text and "decision" not in text
    assert (
        refused.json["error"]["message"].replace("elsewhere", "nowhere")
        == (missing.json["error"]["message"])
    )


def test_a_telecaller_previews_their_own_campaign_with_its_rep(client, tokens, elsewhere):
    own = client.post(
        PREVIEW.format(slug="inbound"), json=meeting_body(), headers=tokens["telecaller"]
    )
    assert own.status_code == 200 and own.json["decision"] == "handoff"
    assert own.json["sales_rep"]["email"] == "sales@example.test"


@pytest.mark.parametrize("role", ["lead", "admin"])
def test_team_leads_and_admins_preview_any_campaign(client, tokens, elsewhere, role):
    seen = client.post(PREVIEW.format(slug="elsewhere"), json=meeting_body(), headers=tokens[role])
    assert seen.status_code == 200 and seen.json["sales_rep"]["name"] == "Remy Elsewhere"


def test_the_queue_of_a_campaign_a_telecaller_is_not_on_is_404_too(client, tokens, elsewhere):
    taken = client.post(
        "/api/v1/queue/next", json={"campaign": "elsewhere"}, headers=tokens["telecaller"]
    )
    assert taken.status_code == 404 and "ask your team lead" in taken.json["error"]["message"]
