"""The daily roll-up the quality report reads agrees with the rows: on random data, in zones
with whole-hour, half-hour and quarter-hour offsets, and as data arrives after it was built
(a call dialled and finished, an outcome saved, a review recorded and undone, a lead erased)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlmodel import select

from console import clock
from console.contract.reviews import ReviewInput
from console.models import Call, Lead, Outcome, report_days
from console.services import erasure, metrics, reviews
from tests.conftest import seed_demo
from tests.handoffs import Spy, add_lead, book_meeting, ended_call
from tests.service.test_reports import second  # noqa: F401 (a fixture: a second telecaller)

ZONES = ("UTC", "America/New_York", "Asia/Kolkata", "America/St_Johns", "Asia/Kathmandu")
FLAG_SETS = (
    [],
    ["voicemail"],
    ["human_answered", "contacted", "gatekeeper"],
    ["human_answered", "contacted", "conversation", "qualified"],
)


@pytest.fixture
def app(app_on_both):
    """Each test on SQLite and on PostgreSQL (medians read by step there)."""
    return app_on_both


def scatter(session, campaign, agents, rnd: random.Random, leads: int = 50) -> None:
    """Leads, their dials and outcomes at random times over the fortnight before now, each
    time to the microsecond, as the services leave them (first dial on the lead)."""
    now = clock.now()
    for _ in range(leads):
        arrived = now - timedelta(seconds=rnd.uniform(3600, 14 * 86400))
        lead = add_lead(session, campaign, arrived_at=arrived)
        offsets = sorted(
            rnd.choice((rnd.uniform(-60, 900), rnd.uniform(0, 2 * 86400)))
            for _ in range(rnd.randint(0, 3))
        )
        for offset in offsets:
            agent = rnd.choice(agents)
            started = min(arrived + timedelta(seconds=offset), now)
            status = rnd.choice(("completed", "completed", "no-answer", "preparing"))
            call = Call(
                lead_id=lead.id,
                agent_id=agent.id,
                campaign_id=campaign.id,
                status=status,
                started_at=started,
            )
            session.add(call)
            if status == "preparing":
                continue
            if lead.first_touch_at is None:
                lead.first_touch_at, lead.first_touch_by_id = started, agent.id
            if rnd.random() < 0.7:
                session.flush()
                session.add(
                    Outcome(
                        call_id=call.id,
                        lead_id=lead.id,
                        agent_id=agent.id,
                        campaign_id=campaign.id,
                        disposition="d",
                        flags=rnd.choice(FLAG_SETS),
                        decision="retry",
                        wrap_seconds=rnd.choice((None, rnd.randint(0, 400))),
                        created_at=min(started + timedelta(seconds=rnd.uniform(20, 900)), now),
                    )
                )
        session.commit()


def kept(session) -> dict:
    """The roll-up's rows with anything counted, by their key."""
    table = report_days.report_day
    return {
        (row.day, row.agent_id, row.campaign_id): tuple(row[3:])
        for row in session.execute(select(table))
        if any(row[3:])
    }


def periods(rnd: random.Random) -> list[tuple[str, str]]:
    """Whole days, one day, and instants inside days (ends that are not midnight anywhere)."""
    today = clock.now().date()
    day = lambda back: (today - timedelta(days=back)).isoformat()  # noqa: E731
    moment = lambda back: (clock.now() - timedelta(seconds=back)).isoformat()  # noqa: E731
    return [
        (day(15), day(0)),
        (day(rnd.randint(6, 12)), day(rnd.randint(1, 5))),
        (day(3), day(3)),
        (moment(rnd.uniform(5 * 86400, 12 * 86400)), moment(rnd.uniform(0, 4 * 86400))),
        (moment(rnd.uniform(40000, 80000)), moment(rnd.uniform(0, 30000))),
    ]


def agree(session, campaign, rnd: random.Random) -> int:
    """The roll-up kept as it went equals one made afresh, and every report read through it
    equals the same report read from the rows alone. Returns the dials of the widest."""
    before = kept(session)
    report_days.rebuild(session)
    session.commit()
    assert kept(session) == before
    widest = 0
    for zone in ZONES:
        for first, last in periods(rnd):
            span = metrics.period(first, last, zone)
            for campaign_id in (None, campaign.id):
                fast = metrics.metrics(session=session, span=span, campaign_id=campaign_id)
                slow = metrics.metrics(
                    session=session, span=span, campaign_id=campaign_id, rolled=False
                )
                assert fast == slow, (zone, first, last, campaign_id)
                widest = max(widest, fast["team"]["dials"])
    return widest


def test_the_report_through_the_roll_up_equals_the_report_from_the_rows(
    session,
    campaign,
    users,
    second,  # noqa: F811 (the fixture imported above)
    clock,
):
    rnd = random.Random(20261204)
    agents = [users["telecaller"], second]
    scatter(session, campaign, agents, rnd)
    assert agree(session, campaign, rnd) > 20

    # Data arriving after the roll-up was built.
    lead = add_lead(session, campaign)
    call = Call(lead_id=lead.id, agent_id=agents[0].id, campaign_id=campaign.id, status="preparing")
    session.add(call)
    session.commit()
    clock.advance(timedelta(minutes=3))
    call.status, call.started_at = "queued", clock.now()  # dialled: now a dial, and the first
    lead.first_touch_at, lead.first_touch_by_id = clock.now(), agents[0].id
    session.commit()
    call.status = "completed"
    session.commit()
    meeting = book_meeting(session, add_lead(session, campaign), agents[1])  # an outcome saved
    ended_call(session, add_lead(session, campaign), agents[0], status="no-answer")
    reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=users["sales"],
        action="reject",
        review=ReviewInput(reason="definitional", overturned=["authority"]),
        publish=Spy(),
    )
    assert agree(session, campaign, rnd) > 20
    reviews.undo(session=session, meeting_id=meeting.id, viewer=users["sales"], publish=Spy())
    erasure.erase(session=session, lead_id=lead.id, actor=users["admin"], wait_for_outcome=False)
    moved = session.exec(select(Lead).where(Lead.first_touch_at.is_not(None))).first()
    moved.arrived_at -= timedelta(hours=5)  # a lead's arrival read again: its speed changes
    unplaced = Call(
        lead_id=moved.id, agent_id=second.id, campaign_id=campaign.id, status="preparing"
    )
    session.add(unplaced)
    session.commit()
    session.delete(unplaced)  # a call never placed, let go
    session.commit()
    assert agree(session, campaign, rnd) > 20


def test_the_demo_made_through_the_services_leaves_the_roll_up_its_rows_make(session, clock):
    seed_demo(session, leads=40)  # six weeks of a team's work, through the services
    before = kept(session)
    assert sum(counts[0] for counts in before.values()) > 20  # dials
    report_days.rebuild(session)
    assert kept(session) == before
    span = metrics.period(
        (clock.now() - timedelta(days=50)).date().isoformat(), None, "Asia/Kolkata"
    )
    assert metrics.metrics(session=session, span=span) == metrics.metrics(
        session=session, span=span, rolled=False
    )
