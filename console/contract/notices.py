"""Notices as the API, the pages and live events show them: a reminder or alert for one person,
in a sentence in their terms with times in their zone, open until acted on or dismissed."""

from __future__ import annotations

from typing import Literal

from console.contract.common import Answer, Moment
from console.domain.reminders import NoticeKind

Kind = Literal[tuple(kind.value for kind in NoticeKind)]


class NoticeCard(Answer):
    """A reminder or alert: `callback_due` (a callback of yours comes due), `review_clock` (a
    meeting's review clock runs low) or `speed_to_lead` (a fresh need lead waits too long)."""

    id: int
    kind: Kind
    recipient_id: int
    sentence: str
    lead_id: int
    meeting_id: int | None
    created_at: Moment
    done_at: Moment | None  # set once acted on or dismissed


class Notices(Answer):
    """Your open notices, newest first."""

    notices: list[NoticeCard]
