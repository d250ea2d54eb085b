"""How much each criterion predicts sales' verdict: a logistic regression fitted by statsmodels.

The domain stays standard-library only, so the fit lives here: the four scores (1-3) of reviewed
handoffs against whether sales accepted them (or the meeting was held), with 95% intervals. A
criterion whose interval includes 0 shows no effect that these handoffs can tell apart from chance.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import statsmodels.api as sm

from console.domain.calibration import Handled
from console.domain.criteria import CRITERIA_NAMES


@dataclass(frozen=True)
class Effect:
    """One criterion's effect: the change in log-odds per score point, with its 95% interval."""

    criterion: str
    coefficient: float
    low: float
    high: float
    p_value: float

    @property
    def clear(self) -> bool:
        """Whether the interval excludes no effect."""
        return self.low > 0 or self.high < 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "coefficient": round(self.coefficient, 4),
            "odds_ratio": round(math.exp(self.coefficient), 4),
            "low": round(self.low, 4),
            "odds_low": round(math.exp(self.low), 4),
            "odds_high": round(math.exp(self.high), 4),
            "high": round(self.high, 4),
            "p_value": round(self.p_value, 4),
            "clear": self.clear,
        }


@dataclass(frozen=True)
class Fit:
    """The model for one verdict: effects ranked strongest first, or why it could not be fitted."""

    verdict: str  # "accepted" or "held"
    n: int
    effects: tuple[Effect, ...] = ()
    problem: str | None = None
    params: tuple[float, ...] = ()  # intercept, then one per criterion in CRITERIA_NAMES order

    def predict(self, scores: Mapping[str, int | None]) -> float | None:
        """The fitted chance of the verdict for these scores (None without a fit or a score)."""
        if not self.params or any(scores.get(n) is None for n in CRITERIA_NAMES):
            return None
        logit = self.params[0] + sum(
            b * scores[n] for b, n in zip(self.params[1:], CRITERIA_NAMES, strict=True)
        )
        return 1 / (1 + math.exp(-logit))

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "n": self.n,
            "problem": self.problem,
            "effects": [e.to_dict() for e in self.effects],
        }


def fit(records: Sequence[Handled], verdict: str) -> Fit:
    """Fit P(verdict) = logistic(b0 + sum b_c * score_c) over reviewed, fully scored handoffs."""
    rows = [
        h
        for h in records
        if h.reviewed and all(h.scores.get(n) is not None for n in CRITERIA_NAMES)
    ]
    if len(rows) < len(CRITERIA_NAMES) + 2:
        return Fit(verdict, len(rows), problem=f"only {len(rows)} reviewed handoffs are scored")
    x = sm.add_constant(
        np.array([[h.scores[n] for n in CRITERIA_NAMES] for h in rows], dtype=float),
        has_constant="add",
    )
    y = np.array([1.0 if getattr(h.verdict, verdict) else 0.0 for h in rows])
    if y.min() == y.max():
        every = "every" if y[0] else "no"
        return Fit(verdict, len(rows), problem=f"{every} reviewed handoff was {verdict}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = sm.Logit(y, x).fit(disp=0, maxiter=200)
            intervals = result.conf_int(0.05)
    except (np.linalg.LinAlgError, ValueError) as exc:
        return Fit(verdict, len(rows), problem=f"the model could not be fitted ({exc})")
    if not np.all(np.isfinite(intervals)):
        problem = "a criterion alone separates the verdicts, or never varies: widen the period"
        return Fit(verdict, len(rows), problem=problem)
    effects = [
        Effect(name, float(result.params[i]), *map(float, intervals[i]), float(result.pvalues[i]))
        for i, name in enumerate(CRITERIA_NAMES, start=1)
    ]
    effects.sort(key=lambda e: -e.coefficient)
    return Fit(verdict, len(rows), tuple(effects), params=tuple(map(float, result.params)))
