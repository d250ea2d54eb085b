"""A campaign's handoff rule as the admin's form sends it: the total to reach, the least score per
criterion, what must be true of the meeting, and the days before the rest are followed up.

The bounds are the domain's (console.domain.handoff and criteria); a field left blank takes the
rule's default, and an unticked box is off.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, create_model

from console.contract.campaigns import Form
from console.contract.common import worded
from console.domain.criteria import CRITERIA_NAMES, MAX_TOTAL
from console.domain.handoff import FOLLOW_UP_LABELS, LONGEST_FOLLOW_UP, LOWEST_THRESHOLD

Score = Annotated[int, Field(ge=1, le=3), worded("choose a score of 1, 2 or 3")]
Days = Annotated[
    int,
    Field(ge=1, le=LONGEST_FOLLOW_UP),
    worded(f"give a whole number of days from 1 to {LONGEST_FOLLOW_UP}"),
]
Criterion = Literal[CRITERIA_NAMES]  # type: ignore[valid-type]
TimeframeScore = Literal["1", "2", "3"]


class Requires(Form):
    """What must be true before a lead goes to sales."""

    meeting: bool = False
    decision_maker_present: bool = False


FollowUpDays = create_model(
    "FollowUpDays",
    __base__=Form,
    __doc__="Days before a lead sent to nurture is followed up, by why it went there.",
    timeframe=(dict[TimeframeScore, Days], {}),
    **{name: (Days | None, None) for name in FOLLOW_UP_LABELS},
)


class HandoffRuleForm(Form):
    """The rule an admin saves for a campaign."""

    threshold: Annotated[
        int,
        Field(ge=LOWEST_THRESHOLD, le=MAX_TOTAL),
        worded(f"give the total a lead must reach: use {LOWEST_THRESHOLD} to {MAX_TOTAL}"),
    ]
    minimums: dict[Criterion, Score] = {}
    requires: Requires = Requires()
    follow_up_days: FollowUpDays = FollowUpDays()  # type: ignore[valid-type]

    def stored(self) -> dict[str, Any]:
        """The rule as a campaign stores it; blank follow-ups take the rule's defaults."""
        days = self.follow_up_days.model_dump(exclude_none=True)
        return {**self.model_dump(exclude={"follow_up_days"}), "follow_up_days": days}
