"""When reminders and alerts fall due, and what they say: times in the reader's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.compliance import CallingWindow
from console.domain.queue import Candidate, QueuePolicy
from console.domain.reminders import (
    callback_reminder_due,
    callback_sentence,
    review_sentence,
    review_warning_due,
    span,
    speed_sentence,
    speed_to_lead_missed,
    who,
)

WEDNESDAY = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # 11:00 in New York, 16:00 in London
POLICY = QueuePolicy(
    window=CallingWindow.from_stored({"start": "08:00", "end": "21:00", "days": list(range(7))}),
    speed_to_lead=timedelta(minutes=30),
)


@pytest.mark.parametrize(
    ("minutes_before_due", "due"),
    [(10, False), (6, False), (5, True), (1, True), (0, True), (-60, True), (-12 * 60, False)],
)
def test_a_callback_is_remembered_five_minutes_before_it_is_due(minutes_before_due, due):
    due_at = WEDNESDAY + timedelta(minutes=minutes_before_due)
    assert callback_reminder_due(due_at, WEDNESDAY) is due


def test_sales_is_warned_once_four_business_hours_are_left():
    due = datetime(2026, 11, 18, 22, 0, tzinfo=UTC)  # 17:00 in New York: the day's close
    assert not review_warning_due(due, due - timedelta(hours=5), "America/New_York")
    assert review_warning_due(due, due - timedelta(hours=4), "America/New_York")
    assert review_warning_due(due, due + timedelta(hours=1), "America/New_York")  # overdue


def test_a_weekend_does_not_count_on_the_review_clock():
    monday_noon = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # 12:00 in New York
    friday_evening = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)  # 18:00, after the close
    assert review_warning_due(monday_noon, friday_evening, "America/New_York")  # 3 hours left
    assert not review_warning_due(monday_noon, friday_evening, "Asia/Tokyo")  # Tokyo's Monday


def fresh(**fields) -> Candidate:
    values = {"id": 1, "intent": "need", "arrived_at": WEDNESDAY - timedelta(minutes=31)}
    values["zones"] = ("America/New_York",)
    return Candidate(**values | fields)


def test_a_fresh_need_lead_past_its_window_is_missed():
    assert speed_to_lead_missed(fresh(), WEDNESDAY, POLICY)


@pytest.mark.parametrize(
    "lead",
    [
        fresh(arrived_at=WEDNESDAY - timedelta(minutes=29)),  # still inside the window
        fresh(attempts=1),  # someone called it
        fresh(intent="interest"),  # not a need lead
        fresh(lease_owner_id=7, lease_expires_at=WEDNESDAY + timedelta(minutes=5)),  # claimed
        fresh(dnc=True),
        fresh(zones=("Asia/Tokyo",)),  # 01:00 there: outside calling hours
        fresh(arrived_at=WEDNESDAY - timedelta(hours=5)),  # backlog since the night, not news
    ],
)
def test_a_lead_nobody_could_or_should_call_now_raises_no_alert(lead):
    assert not speed_to_lead_missed(lead, WEDNESDAY, POLICY)


def test_a_personal_callback_reminder_reads_in_the_telecallers_zone():
    due = WEDNESDAY + timedelta(minutes=5)
    said = callback_sentence(
        who("Ada Byron", "Engines Ltd"), due, WEDNESDAY, "Europe/London", mine=True, note="after\n3"
    )
    assert said == (
        "Your callback to Ada Byron (Engines Ltd) is due at Wed 18 Nov 16:05 GMT: call back as "
        'you promised. Note: "after 3"'
    )


def test_an_anyones_callback_reminder_asks_the_floor_to_see_to_it():
    due = WEDNESDAY - timedelta(minutes=1)
    said = callback_sentence("Ada Byron", due, WEDNESDAY, "America/New_York", mine=False)
    assert said.startswith("A callback to Ada Byron, open to anyone, was due at Wed 18 Nov 10:59")


def test_the_review_warning_names_the_deadline_in_the_reps_zone():
    due = datetime(2026, 11, 18, 22, 0, tzinfo=UTC)
    said = review_sentence("Ada Byron", due, WEDNESDAY, "America/Los_Angeles")
    assert said.startswith("Review the meeting with Ada Byron by Wed 18 Nov 14:00 PST:")
    late = review_sentence("Ada Byron", due, due + timedelta(minutes=1), "America/Los_Angeles")
    assert late.startswith("The meeting with Ada Byron was due for review at Wed 18 Nov 14:00")


def test_the_speed_to_lead_alert_says_how_many_are_free():
    arrived = WEDNESDAY - timedelta(minutes=45)
    said = speed_sentence("Ada", "Inbound", arrived, timedelta(hours=1), 1, "Asia/Kolkata")
    assert "arrived at Wed 18 Nov 20:45 IST" in said and "1 telecaller is available" in said
    assert "the 1-hour speed-to-lead window" in said


@pytest.mark.parametrize(
    ("minutes", "said"), [(5, "5-minute"), (60, "1-hour"), (90, "90-minute"), (120, "2-hour")]
)
def test_a_window_is_said_as_people_say_it(minutes, said):
    assert span(timedelta(minutes=minutes)) == said


def test_a_lead_without_a_name_is_still_named():
    assert who("", "Engines Ltd") == "Engines Ltd"
    assert who("", "") == "a lead with no name"
