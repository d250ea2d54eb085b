"""Follow-ups on the pages: the team lead's nurture pipeline (page and API), a lead back from
nurture on the queue page, and the campaign setting that puts follow-ups first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console import clock
from console.models import Lead, MeetingReview
from tests import handoffs
from tests.conftest import WORKING_ZONE, csrf_token
from tests.web.test_campaign_pages import form

pytestmark = pytest.mark.usefixtures("working_hours")  # leads are claimed: in calling hours

DAY = timedelta(days=1)


def waiting(session, campaign, due_in: timedelta, reason: str, **fields) -> Lead:
    """A lead in nurture, its follow-up `due_in` from now."""
    values = {"status": "nurture", "attempts": 6, "timezone": WORKING_ZONE}
    values |= {"follow_up_at": clock.now() + due_in, "follow_up_reason": reason, **fields}
    return handoffs.add_lead(session, campaign, **values)


def test_the_team_lead_sees_who_comes_back_from_nurture_by_why(signed_in, session, campaign):
    waiting(session, campaign, -DAY, "nurture")
    waiting(session, campaign, -2 * DAY, "no_show")
    waiting(session, campaign, 400 * DAY, "rejected")  # far off: not in the pipeline
    html = signed_in("lead").get("/floor").get_data(as_text=True)
    assert "Coming back from nurture" in html and "Due, not called yet" in html
    for reason, label in [("nurture", "Nurture"), ("no_show", "No-show")]:
        row = html.split(f'data-reason="{reason}"')[1].split("</tr>")[0]
        assert label in row and '<td class="text-end" data-horizon="overdue">1</td>' in row
    total = html.split('data-reason="total"')[1].split("</tr>")[0]
    assert 'data-horizon="overdue">2</td>' in total
    refreshed = signed_in("lead").get("/floor/pipeline")
    assert refreshed.status_code == 200 and 'id="pipeline-table"' in refreshed.get_data(
        as_text=True
    )


def test_only_team_leads_and_admins_see_the_pipeline(signed_in, client, tokens, campaign):
    assert signed_in("telecaller").get("/floor/pipeline").status_code == 403
    assert client.get("/api/v1/nurture", headers=tokens["telecaller"]).status_code == 403


def test_the_api_answers_the_pipeline_typed(client, session, campaign, tokens):
    waiting(session, campaign, 2 * DAY, "interest", intent="interest")
    answer = client.get("/api/v1/nurture?campaign=inbound", headers=tokens["lead"])
    assert answer.status_code == 200
    body = answer.json
    assert [row["reason"] for row in body["reasons"]] == [
        "nurture",
        "rejected",
        "no_show",
        "interest",
    ]
    assert sum(body["total"].values()) == 1
    interest = body["reasons"][3]
    assert (
        interest["label"] == "Interest only" and interest["this_week"] + interest["next_week"] == 1
    )
    missing = client.get("/api/v1/nurture?campaign=nope", headers=tokens["lead"])
    assert missing.status_code == 404
    document = client.get("/api/v1/openapi.json").json
    answers = document["paths"]["/nurture"]["get"]["responses"]["200"]["content"]
    assert answers["application/json"]["schema"]["$ref"] == "#/components/schemas/Pipeline"
    reasons = document["components"]["schemas"]["FollowUpReason"]["enum"]
    assert set(reasons) == {"nurture", "rejected", "no_show", "interest"}


def test_a_lead_back_from_sales_says_why_on_the_queue_page(signed_in, session, campaign, users):
    lead = handoffs.add_lead(session, campaign, first_name="<i>Ivo</i>", timezone=WORKING_ZONE)
    meeting = handoffs.book_meeting(session, lead, users["telecaller"])
    lead.status, lead.follow_up_at = "nurture", clock.now() - DAY  # as the rejection left it
    lead.follow_up_reason, lead.lease_owner_id = "rejected", None
    session.add(
        MeetingReview(meeting_id=meeting.id, reviewer_id=users["sales"].id, action="reject",
                      reason="definitional", overturned=["authority"], note="<b>Not</b> the buyer",
                      created_at=clock.now() - 30 * DAY)
    )  # fmt: skip
    session.commit()
    client = signed_in("telecaller")
    html = client.post("/queue/next", headers={"X-CSRFToken": csrf_token(client, "/queue")})
    html = html.get_data(as_text=True)
    assert "Follow-up due 24 hours ago: back from nurture" in html
    assert (
        "Rejected by sales 30 days ago: authority overturned; ask who decides; "
        "follow-up due yesterday." in html
    )
    assert "&lt;b&gt;Not&lt;/b&gt; the buyer" in html and "<b>Not</b>" not in html
    assert "&lt;i&gt;Ivo&lt;/i&gt;" in html


def test_an_admin_puts_follow_ups_before_fresh_need(signed_in, session, campaign):
    client = signed_in("admin")
    page = client.get("/setup/campaigns/inbound").get_data(as_text=True)
    assert 'name="follow_ups_first"' in page
    token = csrf_token(client, "/setup/campaigns/inbound")
    response = client.post(
        "/setup/campaigns/inbound", data=form(token, follow_ups_first="on"), follow_redirects=True
    )
    assert "follow ups first" in response.get_data(as_text=True)
    session.refresh(campaign)
    assert campaign.follow_ups_first is True
