"""The internal do-not-call list as the API shows it."""

from __future__ import annotations

from console.contract.common import Answer, Moment


class DncEntry(Answer):
    """One blocked number: why, from where, by whom and since when."""

    phone: str
    reason: str
    source: str
    added_by_id: int | None
    created_at: Moment


class DncAdded(Answer):
    """A number added (201) or already listed (200), and how many leads stopped."""

    phone: str
    dnc: bool
    created: bool
    leads_stopped: int
    entry: DncEntry


class DncLookup(Answer):
    """Whether a number is blocked, and how many leads carry it."""

    phone: str
    dnc: bool
    entry: DncEntry | None
    leads: int
