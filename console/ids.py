"""Row ids as text brings them: digits from 1 up to the largest id our id columns hold."""

from __future__ import annotations

MAX_ID = 2**31 - 1  # the largest id our INTEGER id columns hold; ids beyond it are nobody's


def as_id(text: object) -> int | None:
    """`text` read as a row id (digits, 1 to MAX_ID), or None: "²" or 2**70 is no id."""
    digits = str(text).strip()
    if digits.isdecimal() and 0 < int(digits) <= MAX_ID:
        return int(digits)
    return None
