"""When the floor flags a telecaller's state as lasting too long."""

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.roles import AgentState, warn_at

SINCE = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("state", "after"),
    [
        (AgentState.PAUSED, timedelta(minutes=15)),
        (AgentState.WRAP_UP, timedelta(minutes=3)),
        (AgentState.AVAILABLE, None),
        (AgentState.ON_CALL, None),
        (AgentState.OFFLINE, None),
    ],
)
def test_a_long_pause_or_wrap_up_is_flagged_and_nothing_else(state, after):
    assert warn_at(state, SINCE) == (SINCE + after if after else None)
