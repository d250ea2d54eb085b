"""Metrics: quality first, medians not means, overrides apart, periods in the viewer's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console import clock
from console.contract.reviews import ReviewInput
from console.errors import Invalid
from console.services import metrics, outcomes, reviews
from console.wiring import script_library
from tests.handoffs import Spy, add_lead, book_meeting, ended_call, next_weekday, outcome


def today(session):
    span = metrics.period(None, None, "UTC")
    return metrics.metrics(session=session, span=span)


def test_speed_to_lead_is_the_median_from_arrival_to_the_first_dial(session, campaign, users):
    agent = users["telecaller"]
    for minutes in (2, 3, 60):  # a mean would say 21:40; the median says 3 minutes
        lead = add_lead(session, campaign, arrived_at=clock.now() - timedelta(minutes=minutes + 6))
        call = ended_call(session, lead, agent)
        outcomes.record_outcome(
            session=session,
            call_id=call.id,
            agent=agent,
            outcome=outcome({"disposition": "no-answer"}),
            publish=Spy(),
            library=script_library(),
        )
    row = today(session)["telecallers"][0]
    assert row["median_speed_to_lead_seconds"] == pytest.approx(180, abs=2)
    assert row["dials"] == 3 and row["conversations"] == 0 and row["meetings_booked"] == 0


def test_overrides_are_counted_apart_from_handoffs_by_the_rule(session, campaign, users):
    agent = users["telecaller"]
    book_meeting(session, add_lead(session, campaign), agent)  # handed off by the rule
    against = ended_call(session, add_lead(session, campaign), agent)
    body = {
        "disposition": "qualified",
        "scores": {"need": 3, "authority": 1},
        "meeting": {"starts_at": next_weekday(), "decision_maker_present": True},
        "override_reason": "Their VP is a former customer",
    }
    recorded = outcomes.record_outcome(
        session=session,
        call_id=against.id,
        agent=agent,
        outcome=outcome(body),
        publish=Spy(),
        library=script_library(),
    )
    reviews.act(
        session=session,
        meeting_id=recorded.meeting.id,
        viewer=users["sales"],
        action="reject",
        review=ReviewInput(reason="clerical"),
        publish=Spy(),
    )
    team = today(session)["team"]
    assert (team["meetings_booked"], team["overrides"]) == (1, 1)
    assert (team["accepted"], team["rejected"], team["acceptance_rate"]) == (0, 1, 0.0)


def test_a_period_of_dates_covers_whole_days_in_the_viewers_zone():
    span = metrics.period("2026-11-16", "2026-11-17", "America/New_York")
    assert span.start == datetime(2026, 11, 16, 5, tzinfo=UTC)
    assert span.end == datetime(2026, 11, 18, 5, tzinfo=UTC)
    with pytest.raises(Invalid) as refused:
        metrics.period("2026-11-18", "2026-11-17", "UTC")
    assert "to" in refused.value.fields
