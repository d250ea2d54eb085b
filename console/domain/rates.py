"""Rates with their n, and a Wilson interval when n is small: "100% of 1" is not a result.

A rate is hits out of n. Below SMALL the page shows where the true rate plausibly lies (a 95%
Wilson score interval, which behaves at 0 and at n, unlike the textbook p ± 1.96·sqrt(pq/n))."""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt

Z95 = 1.959964  # the normal quantile of a two-sided 95% interval
SMALL = 30  # below this many, the interval is shown beside the rate


@dataclass(frozen=True)
class Rate:
    """`hits` of `n`; value, low and high are fractions (None when n is 0)."""

    hits: int
    n: int
    value: float | None
    low: float | None
    high: float | None

    @property
    def small(self) -> bool:
        """Whether n is too small for the rate alone to mean much."""
        return self.n < SMALL

    def words(self) -> str:
        """How a person reads it: "67% of 3 (21-94%)", "91% of 120", "none yet"."""
        if not self.n:
            return "none yet"
        said = f"{percent(self.value)} of {self.n}"
        if self.small:
            said += f" ({percent(self.low, sign=False)}-{percent(self.high)})"
        return said

    def as_dict(self) -> dict:
        """The rate as the API and the page's charts read it."""
        return {
            "hits": self.hits,
            "n": self.n,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "small": self.small,
            "words": self.words(),
        }


def percent(fraction: float | None, sign: bool = True) -> str:
    """A fraction as a whole percentage ("67%"), or an empty string for none."""
    if fraction is None:
        return ""
    return f"{round(fraction * 100)}{'%' if sign else ''}"


def wilson(hits: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of hits/n, as (low, high) fractions; n must be positive."""
    if n <= 0 or not 0 <= hits <= n:
        raise ValueError(f"a rate needs 0 <= hits <= n and n > 0, not {hits} of {n}")
    p = hits / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    spread = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # At 0 and at n the bounds are exactly 0 and 1 (rounding would leave 0.9999999999999999).
    low = 0.0 if hits == 0 else max(0.0, centre - spread)
    high = 1.0 if hits == n else min(1.0, centre + spread)
    return low, high


def rate(hits: int, n: int) -> Rate:
    """hits of n, rounded to a tenth of a percent, with its interval (always computed, shown
    when small)."""
    if n <= 0:
        return Rate(hits, 0, None, None, None)
    low, high = wilson(hits, n)
    return Rate(hits, n, round(hits / n, 3), round(low, 3), round(high, 3))
