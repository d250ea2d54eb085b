"""Calling hours, Florida's limits and recording disclosure."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from console.domain.compliance import (
    ALL_PARTY_CONSENT_STATES,
    CallingWindow,
    callable_zone_set,
    closed_reason,
    effective_window,
    florida_limit_reached,
    florida_next_allowed,
    is_callable,
    local_instant,
    needs_recording_disclosure,
    next_opening,
)

NEW_YORK = ("America/New_York",)
EVERY_DAY = frozenset(range(7))
# A campaign window wider than the law, so the legal hours are what is being tested.
AROUND_THE_CLOCK = CallingWindow(time(0), time(23, 59), EVERY_DAY)
MONDAY = date(2024, 6, 3)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def new_york_monday(hour: int, minute: int = 0) -> datetime:
    # 2024-06-03 is a Monday in summer time: New York is UTC-4.
    return utc(2024, 6, 3, 0, minute) + timedelta(hours=hour + 4)


def test_the_default_campaign_window_is_nine_to_eight_on_weekdays():
    window = CallingWindow()
    assert (window.start, window.end, window.days) == (time(9), time(20), frozenset(range(5)))
    assert window.describe() == "09:00-20:00 Mon-Fri"


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [(time(20), time(9), EVERY_DAY), (time(9), time(9), EVERY_DAY), (time(9), time(20), set())],
)
def test_a_window_that_could_never_open_is_refused(start, end, days):
    with pytest.raises(ValueError, match="calling window"):
        CallingWindow(start, end, frozenset(days))


@pytest.mark.parametrize(
    ("hour", "minute", "callable_"),
    [(7, 59, False), (8, 0, True), (20, 59, True), (21, 0, False)],
)
def test_the_law_allows_calls_from_eight_to_nine_local_time(hour, minute, callable_):
    at = new_york_monday(hour, minute)
    assert is_callable(NEW_YORK, "US", "NY", at, AROUND_THE_CLOCK) is callable_


@pytest.mark.parametrize(
    ("hour", "minute", "callable_"), [(8, 0, True), (19, 59, True), (20, 0, False)]
)
def test_florida_allows_calls_only_until_eight_in_the_evening(hour, minute, callable_):
    at = new_york_monday(hour, minute)
    assert is_callable(NEW_YORK, "US", "FL", at, AROUND_THE_CLOCK) is callable_


@pytest.mark.parametrize(
    ("at", "callable_"),
    [
        (new_york_monday(8, 30), False),
        (new_york_monday(9, 0), True),
        (new_york_monday(19, 59), True),
        (new_york_monday(20, 0), False),
        (utc(2024, 6, 8, 15), False),
    ],
)
def test_the_campaign_window_narrows_the_legal_hours_and_skips_weekends(at, callable_):
    assert is_callable(NEW_YORK, "US", "NY", at) is callable_


def test_a_campaign_window_cannot_widen_the_legal_hours():
    early_and_late = CallingWindow(time(6), time(23), EVERY_DAY)
    narrowed = effective_window("US", "NY", early_and_late)
    assert (narrowed.start, narrowed.end) == (time(8), time(21))
    assert not is_callable(NEW_YORK, "US", "NY", new_york_monday(7, 30), early_and_late)
    assert not is_callable(NEW_YORK, "US", "NY", new_york_monday(21, 30), early_and_late)


def test_a_campaign_window_wholly_outside_the_law_never_opens():
    night_shift = CallingWindow(time(21, 30), time(23), EVERY_DAY)
    assert effective_window("US", "NY", night_shift) is None
    assert "outside the legal" in closed_reason(
        NEW_YORK, "US", "NY", new_york_monday(22), night_shift
    )
    assert next_opening(NEW_YORK, "US", "NY", new_york_monday(22), night_shift) is None


@pytest.mark.parametrize(
    ("zone", "callable_"),
    [
        ("America/New_York", True),
        ("America/Chicago", False),
        ("America/Los_Angeles", False),
        ("Europe/London", True),
    ],
)
def test_the_same_moment_is_open_in_one_zone_and_closed_in_the_next(zone, callable_):
    # 13:30 UTC: 09:30 in New York, 08:30 in Chicago, 06:30 in Los Angeles, 14:30 in London.
    assert is_callable((zone,), None, None, utc(2024, 6, 3, 13, 30)) is callable_


def test_a_number_in_several_zones_is_callable_only_when_all_of_them_are_open():
    both = ("America/New_York", "America/Los_Angeles")
    assert not is_callable(both, "US", None, utc(2024, 6, 3, 13, 30))
    assert is_callable(both, "US", None, utc(2024, 6, 3, 17))
    assert "America/Los_Angeles" in closed_reason(both, "US", None, utc(2024, 6, 3, 13, 30))


def test_the_closed_reason_says_the_local_time_and_the_hours():
    reason = closed_reason(NEW_YORK, "US", "NY", new_york_monday(20, 15))
    assert reason == (
        "It is 20:15 on Monday in America/New_York; calls are allowed 09:00-20:00 Mon-Fri there."
    )
    assert closed_reason(NEW_YORK, "US", "NY", new_york_monday(10)) is None


@pytest.mark.parametrize(("zones", "words"), [((), "No time zone"), (("Mars/Base",), "Mars/Base")])
def test_a_lead_without_a_known_zone_is_never_callable(zones, words):
    assert not is_callable(zones, "US", None, new_york_monday(12))
    assert words in closed_reason(zones, "US", None, new_york_monday(12))
    assert next_opening(zones, "US", None, new_york_monday(12)) is None


def test_a_lone_zone_name_is_read_as_one_zone_not_as_letters():
    assert is_callable("America/New_York", "US", "NY", new_york_monday(12))


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        is_callable(NEW_YORK, "US", "NY", datetime(2024, 6, 3, 12))


def test_the_callable_zone_set_lists_the_zones_open_now_for_a_sql_filter():
    zones_in_use = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London"]
    open_now = callable_zone_set(zones_in_use, None, None, utc(2024, 6, 3, 13, 30))
    assert open_now == {"America/New_York", "Europe/London"}


def test_a_multi_zone_string_is_in_the_callable_set_only_while_all_its_zones_are():
    # 13:30 UTC: 09:30 in New York, 06:30 in Los Angeles
    both = "America/New_York America/Los_Angeles"
    assert callable_zone_set([both], None, None, utc(2024, 6, 3, 13, 30)) == set()
    assert callable_zone_set([both], None, None, utc(2024, 6, 3, 17, 0)) == {both}


@pytest.mark.parametrize(
    ("zone", "after", "opening"),
    [
        # US spring forward, Sunday 2024-03-10: 08:00 EDT is 12:00 UTC, not 13:00.
        ("America/New_York", utc(2024, 3, 10, 2), utc(2024, 3, 10, 12)),
        # US fall back, Sunday 2024-11-03: 08:00 EST is 13:00 UTC.
        ("America/New_York", utc(2024, 11, 3, 2), utc(2024, 11, 3, 13)),
        # UK clocks go forward Sunday 2024-03-31: 08:00 BST is 07:00 UTC.
        ("Europe/London", utc(2024, 3, 30, 21), utc(2024, 3, 31, 7)),
        # UK clocks go back Sunday 2024-10-27: 08:00 GMT is 08:00 UTC.
        ("Europe/London", utc(2024, 10, 26, 20), utc(2024, 10, 27, 8)),
        # Sydney summer time ends Sunday 2024-04-07: 08:00 AEST is 22:00 UTC the day before.
        ("Australia/Sydney", utc(2024, 4, 6, 10), utc(2024, 4, 6, 22)),
        # Sydney summer time starts Sunday 2024-10-06: 08:00 AEDT is 21:00 UTC the day before.
        ("Australia/Sydney", utc(2024, 10, 5, 11), utc(2024, 10, 5, 21)),
    ],
)
def test_the_next_opening_is_eight_local_on_the_day_the_clocks_change(zone, after, opening):
    assert next_opening((zone,), None, None, after, AROUND_THE_CLOCK) == opening


def test_after_friday_evening_the_next_opening_is_monday_morning_across_a_clock_change():
    # Friday 2024-03-08 21:00 EST; the clocks go forward on Sunday; Monday 09:00 EDT is 13:00 UTC.
    assert next_opening(NEW_YORK, "US", "NY", utc(2024, 3, 9, 2)) == utc(2024, 3, 11, 13)


def test_when_already_open_the_next_opening_is_now():
    now = new_york_monday(10)
    assert next_opening(NEW_YORK, "US", "NY", now) == now


def test_a_number_in_several_zones_opens_when_the_last_zone_opens():
    both = ("America/New_York", "America/Los_Angeles")
    # 09:00 in Los Angeles is 16:00 UTC and already noon in New York.
    assert next_opening(both, "US", None, utc(2024, 6, 3, 10)) == utc(2024, 6, 3, 16)


def test_zones_whose_hours_never_overlap_have_no_opening():
    # New York and Manila are 12-13 hours apart: their 09:00-20:00 never meet.
    zones = ("America/New_York", "Asia/Manila")
    assert next_opening(zones, None, None, utc(2024, 6, 3, 12)) is None


@pytest.mark.parametrize(
    ("day", "wall", "zone", "instant"),
    [
        (date(2024, 6, 3), time(8), "America/New_York", utc(2024, 6, 3, 12)),
        # 02:30 never happens on 2024-03-10 in New York: it opens when clocks jump at 07:00 UTC.
        (date(2024, 3, 10), time(2, 30), "America/New_York", utc(2024, 3, 10, 7)),
        # 01:30 happens twice on 2024-11-03 in New York: the first, in EDT, counts.
        (date(2024, 11, 3), time(1, 30), "America/New_York", utc(2024, 11, 3, 5, 30)),
        (date(2024, 3, 31), time(1, 30), "Europe/London", utc(2024, 3, 31, 1)),
        (date(2024, 10, 6), time(2, 15), "Australia/Sydney", utc(2024, 10, 5, 16)),
    ],
)
def test_a_local_time_that_does_not_exist_or_happens_twice_is_placed_sensibly(
    day, wall, zone, instant
):
    assert local_instant(day, wall, zone) == instant


def florida_calls(now: datetime, *hours_ago: float) -> tuple[datetime, ...]:
    return tuple(now - timedelta(hours=hours) for hours in hours_ago)


NOW = utc(2024, 6, 3, 16)


@pytest.mark.parametrize(
    ("hours_ago", "reached"),
    [
        ((), False),
        ((1, 5), False),
        ((1, 5, 23), True),
        ((1, 5, 24), False),
        ((1, 5, 25, 26), False),
        ((0, 1, 2, 30), True),
    ],
)
def test_florida_allows_three_calls_in_any_rolling_24_hours(hours_ago, reached):
    calls = florida_calls(NOW, *hours_ago)
    assert florida_limit_reached("US", "FL", calls, NOW) is reached


@pytest.mark.parametrize(("country", "region"), [("us", "fl"), ("US", " FL "), ("US", "US-FL")])
def test_florida_is_recognised_however_its_code_is_written(country, region):
    calls = florida_calls(NOW, 1, 2, 3)
    assert florida_limit_reached(country, region, calls, NOW)


def test_the_florida_limit_applies_only_to_florida():
    calls = florida_calls(NOW, 1, 2, 3, 4)
    assert not florida_limit_reached("US", "GA", calls, NOW)
    assert not florida_limit_reached("US", None, calls, NOW)


def test_the_next_florida_call_is_allowed_when_the_oldest_of_the_last_three_is_a_day_old():
    calls = florida_calls(NOW, 1, 5, 20, 30)
    assert florida_next_allowed("US", "FL", calls, NOW) == NOW + timedelta(hours=4)
    assert not florida_limit_reached("US", "FL", calls, NOW + timedelta(hours=4))


def test_the_next_florida_call_is_allowed_now_when_under_the_limit():
    assert florida_next_allowed("US", "FL", florida_calls(NOW, 1), NOW) == NOW


def test_a_window_given_a_plain_set_of_days_still_describes_itself():
    window = CallingWindow(time(10), time(16), {0, 2, 4})
    assert window.days == frozenset({0, 2, 4})
    assert window.describe() == "10:00-16:00 Mon,Wed,Fri"


def test_the_all_party_consent_states_are_the_thirteen_in_the_research():
    assert sorted(ALL_PARTY_CONSENT_STATES) == sorted(
        ["CA", "CT", "DE", "FL", "IL", "MD", "MA", "MI", "MT", "NV", "NH", "PA", "WA"]
    )


@pytest.mark.parametrize(
    ("country", "region", "agent_region", "disclose"),
    [
        ("US", "CA", None, True),
        ("US", "FL", None, True),
        ("US", "wa", None, True),
        ("US", "TX", None, False),
        ("US", "NY", "NY", False),
        ("US", "TX", "CA", True),
        ("US", None, None, True),
        ("GB", None, None, True),
    ],
)
def test_a_recording_disclosure_plays_when_either_party_is_in_an_all_party_state_or_unknown(
    country, region, agent_region, disclose
):
    assert needs_recording_disclosure(country, region, agent_region=agent_region) is disclose
