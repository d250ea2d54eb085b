"""The attempt cadence: retries, exhaustion and the nurture follow-up."""

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.cadence import (
    Cadence,
    is_exhausted,
    next_attempt_at,
)

LAST_ATTEMPT = datetime(2024, 6, 3, 14, tzinfo=UTC)


def test_the_default_cadence_is_six_attempts_over_about_two_weeks():
    cadence = Cadence()
    assert cadence.max_attempts == 6
    assert str(cadence) == "10m,1h,1d,2d,4d,7d"


@pytest.mark.parametrize(
    ("attempts_made", "delay"),
    [
        (1, timedelta(minutes=10)),
        (2, timedelta(hours=1)),
        (3, timedelta(days=1)),
        (4, timedelta(days=2)),
        (5, timedelta(days=4)),
    ],
)
def test_each_attempt_is_followed_by_its_delay(attempts_made, delay):
    assert next_attempt_at(Cadence(), attempts_made, LAST_ATTEMPT) == LAST_ATTEMPT + delay


@pytest.mark.parametrize("attempts_made", [6, 7, 20])
def test_after_the_last_attempt_the_lead_is_exhausted(attempts_made):
    assert next_attempt_at(Cadence(), attempts_made, LAST_ATTEMPT) is None
    assert is_exhausted(Cadence(), attempts_made)


def test_a_lead_walks_through_every_attempt_then_to_nurture():
    cadence = Cadence.parse("5m,1h,1d")
    attempt_times = [LAST_ATTEMPT]
    while (due := next_attempt_at(cadence, len(attempt_times), attempt_times[-1])) is not None:
        attempt_times.append(due)
    assert len(attempt_times) == cadence.max_attempts == 3
    assert attempt_times[-1] == LAST_ATTEMPT + timedelta(minutes=5, hours=1)


def test_a_lead_no_dial_has_rung_yet_is_due_again_at_once():
    assert next_attempt_at(Cadence(), 0, LAST_ATTEMPT) == LAST_ATTEMPT


def test_a_negative_count_of_attempts_is_refused():
    with pytest.raises(ValueError, match="negative"):
        next_attempt_at(Cadence(), -1, LAST_ATTEMPT)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("10m,1h,1d,2d,4d,7d", "10m,1h,1d,2d,4d,7d"),
        (" 10M , 1H ,2D ", "10m,1h,2d"),
        ("90m,120m,1w", "90m,2h,7d"),
        ("45s,36h", "45s,36h"),
    ],
)
def test_a_cadence_is_read_from_text_and_written_back(text, written):
    cadence = Cadence.parse(text)
    assert str(cadence) == written
    assert Cadence.parse(str(cadence)) == cadence


@pytest.mark.parametrize(
    ("text", "token"),
    [("10x", "10x"), ("", ""), ("1h,,2h", ""), ("1h,-5m", "-5m"), ("1.5h", "1.5h"), ("h", "h")],
)
def test_a_bad_delay_is_refused_naming_the_token(text, token):
    with pytest.raises(ValueError, match="is not a delay") as refused:
        Cadence.parse(text)
    assert str(refused.value).startswith(f'cadence: "{token}" is not a delay')


@pytest.mark.parametrize("delays", [(), (timedelta(0),), (timedelta(hours=1), timedelta(-1))])
def test_a_cadence_needs_at_least_one_positive_delay(delays):
    with pytest.raises(ValueError, match="cadence"):
        Cadence(delays)


def test_a_zero_delay_in_text_is_refused():
    with pytest.raises(ValueError, match="positive"):
        Cadence.parse("0m,1h")


def test_a_delay_longer_than_a_retry_can_wait_is_refused_in_words():
    with pytest.raises(ValueError, match="within 90 days"):
        Cadence.parse("10m,99999999999d")
