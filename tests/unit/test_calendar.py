"""Calendar maths for the review clock, meeting invites, and times shown in two zones."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.domain.calendar import (
    business_hours_between,
    escape_text,
    fold,
    format_in_zones,
    ics_invite,
    is_review_overdue,
    review_due_at,
)

NEW_YORK = ZoneInfo("America/New_York")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    "start, end, hours",
    [
        (utc(2025, 11, 24, 10), utc(2025, 11, 24, 12, 30), 2.5),  # Monday morning
        (utc(2025, 11, 24, 7), utc(2025, 11, 24, 20), 8.0),  # the whole working day
        (utc(2025, 11, 28, 16), utc(2025, 12, 1, 10), 2.0),  # Friday to Monday
        (utc(2025, 11, 29, 9), utc(2025, 11, 30, 17), 0.0),  # a weekend
        (utc(2025, 11, 24, 12), utc(2025, 11, 24, 10), 0.0),  # end before start
    ],
)
def test_business_hours_skip_nights_and_weekends(start, end, hours):
    assert business_hours_between(start, end) == hours


def test_business_hours_follow_the_local_working_day_across_the_end_of_summer_time():
    friday = datetime(2025, 10, 31, 9, tzinfo=NEW_YORK)  # EDT
    monday = datetime(2025, 11, 3, 17, tzinfo=NEW_YORK)  # EST
    assert business_hours_between(friday, monday, "America/New_York") == 16.0


def test_business_hours_are_counted_in_the_zone_given():
    start, end = utc(2025, 11, 24, 0), utc(2025, 11, 24, 23, 59)
    assert business_hours_between(start, end, "Asia/Kolkata") == 8.0
    assert business_hours_between(start, end, "Asia/Kolkata", day_start=10, day_end=19) == 9.0


@pytest.mark.parametrize(
    "booked_at, due",
    [
        (utc(2025, 11, 24, 9), utc(2025, 11, 26, 17)),  # Monday 9:00 -> Wednesday 17:00
        (utc(2025, 11, 28, 15), utc(2025, 12, 3, 15)),  # Friday 15:00 -> Wednesday 15:00
        (utc(2025, 11, 29, 12), utc(2025, 12, 3, 17)),  # Saturday waits for Monday
        (utc(2025, 11, 24, 18), utc(2025, 11, 27, 17)),  # after hours waits for the morning
    ],
)
def test_the_review_falls_due_24_business_hours_after_booking(booked_at, due):
    assert review_due_at(booked_at) == due


def test_the_review_deadline_keeps_local_hours_across_a_clock_change():
    booked_at = datetime(2025, 10, 31, 9, tzinfo=NEW_YORK)
    due = review_due_at(booked_at, "America/New_York")
    assert due == datetime(2025, 11, 4, 17, tzinfo=NEW_YORK)
    assert due.tzinfo is UTC


@pytest.mark.parametrize(
    "now, overdue",
    [(utc(2025, 11, 26, 16), False), (utc(2025, 11, 26, 17), False), (utc(2025, 11, 26, 18), True)],
)
def test_a_review_is_overdue_only_after_its_deadline(now, overdue):
    assert is_review_overdue(utc(2025, 11, 24, 9), now) is overdue


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        business_hours_between(datetime(2025, 11, 24, 9), utc(2025, 11, 24, 17))


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("Acme, Inc; demo", "Acme\\, Inc\\; demo"),
        ("line one\nline two\r\nthree", "line one\\nline two\\nthree"),
        ("C:\\path", "C:\\\\path"),
    ],
)
def test_invite_text_is_escaped(text, escaped):
    assert escape_text(text) == escaped


@pytest.mark.parametrize("line", ["x" * 200, "é" * 120, "SUMMARY:" + "日本" * 50])
def test_long_lines_fold_at_75_octets_without_splitting_a_character(line):
    physical = fold(line).split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert physical[0] + "".join(part[1:] for part in physical[1:]) == line


def invite(**changes) -> str:
    details = {
        "uid": "meeting-42@handoff",
        "starts_at": datetime(2025, 11, 25, 10, tzinfo=NEW_YORK),
        "duration": timedelta(minutes=30),
        "summary": "Demo: Acme, Inc; with Jo",
        "description": "Need: invoicing\nTimeframe: this quarter " + "detail " * 20,
        "organizer_email": "sales1@demo.test",
        "attendee_emails": ["jo@acme.example", "caller1@demo.test"],
        "stamped_at": utc(2025, 11, 24, 15),
    }
    return ics_invite(**(details | changes))


def test_an_invite_is_a_valid_calendar_request_in_utc():
    text = invite(location="Zoom", url="https://meet.example/abc", sequence=2)
    lines = text.split("\r\n")
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert "METHOD:REQUEST" in lines and "BEGIN:VEVENT" in lines
    assert "DTSTART:20251125T150000Z" in lines and "DTEND:20251125T153000Z" in lines
    assert "DTSTAMP:20251124T150000Z" in lines and "SEQUENCE:2" in lines
    assert "SUMMARY:Demo: Acme\\, Inc\\; with Jo" in lines
    assert "LOCATION:Zoom" in lines and "URL:https://meet.example/abc" in lines
    assert "ORGANIZER:mailto:sales1@demo.test" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "").split("\r\n")
    attendees = [line for line in unfolded if line.startswith("ATTENDEE;ROLE=REQ-PARTICIPANT")]
    assert [a.rsplit(":", 1)[1] for a in attendees] == ["jo@acme.example", "caller1@demo.test"]


def test_a_long_description_is_folded_and_unfolds_to_the_escaped_text():
    unfolded = invite().replace("\r\n ", "")
    assert "DESCRIPTION:Need: invoicing\\nTimeframe: this quarter detail detail" in unfolded


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"attendee_emails": ["jo@acme.example\r\nBCC:x"]}, "not an email address"),
        ({"organizer_email": "sales"}, "not an email address"),
        ({"starts_at": datetime(2025, 11, 25, 10)}, "timezone-aware"),
        ({"duration": timedelta(0)}, "positive duration"),
        ({"url": "https://x.example/a b"}, "spaces or line breaks"),
    ],
)
def test_an_invite_refuses_what_would_break_the_calendar(changes, words):
    with pytest.raises(ValueError, match=words):
        invite(**changes)


def test_a_meeting_is_shown_in_the_leads_and_the_reps_zones():
    at = utc(2025, 11, 25, 15)
    shown = format_in_zones(at, [("lead", "America/New_York"), ("rep", "Europe/London")])
    assert shown == ["Tue 25 Nov 10:00 EST (lead)", "Tue 25 Nov 15:00 GMT (rep)"]


def test_a_meeting_shown_across_the_date_line_shows_the_local_day():
    shown = format_in_zones(utc(2025, 11, 25, 15), [("lead", "Australia/Sydney")])
    assert shown == ["Wed 26 Nov 02:00 AEDT (lead)"]
