"""What sales sends with a review step on a meeting: POST /meetings/{id}/accept, /reject, /held,
/no-show, /reschedule, /opportunity, /won, /lost. One body for all of them; each step reads the
fields it needs (reject: reason, overturned; reschedule: starts_at; opportunity, won: amount), and
the domain says which a step requires."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from console.contract.common import Shape, text
from console.contract.moments import Moment, Zone, within_horizon
from console.domain.criteria import Criteria
from console.domain.meetings import LARGEST_DEAL, RejectReason

NOTE_LENGTH = 2000  # the review's note column


def _amount(raw: Any) -> Any:
    """An amount as typed: a number, or digits with thousands commas ("50,000,000.00")."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError("give an amount in digits, such as 12500.00")
    if isinstance(raw, float):
        return Decimal(repr(raw))  # 0.1 as written, not its binary neighbour
    return raw.replace(",", "").strip() if isinstance(raw, str) else raw


Amount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    Field(gt=0, le=LARGEST_DEAL, decimal_places=2, description="the deal's value, e.g. 12500.00"),
]


class ReviewInput(Shape):
    """A review step's body; every field may be left out where the step does not need it."""

    reason: RejectReason | None = None
    overturned: Annotated[list[Criteria], Field(max_length=len(Criteria))] = []
    note: text(NOTE_LENGTH) = ""
    timezone: Zone = None
    starts_at: Moment | None = None
    amount: Amount | None = None

    @field_validator("starts_at")
    @classmethod
    def _ahead(cls, at: datetime | None, info: ValidationInfo) -> datetime | None:
        return None if at is None else within_horizon(at, info)

    def cents(self) -> int | None:
        """The amount in cents (None when none was given)."""
        return None if self.amount is None else int(self.amount * 100)
