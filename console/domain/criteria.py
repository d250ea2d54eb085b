"""The qualification criteria vocabulary: the four criteria, their 1-3 scores and their words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Criteria(StrEnum):
    """The four criteria sales and marketing agreed to score, each 1-3."""

    NEED = "need"
    TIMEFRAME = "timeframe"
    AUTHORITY = "authority"
    PROFILE = "profile"


CRITERIA_NAMES = tuple(c.value for c in Criteria)
LOWEST, HIGHEST = 1, 3
MAX_TOTAL = HIGHEST * len(Criteria)

CRITERION_LABELS: dict[Criteria, str] = {
    Criteria.NEED: "Need / fit",
    Criteria.TIMEFRAME: "Timeframe",
    Criteria.AUTHORITY: "Buying authority",
    Criteria.PROFILE: "Profile",
}
SCORE_LABELS: dict[Criteria, dict[int, str]] = {
    Criteria.NEED: {
        1: "interest only, no clear need",
        2: "a need we partly solve",
        3: "a clear need we solve",
    },
    Criteria.TIMEFRAME: {1: "more than 6 months", 2: "3-6 months", 3: "within 3 months"},
    Criteria.AUTHORITY: {
        1: "recommender / information gatherer",
        2: "influencer",
        3: "decision maker",
    },
    Criteria.PROFILE: {
        1: "outside our profile",
        2: "partly our profile",
        3: "squarely our profile",
    },
}
# How a low score reads in a reason, in the words a telecaller would use on the floor.
BELOW_WORDING: dict[Criteria, dict[int, str]] = {
    Criteria.NEED: {1: "there is interest but no clear need", 2: "we only partly solve the need"},
    Criteria.TIMEFRAME: {
        1: "they will not buy for more than 6 months",
        2: "they will buy in 3-6 months",
    },
    Criteria.AUTHORITY: {1: "the contact is a recommender", 2: "the contact is an influencer"},
    Criteria.PROFILE: {1: "the company is outside our profile", 2: "the company only partly fits"},
}
# What to ask on the next call when a criterion is still unknown.
ASK_WORDING: dict[Criteria, str] = {
    Criteria.NEED: "ask what problem they need solved",
    Criteria.TIMEFRAME: "ask when they plan to buy",
    Criteria.AUTHORITY: "ask who decides",
    Criteria.PROFILE: "confirm the company's industry and size",
}


class FieldsInvalid(ValueError):
    """Input the rules cannot accept; `fields` maps each field to what is wrong and the fix."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in self.fields.items()))


def score_label(criterion: Criteria | str, score: int) -> str:
    """The words for a score, e.g. authority 1 -> 'recommender / information gatherer'."""
    return SCORE_LABELS[Criteria(criterion)][score]


def is_score(value: Any) -> bool:
    """Whether value is a whole-number score from 1 to 3 (True and False are not scores)."""
    return isinstance(value, int) and not isinstance(value, bool) and LOWEST <= value <= HIGHEST


@dataclass(frozen=True)
class Score:
    """The criteria scores; None means the call did not find out."""

    values: Mapping[Criteria, int | None]
    set_by_hand: bool = False

    @property
    def total(self) -> int:
        """Sum of the known scores; an unknown criterion adds nothing."""
        return sum(v for v in self.values.values() if v is not None)

    @property
    def unknown(self) -> tuple[Criteria, ...]:
        """The criteria the call did not score."""
        return tuple(c for c in Criteria if self.values.get(c) is None)

    def to_dict(self) -> dict[str, Any]:
        """The score as JSON-ready data for the outcome response."""
        by_name: dict[str, Any] = {str(c): self.values.get(c) for c in Criteria}
        return by_name | {"total": self.total, "out_of": MAX_TOTAL, "set_by_hand": self.set_by_hand}


_LATER = re.compile(r"\b(not now|next year|no (plans|timeframe|budget)|some ?day|not sure)\b")
_SOON = re.compile(
    r"\b(asap|urgent|now|immediately|right away|this (week|month|quarter)|next month)\b"
)
_SPAN = re.compile(r"(\d+)(?:\s*(?:-|to)\s*(\d+))?\s*\+?\s*(week|month|quarter|year)s?")
_MONTHS = {"week": 0.25, "month": 1, "quarter": 3, "year": 12}


def timeframe_from_text(text: str) -> int | None:
    """The timeframe score (1-3) for what a contact said, e.g. 'more than 6 months' -> 1."""
    said = text.lower()
    if _LATER.search(said):
        return 1
    spans = [int(high or low) * _MONTHS[unit] for low, high, unit in _SPAN.findall(said)]
    if spans:
        # "more than 6 months" lies beyond the 3-6 month band, so nudge past its edge.
        months = max(spans) + (0.5 if re.search(r"more than|over|beyond|after|\+", said) else 0)
        return 3 if months <= 3 else 2 if months <= 6 else 1
    if "next quarter" in said:
        return 2
    return 3 if _SOON.search(said) else None
