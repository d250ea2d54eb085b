"""Local presence: a campaign calls from the number in its pool that is local to the lead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

POOL_LIMIT = 50  # numbers in one campaign's pool
# A number answered far less often than the others, over enough dials, is likely shown to leads
# as spam (carriers label numbers by their calling pattern): flag it for the team lead.
SPAM_MIN_DIALS = 20
SPAM_FRACTION = 0.5  # of the other numbers' connect rate


@dataclass(frozen=True)
class Line:
    """A number with where it rings: its country calling code and its area (national prefix)."""

    number: str
    country: int
    area: str


def local_line(pool: Sequence[Line], lead: Line) -> str | None:
    """The pool's number that shares the lead's country and area, else one that shares its
    country (the first in the pool's order), else None: the account's caller ID is used."""
    same_country = [line for line in pool if line.country == lead.country]
    same_area = [line for line in same_country if lead.area and line.area == lead.area]
    chosen = (same_area or same_country or [None])[0]
    return chosen.number if chosen else None


def looks_labelled(dials: int, connects: int, other_dials: int, other_connects: int) -> bool:
    """Whether a number connects at under half the rate of the other numbers, over at least
    SPAM_MIN_DIALS dials of its own: the sign of a number labelled spam."""
    if dials < SPAM_MIN_DIALS or other_dials == 0 or other_connects == 0:
        return False
    return connects / dials < SPAM_FRACTION * (other_connects / other_dials)
