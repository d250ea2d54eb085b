"""The one way a length of time is written for people: "45 s", "4 m 07 s", "1 h 04 m", "3 days".

Pages that tick (a call timer, a time in state) write the same words in static/js/live.js;
tests/unit/test_durations.py holds the two to the same table.
"""

import math

DAY = 24 * 3600


def spoken(seconds: float) -> str:
    """A length of time in words a team lead reads at a glance; never negative."""
    total = max(0, math.floor(seconds + 0.5))  # halves go up, as in JavaScript
    minutes, hours = total // 60, total // 3600
    if hours >= 48:
        return f"{math.floor(total / DAY + 0.5)} days"
    if hours:
        return f"{hours} h {minutes % 60:02d} m"
    if minutes:
        return f"{minutes} m {total % 60:02d} s"
    return f"{total} s"
