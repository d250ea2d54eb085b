"""Rates carry their n, and an interval when n is small: "100% of 1" is not a result."""

from __future__ import annotations

import pytest

from console.domain.rates import SMALL, rate, wilson


def test_one_of_one_reads_as_a_wide_range_not_a_certainty():
    one = rate(1, 1)
    assert (one.value, one.n, one.small) == (1.0, 1, True)
    assert one.low == pytest.approx(0.207, abs=0.001) and one.high == 1.0
    assert one.words() == "100% of 1 (21-100%)"


@pytest.mark.parametrize(
    ("hits", "n", "low", "high"),
    [(0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (81, 263, 0.2553, 0.3662)],
)
def test_the_wilson_interval_matches_published_values(hits, n, low, high):
    found = wilson(hits, n)
    assert found == (pytest.approx(low, abs=1e-4), pytest.approx(high, abs=1e-4))


def test_the_interval_always_holds_the_rate_and_stays_within_0_and_1():
    for n in range(1, 60):
        for hits in range(n + 1):
            low, high = wilson(hits, n)
            assert 0 <= low <= hits / n <= high <= 1


def test_a_large_n_speaks_the_rate_and_its_n_alone():
    many = rate(91, 100)
    assert not many.small and many.words() == "91% of 100"
    assert rate(SMALL - 1, SMALL - 1).small and not rate(SMALL, SMALL).small


def test_no_trials_is_no_rate_yet():
    none = rate(0, 0)
    assert none.value is None and none.words() == "none yet"
    assert none.as_dict()["n"] == 0


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError):
        wilson(3, 2)
