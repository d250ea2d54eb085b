"""The queue service: atomic leased claims in bucket order, agreeing with the pure policy.

Every test runs on SQLite and on the real PostgreSQL: the claim statement differs between them.
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from console.domain.queue import pick_next
from console.errors import Conflict, Forbidden, Invalid
from console.models import AuditEntry, Call, Lead
from console.services import accounts, handovers, queue, queue_facts
from tests import handoffs

NOW = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # a Wednesday: 11:00 in New York
PHONES = itertools.count(1000)  # each lead its own number, the same ones every run


@pytest.fixture
def app(app_on_both):
    """The app on each database the queue runs on."""
    return app_on_both


def add_lead(session, campaign, **fields) -> Lead:
    values = {
        "phone": f"+1212555{next(PHONES)}",
        "first_name": "Lead",
        "timezone": "America/New_York",
        "country": "US",
        "region": "NY",
        "intent": "need",
        "arrived_at": NOW - timedelta(minutes=5),
        **fields,
    }
    lead = Lead(campaign_id=campaign.id, **values)
    session.add(lead)
    session.commit()
    return lead


def claim(session, agent, now=NOW):
    return queue.claim_next(session=session, agent=agent, publish=handoffs.noop, now=now)


def test_a_fresh_need_lead_goes_to_exactly_one_telecaller(session, campaign, callers):
    lead = add_lead(session, campaign)
    first, second = callers
    got = claim(session, first)
    assert got.lead.id == lead.id and got.bucket == "fresh_need"
    assert "speed-to-lead" in got.reason and got.lease_expires_at == NOW + queue.LEASE
    nothing = claim(session, second)
    assert nothing.lead is None and nothing.why == {"claimed": 1}


def test_asking_again_returns_the_lead_already_held(session, campaign, callers):
    add_lead(session, campaign)
    first, _ = callers
    assert claim(session, first).lead.id == claim(session, first).lead.id


def test_an_expired_lease_lets_another_telecaller_take_the_lead(session, campaign, callers):
    lead = add_lead(session, campaign)
    first, second = callers
    claim(session, first)
    later = NOW + queue.LEASE + timedelta(seconds=1)
    assert claim(session, second, now=later).lead.id == lead.id


def test_release_gives_the_lead_back(session, campaign, callers):
    lead = add_lead(session, campaign)
    first, second = callers
    claim(session, first)
    handovers.release(session=session, lead_id=lead.id, user=first, publish=handoffs.noop)
    assert claim(session, second).lead.id == lead.id


def test_an_empty_queue_says_why(session, campaign, callers):
    add_lead(session, campaign, timezone="Asia/Tokyo", country="JP", region=None)  # 01:00 there
    add_lead(session, campaign, next_attempt_at=NOW + timedelta(hours=1), attempts=1)
    add_lead(session, campaign, dnc=True, status="dnc")
    result = claim(session, callers[0])
    assert result.lead is None
    assert result.why == {"outside_calling_hours": 1, "awaiting_retry": 1, "dnc": 1}
    assert "outside calling hours" in result.reason


def test_my_due_callback_comes_before_a_fresh_lead(session, campaign, callers):
    first, _ = callers
    add_lead(session, campaign)
    mine = add_lead(
        session,
        campaign,
        attempts=1,
        callback_at=NOW - timedelta(minutes=1),
        callback_owner_id=first.id,
    )
    got = claim(session, first)
    assert got.lead.id == mine.id and got.bucket == "personal_callback"


@pytest.mark.parametrize("follow_ups_first", [False, True])
def test_the_sql_claim_agrees_with_the_pure_policy(session, campaign, callers, follow_ups_first):
    rng = random.Random(4)
    campaign.follow_ups_first = follow_ups_first
    first, second = callers
    for n in range(60):
        add_lead(
            session,
            campaign,
            phone=f"+1202555{1000 + n}",
            intent=rng.choice(["need", "need", "interest"]),
            arrived_at=NOW - timedelta(minutes=rng.randint(1, 600)),
            attempts=(attempts := rng.choice([0, 0, 1, 2])),
            next_attempt_at=None
            if attempts == 0
            else NOW + timedelta(minutes=rng.randint(-300, 300)),
            callback_at=rng.choice(
                [None, None, None, NOW + timedelta(minutes=rng.randint(-90, 30))]
            ),
            callback_owner_id=rng.choice([None, first.id, second.id]),
            priority=rng.randint(0, 3),
            timezone=rng.choice(["America/New_York", "America/Los_Angeles", "Asia/Tokyo"]),
        )
    for lead in session.exec(queue.select(Lead)).all():
        if lead.callback_at is None:
            lead.callback_owner_id = None
        # Some wait in nurture, as the app leaves them: no callback, a follow-up date due or not.
        if lead.callback_at is None and rng.random() < 0.3:
            lead.status, lead.attempts = "nurture", rng.choice([1, 6])
            lead.follow_up_at = NOW + timedelta(days=rng.choice([-9, -2, -1, 1, 3]))
    session.commit()
    policy = queue_facts.policy_of(campaign)
    buckets = []
    for step in range(40):
        leads = session.exec(queue.select(Lead)).all()
        expected = pick_next(
            [queue_facts.candidate_of(lead) for lead in leads], first.id, NOW, policy
        )
        got = claim(session, first)
        assert (got.lead.id if got.lead else None) == (
            expected.lead.id if expected.lead else None
        ), step
        if got.lead is None:
            break
        buckets.append(got.bucket)
        got.lead.status, got.lead.follow_up_at = "nurture", None  # worked: out of the queue
        got.lead.lease_owner_id = None
        session.commit()
    assert {"fresh_need", "retry", "follow_up"} <= set(buckets)  # follow-ups are in the mix


def test_a_lead_in_a_zone_the_queue_has_not_seen_yet_is_served(session, campaign, callers):
    first, second = callers
    add_lead(session, campaign)
    claim(session, first)  # the campaign's zones are now known: New York only
    chicago = add_lead(session, campaign, timezone="America/Chicago", region="IL")
    assert claim(session, second).lead.id == chicago.id


def test_the_zone_look_up_is_a_skip_scan_that_finds_every_zone(session, campaign):
    for zone in ("Europe/London", "America/New_York", "America/New_York America/Chicago"):
        add_lead(session, campaign, timezone=zone)
    found = session.execute(queue.queue_sql.ZONES, {"campaign": campaign.id}).scalars()
    assert sorted(found) == [
        "America/New_York",
        "America/New_York America/Chicago",
        "Europe/London",
    ]


def test_a_team_lead_hands_a_held_lead_to_another_telecaller(session, campaign, callers, users):
    lead = add_lead(session, campaign)
    first, second = callers
    claim(session, first)
    published = handoffs.Spy()
    handovers.reassign(
        session=session, lead_id=lead.id, to_user_id=second.id, by=users["lead"], publish=published
    )
    session.refresh(lead)
    assert lead.lease_owner_id == second.id
    assert [(kind, room) for kind, _payload, room in published.sent] == [
        ("lead.assigned", f"user:{second.id}"),
        ("queue.changed", f"campaign:{campaign.id}"),
    ]
    audit = session.exec(select(AuditEntry).where(AuditEntry.action == "lead.reassign")).one()
    assert (audit.before, audit.after) == ({"holder": first.id}, {"holder": second.id})
    assert [(held.id, holder.id) for held, holder in handovers.held_leads(session=session)] == [
        (lead.id, second.id)
    ]
    assert claim(session, second).bucket == "held"


def test_a_lead_is_handed_only_to_a_telecaller_of_its_campaign(session, campaign, users):
    lead = add_lead(session, campaign)
    outsider = accounts.create_user(
        session=session, email="out@example.test", name="Outsider", role="telecaller",
        password="correct horse battery",
    )  # fmt: skip
    for target in (outsider, users["sales"]):
        with pytest.raises(Invalid) as refused:
            handovers.reassign(
                session=session, lead_id=lead.id, to_user_id=target.id, by=users["lead"],
                publish=handoffs.noop,
            )  # fmt: skip
        assert "works this lead's campaign" in refused.value.fields["to"]


def test_a_dnc_lead_or_one_on_a_live_call_is_not_handed_over(session, campaign, callers, users):
    first, second = callers
    stopped = add_lead(session, campaign, dnc=True, status="dnc")
    with pytest.raises(Conflict, match="only a lead waiting in the queue"):
        handovers.reassign(
            session=session, lead_id=stopped.id, to_user_id=second.id, by=users["lead"],
            publish=handoffs.noop,
        )  # fmt: skip
    talking = add_lead(session, campaign)
    session.add(Call(lead_id=talking.id, agent_id=first.id, campaign_id=campaign.id,
                     status="in-progress", started_at=NOW))  # fmt: skip
    session.commit()
    with pytest.raises(Conflict, match="on a live call") as refused:
        handovers.reassign(
            session=session, lead_id=talking.id, to_user_id=second.id, by=users["lead"],
            publish=handoffs.noop,
        )  # fmt: skip
    assert refused.value.code == "call_live"


def test_a_telecaller_cannot_hand_leads_around(session, campaign, callers):
    lead = add_lead(session, campaign)
    first, second = callers
    with pytest.raises(Forbidden):
        handovers.reassign(
            session=session, lead_id=lead.id, to_user_id=second.id, by=first, publish=handoffs.noop
        )


def dialled(session, lead, agent, at) -> None:
    """A call that reached the lead's line at `at`."""
    session.add(
        Call(lead_id=lead.id, agent_id=agent.id, campaign_id=lead.campaign_id, status="completed",
             lead_call_sid=f"CA{lead.id}{at:%H%M}", started_at=at, ended_at=at)
    )  # fmt: skip
    session.commit()


def test_a_florida_lead_called_three_times_today_waits_and_the_queue_says_why(
    session, campaign, callers
):
    first, second = callers
    miami = add_lead(session, campaign, region="FL", attempts=3, next_attempt_at=NOW)
    for hours in (20, 9, 2):  # by the second telecaller, so the first has no wrap-up pending
        dialled(session, miami, second, NOW - timedelta(hours=hours))
    nothing = claim(session, first)
    assert nothing.lead is None and nothing.why == {"florida_limit": 1}
    assert "Florida's limit of 3 calls in 24 hours" in nothing.reason
    assert claim(session, first, now=NOW + timedelta(hours=5)).lead.id == miami.id  # 20 h aged out
