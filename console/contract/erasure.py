"""Erasing a lead: what the admin asks (API body and page form) and what the erasure did."""

from __future__ import annotations

from pydantic import Field, StrictBool

from console.contract.common import Answer, Moment, Shape


class EraseLead(Shape):
    """POST /leads/{id}/erase: whether the person asked not to be called again."""

    dnc: StrictBool = Field(
        default=False,
        description="true only when the person asked not to be called: the number then goes "
        "on the do-not-call list (kept there, as the law requires); otherwise it is erased too",
    )


class ErasureForm(Shape):
    """The admin page's confirmation: the box ticked when the person asked not to be called."""

    dnc: bool = False


class Erased(Answer):
    """What erasing did: the lead keeps its id, status and dates; everything about the person
    is gone. `already` is true when it had been erased before (nothing changed)."""

    lead_id: int
    erased_at: Moment
    already: bool
    dnc: bool = Field(description="whether the number is on the do-not-call list")
    calls: int = Field(description="the lead's calls, stripped of notes, drafts and recordings")
    recordings_deleted: int = Field(description="recordings deleted at the voice provider")
    meetings_cancelled: int = Field(
        0, description="meetings still to come, cancelled; their reps were sent the cancellation"
    )
