"""A rep's free slots: working hours in their zone, less booked meetings, never in the past."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.slots import (
    HoursInvalid,
    WorkingHours,
    busy_from,
    clash,
    clash_sentence,
    free_slots,
    free_times_sentence,
    next_free,
    slot_words,
)

HALF_HOUR = timedelta(minutes=30)
NEW_YORK_HOURS_ZONE = ZoneInfo("America/New_York")
NEW_YORK_HOURS = WorkingHours.parse(None, "America/New_York")  # Mon-Fri 09:00-17:00


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_free_working_day_offers_sixteen_half_hours_from_nine_to_five_local():
    monday = at("2026-11-23T05:00")  # 00:00 in New York
    slots = free_slots(NEW_YORK_HOURS, [], length=HALF_HOUR, now=monday, days=1)
    assert len(slots) == 16
    assert slots[0] == at("2026-11-23T14:00") and slots[-1] == at("2026-11-23T21:30")


def test_slots_never_start_in_the_past():
    late_morning = at("2026-11-23T15:10")  # 10:10 in New York
    slots = free_slots(NEW_YORK_HOURS, [], length=HALF_HOUR, now=late_morning, days=1)
    assert slots[0] == at("2026-11-23T15:30")


def test_booked_meetings_take_their_time_and_freed_ones_give_it_back():
    monday = at("2026-11-23T05:00")
    busy = busy_from(
        [
            (at("2026-11-23T14:00"), 60, "booked"),
            (at("2026-11-23T16:00"), 30, "rejected"),
            (at("2026-11-23T17:00"), 30, "no_show"),
        ]
    )
    slots = free_slots(NEW_YORK_HOURS, busy, length=HALF_HOUR, now=monday, days=1)
    assert at("2026-11-23T14:00") not in slots and at("2026-11-23T14:30") not in slots
    assert at("2026-11-23T15:00") in slots
    assert at("2026-11-23T16:00") in slots and at("2026-11-23T17:00") in slots


def test_a_long_meeting_fits_only_where_all_of_it_is_free_and_before_the_day_ends():
    monday = at("2026-11-23T05:00")
    busy = busy_from([(at("2026-11-23T15:00"), 30, "accepted")])
    slots = free_slots(NEW_YORK_HOURS, busy, length=timedelta(hours=1), now=monday, days=1)
    assert at("2026-11-23T14:30") not in slots  # would run into the 10:00 meeting
    assert at("2026-11-23T14:00") in slots
    assert slots[-1] == at("2026-11-23T21:00")  # 16:00-17:00, the last hour of the day


def test_weekends_are_skipped():
    saturday = at("2026-11-28T12:00")
    slots = free_slots(NEW_YORK_HOURS, [], length=HALF_HOUR, now=saturday, days=3)
    assert {s.astimezone(NEW_YORK_HOURS_ZONE).weekday() for s in slots} == {0}


def test_across_the_spring_change_nine_in_new_york_moves_an_hour_earlier_in_utc():
    friday = at("2026-03-06T05:00")  # clocks go forward on Sunday 8 March 2026
    slots = free_slots(NEW_YORK_HOURS, [], length=HALF_HOUR, now=friday, days=4)
    firsts = sorted(
        {s for s in slots if s.astimezone(NEW_YORK_HOURS_ZONE).hour == 9 and s.minute == 0}
    )
    assert firsts == [at("2026-03-06T14:00"), at("2026-03-09T13:00")]  # 09:00 EST, then 09:00 EDT
    assert len(slots) == 32  # two full days of 16 half hours each


def test_the_night_the_clocks_skip_an_hour_has_that_much_less_working_time():
    night_owl = WorkingHours.parse(
        {"days": [6], "start": "01:00", "end": "04:00"}, "America/New_York"
    )
    slots = free_slots(night_owl, [], length=HALF_HOUR, now=at("2026-03-08T05:00"), days=1)
    # 01:00 EST is 06:00 UTC; 04:00 EDT is 08:00 UTC: two real hours, four half-hour slots.
    assert slots == [
        at("2026-03-08T06:00"),
        at("2026-03-08T06:30"),
        at("2026-03-08T07:00"),
        at("2026-03-08T07:30"),
    ]


def test_touching_meetings_do_not_clash_overlapping_ones_do():
    busy = busy_from([(at("2026-11-23T15:00"), 30, "booked")])
    assert clash(at("2026-11-23T15:30"), HALF_HOUR, busy) is None
    assert clash(at("2026-11-23T14:30"), HALF_HOUR, busy) is None
    assert clash(at("2026-11-23T15:15"), HALF_HOUR, busy) == busy[0]
    assert clash(at("2026-11-23T14:45"), timedelta(hours=2), busy) == busy[0]


def test_the_next_free_slot_after_a_taken_one():
    busy = busy_from([(at("2026-11-23T15:00"), 30, "booked")])
    assert next_free(NEW_YORK_HOURS, busy, length=HALF_HOUR, after=at("2026-11-23T15:00")) == at(
        "2026-11-23T15:30"
    )


@pytest.mark.parametrize(
    ("stored", "problem"),
    [
        ({"days": [], "start": "09:00", "end": "17:00"}, "tick at least one working day"),
        ({"days": [0], "start": "17:00", "end": "09:00"}, "end after it starts"),
        ({"days": [0], "start": "nine", "end": "17:00"}, "e.g. 09:00"),
    ],
)
def test_unusable_working_hours_say_what_to_fix(stored, problem):
    with pytest.raises(HoursInvalid, match=problem):
        WorkingHours.parse(stored, "America/New_York")


def test_working_hours_in_words():
    assert NEW_YORK_HOURS.describe() == "Mon-Fri 09:00-17:00 (America/New_York)"


def test_a_slot_reads_in_the_leads_zone_and_the_reps():
    words = slot_words(at("2026-03-10T14:00"), "America/New_York", "America/Los_Angeles")
    assert words == "Tue 10 Mar 10:00 EDT (lead) · 07:00 PDT (rep)"
    assert slot_words(at("2026-03-10T02:00"), "America/New_York", "Europe/London") == (
        "Mon 9 Mar 22:00 EDT (lead) · Tue 10 Mar 02:00 GMT (rep)"
    )


def test_a_clashing_time_is_refused_in_a_sentence_in_the_readers_zone():
    at = datetime.fromisoformat("2026-12-08T15:30:00+00:00")
    assert clash_sentence("Dana Ruiz", at, "America/New_York") == (
        "Dana Ruiz already has a meeting at 10:30 on Tue 8 Dec; choose another time."
    )


def test_the_free_times_offered_instead_name_their_zone_once():
    free = [
        datetime.fromisoformat(t)
        for t in ("2026-12-08T16:00:00+00:00", "2026-12-09T14:00:00+00:00")
    ]
    assert free_times_sentence("Dana Ruiz", free, "America/New_York") == (
        "Dana Ruiz is free at 11:00 on Tue 8 Dec or 09:00 on Wed 9 Dec (EST)."
    )
    assert free_times_sentence("Dana Ruiz", [], "UTC") == (
        "Dana Ruiz has no free time in the next month; ask them for one."
    )
