"""What a telecaller sends when wrapping up a call: the outcome body of POST /calls/{id}/outcome
and of the live preview (POST /campaigns/{slug}/handoff-rule/evaluate), with its bounds.

Shape and bounds live here; the rules that need the campaign, the call or the database (is the
disposition one of this campaign's, who is the sales rep, is the time after now) stay in the
wrap-up service and the domain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StrictBool, ValidationInfo, field_validator

from console.contract.common import Id, Shape, text
from console.contract.drafts import Answers
from console.contract.moments import Moment, Zone, within_horizon

EMAIL_LENGTH = 254
DURATIONS = (15, 240)  # minutes a meeting may last
EVIDENCE_LENGTH = 2000
REASON_LENGTH = 1000  # the outcome's override_reason column
NO_TIME = "Choose a time: the meeting needs a date and start time."


def _rep(raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None  # round-robin
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise ValueError("give the sales rep's id or email, or leave it out")
    if isinstance(raw, str) and len(raw) > EMAIL_LENGTH:
        raise ValueError(f"an email is at most {EMAIL_LENGTH} characters")
    return raw.strip() if isinstance(raw, str) else raw


def _as_text(raw: Any) -> Any:
    """Evidence is words, but a number said on the call ("team of 40") may come as a number."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return str(raw)
    return raw.strip() if isinstance(raw, str) else raw


Score = Annotated[int, Field(strict=True, ge=1, le=3)]
Evidence = Annotated[text(EVIDENCE_LENGTH) | None, BeforeValidator(_as_text)]
SalesRep = Annotated[
    int | str | None,
    BeforeValidator(_rep),
    Field(description="the sales rep's id or email; left out, the campaign's reps take turns"),
]


class Meeting(Shape):
    """The meeting the telecaller booked with the lead, for a sales rep."""

    timezone: Zone = None
    starts_at: Moment
    sales_rep: SalesRep = None
    duration_minutes: Annotated[int, Field(strict=True, ge=DURATIONS[0], le=DURATIONS[1])] = 30
    attendees: text(500) = ""
    decision_maker_present: StrictBool | None = None  # left out: what the script's end step says

    @field_validator("starts_at", mode="before")
    @classmethod
    def _given(cls, raw: Any) -> Any:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise ValueError(NO_TIME)
        return raw

    @field_validator("starts_at")
    @classmethod
    def _ahead(cls, at: datetime, info: ValidationInfo) -> datetime:
        return within_horizon(at, info)


class Callback(Shape):
    """When to call the lead back, and whether the telecaller keeps the callback."""

    timezone: Zone = None
    at: Moment
    mine: StrictBool = True

    @field_validator("at")
    @classmethod
    def _ahead(cls, at: datetime, info: ValidationInfo) -> datetime:
        return within_horizon(at, info)


class Scores(Shape):
    """Criteria scores set by hand (1-3 each, null for not found out); they win over the meter."""

    need: Score | None = None
    timeframe: Score | None = None
    authority: Score | None = None
    profile: Score | None = None


class OutcomeBody(Shape):
    """The wrap-up as the telecaller fills it in. Left out, the disposition is what the script's
    end step suggests, the answers and notes are the call's autosaved draft, the scores are the
    meter's."""

    disposition: text(40) | None = None
    answers: Answers | None = None
    scores: Scores | None = None
    evidence: dict[text(80, min_length=1), Evidence] | None = None
    next_step: text(500) = ""
    notes: text(4000) | None = None
    meeting: Meeting | None = None
    callback: Callback | None = None
    override_reason: text(REASON_LENGTH) | None = None
    disqualify_reason: text(REASON_LENGTH) | None = None

    def hand_scores(self) -> dict[str, int | None]:
        """The scores the telecaller set by hand (empty when none were)."""
        return self.scores.model_dump(exclude_unset=True) if self.scores else {}


class OutcomeInput(OutcomeBody):
    """POST /calls/{id}/outcome: the outcome of the telecaller's call, saved once."""


class OutcomeEvaluation(OutcomeBody):
    """POST /campaigns/{slug}/handoff-rule/evaluate: the same body, optionally for a call (whose
    script answers and lead the preview then uses); nothing is saved."""

    call_id: Id | None = None
