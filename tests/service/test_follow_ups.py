"""Follow-ups that come back: leads in nurture return to the queue on their date, in their place,
start a new round, say why they left, and the team lead sees them coming.

Every test runs on SQLite and on the real PostgreSQL: the claim statement differs between them.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from console.contract.common import read
from console.contract.leads import LeadIntake
from console.contract.reviews import ReviewInput
from console.models import Lead
from console.services import follow_ups, handovers, intake, leads, outcomes, queue, reviews
from console.wiring import script_library
from tests.handoffs import Spy, book_meeting, ended_call, meeting_begins, outcome

NOW = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # a Wednesday: 11:00 in New York
DAY = timedelta(days=1)
PHONES = itertools.count(3000)


@pytest.fixture
def app(app_on_both):
    """The app on each database the queue runs on."""
    return app_on_both


@pytest.fixture(autouse=True)
def held_clock(clock):
    clock.set(NOW, frozen=True)
    return clock


def add_lead(session, campaign, **fields) -> Lead:
    values = {
        "phone": f"+1212555{next(PHONES)}",
        "first_name": "Lead",
        "timezone": "America/New_York",
        "country": "US",
        "region": "NY",
        "intent": "need",
        "arrived_at": NOW - 40 * DAY,
        **fields,
    }
    lead = Lead(campaign_id=campaign.id, **values)
    session.add(lead)
    session.commit()
    return lead


def nurtured(session, campaign, due_in: timedelta = -DAY, **fields) -> Lead:
    """A need lead sent to nurture after six unanswered attempts, its follow-up `due_in` away."""
    values = {"status": "nurture", "attempts": 6, "follow_up_reason": "nurture"}
    return add_lead(session, campaign, follow_up_at=NOW + due_in, **{**values, **fields})


def claim(session, agent, now=NOW):
    return queue.claim_next(session=session, agent=agent, publish=Spy(), now=now)


def worked(session, lead) -> None:
    """Take a claimed lead out of the queue, as if its call were done."""
    lead.status, lead.follow_up_at, lead.lease_owner_id = "closed", None, None
    session.commit()


def record(session, call, agent, body):
    return outcomes.record_outcome(
        session=session, call_id=call.id, agent=agent, outcome=outcome(body), publish=Spy(),
        library=script_library(),
    )  # fmt: skip


def test_a_lead_waits_in_nurture_and_comes_back_on_its_follow_up_date(session, campaign, users):
    agent = users["telecaller"]
    lead = nurtured(session, campaign, due_in=DAY)
    nothing = claim(session, agent)
    assert nothing.lead is None and nothing.why == {"awaiting_follow_up": 1}
    assert nothing.reason == "No lead can be called right now: 1 waiting for their follow-up date."
    got = claim(session, agent, now=NOW + 2 * DAY)
    assert got.lead.id == lead.id and got.bucket == "follow_up"
    session.refresh(lead)
    # Back in the queue for a new round: the cadence starts over; the date marks its place.
    assert (lead.status, lead.attempts, lead.next_attempt_at) == ("queued", 0, None)
    assert lead.follow_up_at == NOW + DAY and lead.lease_owner_id == agent.id


def test_follow_ups_come_after_retries_and_before_the_backlog(session, campaign, users):
    agent = users["telecaller"]
    backlog = add_lead(session, campaign, attempts=1, arrived_at=NOW - 3 * DAY)
    due = nurtured(session, campaign)
    retry = add_lead(session, campaign, attempts=2, next_attempt_at=NOW - DAY)
    fresh = add_lead(session, campaign, arrived_at=NOW - timedelta(minutes=5))
    order = []
    while (got := claim(session, agent)).lead is not None:
        order.append((got.lead.id, got.bucket))
        worked(session, got.lead)
    assert order == [
        (fresh.id, "fresh_need"),
        (retry.id, "retry"),
        (due.id, "follow_up"),
        (backlog.id, "backlog"),
    ]


def test_a_campaign_can_call_follow_ups_before_fresh_need(session, campaign, users):
    campaign.follow_ups_first = True
    session.commit()
    add_lead(session, campaign, arrived_at=NOW - timedelta(minutes=5))
    due = nurtured(session, campaign)
    got = claim(session, users["telecaller"])
    assert (got.lead.id, got.bucket) == (due.id, "follow_up")


def test_a_released_follow_up_keeps_its_place_and_its_new_round(session, campaign, users):
    agent = users["telecaller"]
    due = nurtured(session, campaign, due_in=-2 * DAY)
    later = nurtured(session, campaign, due_in=-5 * DAY)
    assert claim(session, agent).lead.id == later.id  # the longest overdue first
    handovers.release(session=session, lead_id=later.id, user=agent, publish=Spy())
    again = claim(session, agent)
    assert (again.lead.id, again.bucket) == (later.id, "follow_up")
    assert again.lead.attempts == 0 and session.get(Lead, due.id).status == "nurture"


def test_the_new_rounds_first_outcome_puts_the_lead_back_on_the_cadence(session, campaign, users):
    agent = users["telecaller"]
    lead = nurtured(session, campaign)
    claim(session, agent)
    call = ended_call(session, lead, agent)
    recorded = record(session, call, agent, {"disposition": "no-answer"})
    assert recorded.decision.kind == "retry"  # not "every attempt is used": a new round
    assert (lead.status, lead.attempts) == ("queued", 1)
    assert lead.next_attempt_at == call.started_at + timedelta(minutes=10)
    assert (lead.follow_up_at, lead.follow_up_reason) == (None, None)


def test_an_interest_lead_comes_back_on_the_nurture_cadence(session, campaign, users, held_clock):
    agent = users["telecaller"]
    taken = intake.take_in(
        session=session,
        campaign=campaign,
        lead=read(LeadIntake, {"phone": "+12125550199",
                               "first_name": "Ivy", "form": "whitepaper", "country": "US",
                               "region": "NY"}),
        publish=Spy(),
    )  # fmt: skip
    lead = taken.lead
    assert (lead.status, lead.follow_up_reason) == ("nurture", "interest")
    due = lead.follow_up_at
    assert due == NOW + 30 * DAY  # the rule's interest interval
    assert claim(session, agent).why == {"awaiting_follow_up": 1}
    held_clock.set(due, frozen=True)
    got = claim(session, agent, now=due)
    assert (got.lead.id, got.bucket) == (lead.id, "follow_up")
    call = ended_call(session, lead, agent)
    recorded = record(session, call, agent, {"disposition": "no-answer"})
    # Unreached, it is not retried like a need lead: it waits for its next follow-up.
    assert recorded.decision.kind == "nurture" and lead.status == "nurture"
    assert lead.follow_up_at == due + 30 * DAY and lead.follow_up_reason == "nurture"


def review(session, meeting, user, action, **body):
    return reviews.act(
        session=session, meeting_id=meeting.id, viewer=user, action=action,
        review=read(ReviewInput, body), publish=Spy(),
    )  # fmt: skip


def test_a_lead_rejected_by_sales_comes_back_saying_what_to_ask(
    session, campaign, users, held_clock
):
    agent, rep = users["telecaller"], users["sales"]
    lead = add_lead(session, campaign, attempts=1)
    meeting = book_meeting(session, lead, agent)
    review(session, meeting, rep, "reject", reason="definitional", overturned=["authority"],
           note="Not the buyer; the CFO signs.")  # fmt: skip
    assert (lead.status, lead.follow_up_reason) == ("nurture", "rejected")
    back = NOW + 31 * DAY
    held_clock.set(back, frozen=True)
    got = claim(session, agent, now=back)
    assert got.bucket == "follow_up"
    said = leads.preview(session=session, lead=got.lead, viewer=agent)["came_back"]
    assert said == (
        "Rejected by sales 31 days ago: authority overturned; ask who decides; follow-up due "
        'yesterday. The sales rep said: "Not the buyer; the CFO signs".'
    )


def test_a_no_show_comes_back_to_rebook(session, campaign, users, held_clock):
    agent, rep = users["telecaller"], users["sales"]
    lead = add_lead(session, campaign, attempts=1)
    meeting = book_meeting(session, lead, agent)
    review(session, meeting, rep, "accept")
    meeting_begins(held_clock, meeting.starts_at)
    review(session, meeting, rep, "no-show")
    back = lead.follow_up_at
    held_clock.set(back, frozen=True)
    got = claim(session, agent, now=back)
    said = follow_ups.came_back_sentence(session=session, lead=got.lead, zone="UTC")
    assert said == (
        "No-show 2 days ago: the meeting did not happen; call to rebook it; follow-up due today."
    )


def test_a_nurtured_lead_comes_back_with_what_the_telecaller_noted(session, campaign, users):
    agent = users["telecaller"]
    lead = add_lead(session, campaign)
    claim(session, agent)
    call = ended_call(session, lead, agent)
    body = {"disposition": "not-interested", "notes": "No budget until Q3."}
    assert record(session, call, agent, body).decision.kind == "nurture"
    left = follow_ups.departure(session, lead)
    assert (left.reason, left.said, left.due_at) == (
        "nurture",
        "No budget until Q3.",
        NOW + 90 * DAY,
    )
    said = follow_ups.came_back_sentence(session=session, lead=lead, now=NOW + 90 * DAY)
    assert said == "Nurture since 3 months ago: No budget until Q3; follow-up due today."
    assert leads.preview(session=session, lead=add_lead(session, campaign))["came_back"] is None


def test_the_pipeline_counts_who_comes_back_by_why_they_left(session, campaign, users):
    nurtured(session, campaign, due_in=-DAY)  # overdue
    nurtured(session, campaign, due_in=-DAY, status="queued", attempts=0)  # taken back, not called
    nurtured(session, campaign, due_in=2 * DAY, follow_up_reason="rejected")  # Friday
    nurtured(session, campaign, due_in=6 * DAY, follow_up_reason="no_show")  # next Tuesday
    nurtured(session, campaign, due_in=3 * DAY, follow_up_reason="interest", intent="interest")
    nurtured(session, campaign, due_in=20 * DAY)  # later than next week
    nurtured(session, campaign, due_in=DAY, status="dnc", dnc=True)  # never called again
    found = follow_ups.pipeline(session=session, zone="America/New_York")
    rows = {row["reason"]: row for row in found["reasons"]}
    assert [row["reason"] for row in found["reasons"]] == [
        "nurture",
        "rejected",
        "no_show",
        "interest",
    ]
    assert rows["nurture"] == {
        "reason": "nurture", "label": "Nurture", "overdue": 2, "this_week": 0, "next_week": 0
    }  # fmt: skip
    assert (rows["rejected"]["this_week"], rows["no_show"]["next_week"]) == (1, 1)
    assert rows["interest"]["this_week"] == 1
    assert found["total"] == {"overdue": 2, "this_week": 2, "next_week": 1}
    assert found["this_week_ends"] == "2026-11-23T05:00:00+00:00"  # midnight in New York
