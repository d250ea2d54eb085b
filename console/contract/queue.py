"""The work queue: take the next lead, the counts per bucket."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from console.contract.common import Answer, Moment, Shape, text
from console.contract.leads import LeadPreview
from console.domain.queue import Bucket


class NextLead(Shape):
    """POST /queue/next: optionally, the campaign to take the lead from."""

    campaign: text(80) | None = None  # type: ignore[valid-type]


class Claim(Answer):
    """The lead leased to the telecaller, or (lead null) why there is none."""

    lead: LeadPreview | None
    bucket: Bucket | Literal["held"] | None = Field(
        default=None, description="held: the lead was already yours"
    )
    reason: str | None = Field(default=None, description="why this lead is next")
    lease_expires_at: Moment | None = None
    why: dict[str, int] | None = Field(
        default=None, description="no lead: how many leads each blocker kept back"
    )
    message: str | None = Field(default=None, description="no lead: why, in words")


class BucketCounts(Answer):
    """Callable leads waiting per bucket for this telecaller."""

    buckets: dict[Bucket, int]
