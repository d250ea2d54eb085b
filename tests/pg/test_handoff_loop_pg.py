"""The whole loop on PostgreSQL through the API: post, claim, call, qualify, hand off, review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from console import clock
from console.db import get_session
from console.models import Call, Lead, Meeting, MeetingReview, Outcome
from console.services import accounts, campaign_people, campaigns
from tests.conftest import PASSWORD, WORKING_ZONE, at_work
from tests.handoffs import meeting_begins, meeting_body

pytestmark = [pytest.mark.pg, pytest.mark.usefixtures("working_hours")]


@pytest.fixture
def floor(pg_app):
    """A campaign callable now, a telecaller and a sales rep on it, and their tokens."""
    session = get_session()
    people = {
        role: accounts.create_user(
            session=session,
            email=f"{role}@pg.test",
            name=f"{role.title()} Pg",
            role=role,
            password=PASSWORD,
            team="Team Pg",
        )
        for role in ("telecaller", "sales", "lead")
    }
    at_work(session, people["telecaller"])
    campaign = campaigns.create_campaign(
        session=session,
        slug="inbound-demo-requests",
        name="Inbound demo requests",
        script_id="inbound-demo-requests",
    )
    campaign.calling_window = {"start": "00:00", "end": "23:59", "days": list(range(7))}
    session.commit()
    campaign_people.add_members(
        session=session, campaign=campaign, users=[people["telecaller"], people["sales"]]
    )
    tokens = {
        role: {
            "Authorization": "Bearer "
            + accounts.issue_token(session=session, kind="personal", name=role, user=user)
        }
        for role, user in people.items()
    }
    key = accounts.issue_token(session=session, kind="intake", name="website")
    tokens["intake"] = {"Authorization": f"Bearer {key}"}
    return pg_app.test_client(), tokens, people


def hand_off(client, tokens, people, phone: str) -> dict:
    """A lead posted by the website, claimed, called, qualified by the script and handed off."""
    lead = client.post(
        "/api/v1/leads",
        headers=tokens["intake"],
        json={
            "campaign": "inbound-demo-requests",
            "first_name": "Grace",
            "last_name": "Hopper",
            "company": "Compilers Inc",
            "title": "VP Engineering",
            "phone": phone,
            "country": "US",
            "timezone": WORKING_ZONE,
            "form": "demo",
            "source": "website",
        },
    )
    assert lead.status_code == 201, lead.json
    claim = client.post("/api/v1/queue/next", headers=tokens["telecaller"], json={})
    assert claim.json["lead"]["id"] == lead.json["id"], claim.json
    session = get_session()
    started = clock.now() - timedelta(minutes=7)
    call = Call(
        lead_id=lead.json["id"],
        agent_id=people["telecaller"].id,
        campaign_id=lead.json["campaign_id"],
        status="completed",
        started_at=started,
        answered_at=started + timedelta(seconds=9),
        ended_at=started + timedelta(minutes=6),
        duration_seconds=351,
        script_id="inbound-demo-requests",
        script_version=1,
    )
    session.add(call)
    session.commit()
    outcome = client.post(
        f"/api/v1/calls/{call.id}/outcome", headers=tokens["telecaller"], json=meeting_body()
    )
    assert outcome.status_code == 200, outcome.json
    assert outcome.json["decision"] == "handoff" and outcome.json["score"]["total"] == 12
    return outcome.json


def test_a_lead_goes_from_the_website_to_a_won_deal_and_another_back_to_nurture(floor, clock):
    client, tokens, people = floor
    won = hand_off(client, tokens, people, "+12125550142")
    meeting_id = won["meeting_id"]
    assert client.get("/api/v1/meetings", headers=tokens["sales"]).json["review_clock"] == {
        "awaiting_review": 1,
        "overdue": 0,
    }
    meeting_begins(clock, get_session().get(Meeting, meeting_id).starts_at)
    for action in ("accept", "held", "opportunity"):
        step = client.post(
            f"/api/v1/meetings/{meeting_id}/{action}", headers=tokens["sales"], json={}
        )
        assert step.status_code == 200, step.json
    closed = client.post(
        f"/api/v1/meetings/{meeting_id}/won", headers=tokens["sales"], json={"amount": "24000.00"}
    )
    assert closed.json["meeting"]["status"] == "won" and closed.json["lead"]["status"] == "closed"

    rejected = hand_off(client, tokens, people, "+12125550143")
    answer = client.post(
        f"/api/v1/meetings/{rejected['meeting_id']}/reject",
        headers=tokens["sales"],
        json={
            "reason": "definitional",
            "overturned": ["authority"],
            "note": "Gathers quotes for the CTO; authority was scored too high.",
        },
    )
    assert answer.status_code == 200, answer.json

    session = get_session()
    session.expire_all()
    meeting = session.get(Meeting, meeting_id)
    assert meeting.status == "won" and meeting.amount_cents == 2_400_000
    steps = session.exec(
        select(MeetingReview.action)
        .where(MeetingReview.meeting_id == meeting_id)
        .order_by(MeetingReview.id)
    ).all()
    assert steps == ["accept", "held", "opportunity", "won"]
    assert session.get(Outcome, won["outcome_id"]).rule["threshold"] == 8
    back = session.get(Lead, answer.json["lead"]["id"])
    assert back.status == "nurture" and back.follow_up_at > clock.now() + timedelta(days=20)
    review = session.exec(select(MeetingReview).where(MeetingReview.action == "reject")).one()
    assert review.overturned == ["authority"] and review.reason == "definitional"
    assert review.details["back_to_nurture"]["scores"] == dict.fromkeys(
        ("need", "timeframe", "authority", "profile")
    )
    feedback = client.get("/api/v1/meetings?status=rejected", headers=tokens["telecaller"]).json
    assert feedback["meetings"][0]["feedback"]["overturned"] == ["authority"]
    metrics = client.get("/api/v1/metrics", headers=tokens["lead"]).json
    caller = next(r for r in metrics["telecallers"] if r["id"] == people["telecaller"].id)
    assert (caller["accepted"], caller["rejected"], caller["won"], caller["won_amount"]) == (
        1,
        1,
        1,
        24000.0,
    )
    assert caller["acceptance_rate"] == 0.5 and caller["median_speed_to_lead_seconds"] is not None
