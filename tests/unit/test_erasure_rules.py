"""What an erased lead keeps, and where a retention period starts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from console.config import ConfigError, retention_months
from console.domain.calendar import wall_time_dated
from console.domain.erasure import months_before, placeholder_phone, status_after, stripped_answers


@pytest.mark.parametrize(
    ("moment", "months", "start"),
    [
        (datetime(2027, 3, 14, 6, 30, tzinfo=UTC), 12, datetime(2026, 3, 14, 6, 30, tzinfo=UTC)),
        (datetime(2027, 3, 31, tzinfo=UTC), 1, datetime(2027, 2, 28, tzinfo=UTC)),
        (datetime(2024, 3, 31, tzinfo=UTC), 1, datetime(2024, 2, 29, tzinfo=UTC)),
        (datetime(2027, 1, 15, tzinfo=UTC), 13, datetime(2025, 12, 15, tzinfo=UTC)),
        (datetime(2027, 1, 15, tzinfo=UTC), 0, datetime(2027, 1, 15, tzinfo=UTC)),
    ],
)
def test_a_retention_period_starts_whole_calendar_months_back(moment, months, start):
    assert months_before(moment, months) == start


@pytest.mark.parametrize("status", ["new", "queued", "nurture"])
def test_a_lead_that_could_be_called_again_closes(status):
    assert status_after(status) == "closed"


@pytest.mark.parametrize("status", ["meeting", "disqualified", "dnc", "closed"])
def test_how_a_lead_ended_stays_for_the_figures(status):
    assert status_after(status) == status


def test_choices_stay_and_typed_words_go():
    answers = {"authority": {"choice": "decides"}, "reason": {"text": "Ada loses leads"}}
    assert stripped_answers(answers) == {"authority": {"choice": "decides"}, "reason": {"text": ""}}


def test_the_placeholder_phone_is_unique_per_lead_and_no_number():
    assert placeholder_phone(12) != placeholder_phone(13)
    assert not placeholder_phone(12).startswith("+") and len(placeholder_phone(2**31 - 1)) <= 20


@pytest.mark.parametrize(("text", "months"), [(None, None), ("24", 24), ("1", 1)])
def test_retention_is_off_unless_set_to_whole_months(text, months):
    assert retention_months(text) == months


@pytest.mark.parametrize("text", ["0", "-3", "two years", "1.5", "9999"])
def test_a_retention_setting_that_is_no_period_is_refused_in_words(text):
    with pytest.raises(ConfigError, match="HANDOFF_RETENTION_MONTHS .* whole number of months"):
        retention_months(text)


def test_a_dated_wall_time_names_the_year_and_the_readers_zone():
    at = datetime(2027, 3, 14, 6, 30, tzinfo=UTC)  # before the jump to daylight time
    assert wall_time_dated(at, "America/New_York") == "Sun 14 Mar 2027 01:30 EST"
    assert wall_time_dated(at + timedelta(hours=1), "America/New_York") == (
        "Sun 14 Mar 2027 03:30 EDT"
    )
