"""Reports: figures made through the services, per telecaller and for the team, with n and an
interval beside every rate, rejections by reason and criterion, the leaderboard by quality."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.contract.reviews import ReviewInput
from console.domain import reports, spreadsheet
from console.errors import Forbidden
from console.services import accounts, campaign_people, metrics, outcomes, reviews
from console.wiring import script_library
from tests.conftest import PASSWORD
from tests.handoffs import Spy, add_lead, book_meeting, ended_call, next_weekday, outcome


def review(session, users, meeting, action, **fields):
    reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=users["sales"],
        action=action,
        review=ReviewInput(**fields),
        publish=Spy(),
    )


def record(session, call, agent, body):
    return outcomes.record_outcome(
        session=session,
        call_id=call.id,
        agent=agent,
        outcome=outcome(body),
        publish=Spy(),
        library=script_library(),
    )


@pytest.fixture
def app(app_on_both):
    """Each test on SQLite and on PostgreSQL (medians are the database's own there)."""
    return app_on_both


@pytest.fixture
def second(session, campaign):
    """A second telecaller on the same team and campaign."""
    made = accounts.create_user(
        session=session,
        email="second@example.test",
        name="Zed Second",
        role="telecaller",
        password=PASSWORD,
        team="Team North",
    )
    campaign_people.add_members(session=session, campaign=campaign, users=[made])
    return made


@pytest.fixture
def days(working_hours):
    """The report's days: from the day before 11:00 on a weekday to a week after it."""
    first, last = working_hours - timedelta(days=1), working_hours + timedelta(days=7)
    return {"start": first.date().isoformat(), "to": last.date().isoformat()}


@pytest.fixture
def worked(session, campaign, users, second, clock, days):
    """Three meetings by the telecaller (one against the rule), reviewed by sales, one held
    once it began; a no-answer by the second telecaller on a lead the first one dialled first."""
    agent = users["telecaller"]
    held = book_meeting(session, add_lead(session, campaign), agent)
    review(session, users, held, "accept")
    rejected = book_meeting(session, add_lead(session, campaign), agent)
    review(session, users, rejected, "reject", reason="definitional", overturned=["authority"])
    body = {
        "disposition": "qualified",
        "scores": {"need": 3, "authority": 1},
        "meeting": {"starts_at": next_weekday(), "decision_maker_present": True},
        "override_reason": "Their VP is a former customer",
    }
    against = record(session, ended_call(session, add_lead(session, campaign), agent), agent, body)
    review(session, users, against.meeting, "accept")
    lead = add_lead(session, campaign, arrived_at=clock.now() - timedelta(minutes=40))
    record(session, ended_call(session, lead, agent), agent, {"disposition": "no-answer"})
    record(session, ended_call(session, lead, second), second, {"disposition": "no-answer"})
    clock.advance(timedelta(days=4))  # the meeting has begun: sales may mark it held
    review(session, users, held, "held")
    return metrics.report(session=session, viewer=users["lead"], **days)


def row_of(report, user):
    return next(row for row in report["telecallers"] if row["id"] == user.id)


def test_quality_counts_and_rates_carry_their_n_and_interval(worked, users):
    row = row_of(worked, users["telecaller"])
    assert (row["meetings_booked"], row["overrides"]) == (2, 1)
    assert (row["accepted"], row["rejected"], row["held"]) == (2, 1, 1)
    assert row["acceptance"]["words"] == "67% of 3 (21-94%)"
    assert (row["acceptance"]["n"], row["acceptance"]["small"]) == (3, True)
    assert row["held_rate"]["words"] == "100% of 1 (21-100%)"  # not a result on its own
    assert (row["dials"], row["connects"], row["conversations"]) == (4, 3, 3)
    assert row["connect_rate"]["words"] == "75% of 4 (30-95%)"


def test_overrides_and_rejections_say_how_they_fared_and_why(worked, users):
    row = row_of(worked, users["telecaller"])
    assert (row["overrides_accepted"], row["overrides_rejected"]) == (1, 0)
    assert row["rejections_by_reason"] == {"procedural": 0, "clerical": 0, "definitional": 1}
    assert row["overturned"]["authority"] == 1 and row["overturned"]["need"] == 0
    kinds = {(r["kind"], r["key"]): r["count"] for r in worked["rejections"]}
    assert kinds[("reason", "definitional")] == 1 and kinds[("overturned", "authority")] == 1


def test_speed_to_lead_belongs_to_whoever_dialled_the_lead_first(worked, users, second):
    assert row_of(worked, second)["median_speed_to_lead_seconds"] is None
    assert row_of(worked, second)["dials"] == 1
    assert row_of(worked, users["telecaller"])["median_speed_to_lead_seconds"] is not None
    spread = {bucket["label"]: bucket["leads"] for bucket in worked["speed_to_lead"]}
    assert spread["Under 5 min"] == 3 and spread["30-60 min"] == 1


def test_the_leaderboard_ranks_quality_not_dials(worked, users, second):
    board = worked["leaderboard"]
    assert [place["id"] for place in board] == [users["telecaller"].id, second.id]
    assert board[0]["place"] == 1 and board[1]["place"] == 2


def test_funnel_and_weekly_trend_come_with_the_report(worked):
    steps = {step["key"]: step["count"] for step in worked["funnel"]}
    assert (steps["dials"], steps["booked"], steps["accepted"], steps["held"]) == (5, 3, 2, 1)
    assert worked["trend"][0]["acceptance"]["words"] == "67% of 3 (21-94%)"
    assert sum(week["held_rate"]["hits"] for week in worked["trend"]) == 1


def test_a_telecaller_gets_their_own_figures_and_sales_none(worked, session, users, second, days):
    mine = metrics.report(session=session, viewer=second, **days)
    assert [row["id"] for row in mine["telecallers"]] == [second.id]
    assert mine["team"]["dials"] == 1 and mine["team"]["accepted"] == 0
    with pytest.raises(Forbidden):
        metrics.report(session=session, viewer=users["sales"], **days)


def test_named_periods_are_whole_days_in_the_viewers_zone(session, users, clock):
    clock.set(clock.now().replace(year=2026, month=11, day=18, hour=15))  # a Wednesday
    week = metrics.report(session=session, viewer=users["lead"], period_name="last-week")
    assert (week["first_day"], week["last_day"]) == ("2026-11-09", "2026-11-15")
    quarter = metrics.report(session=session, viewer=users["lead"], period_name="this-quarter")
    assert (quarter["first_day"], quarter["last_day"]) == ("2026-10-01", "2026-12-31")


def test_every_table_writes_to_a_spreadsheet_with_a_won_deal(session, campaign, users, clock, days):
    """PostgreSQL sums money as Decimal: the tables still hold plain numbers, cell by cell."""
    agent = users["telecaller"]
    meeting = book_meeting(session, add_lead(session, campaign), agent)
    review(session, users, meeting, "accept")
    clock.advance(timedelta(days=4))  # the meeting has begun
    for action, body in (("held", {}), ("opportunity", {}), ("won", {"amount": "9,000"})):
        review(session, users, meeting, action, **body)
    report = metrics.report(session=session, viewer=users["lead"], **days)
    assert row_of(report, agent)["won_amount"] == 9000
    for table in reports.tables(report):
        for values in table["rows"]:
            assert len(spreadsheet.row(values)) == len(table["headings"])
