"""Fixtures the API tests share: a meeting booked through the API."""

from __future__ import annotations

import pytest

from tests.handoffs import QUALIFIED_ANSWERS, add_lead, ended_call, meeting_body


@pytest.fixture
def meeting_id(client, session, campaign, users, tokens) -> int:
    """A meeting the telecaller booked through the API on a qualified call; its id."""
    lead = add_lead(session, campaign)
    call = ended_call(session, lead, users["telecaller"], answers=QUALIFIED_ANSWERS)
    answer = client.post(
        f"/api/v1/calls/{call.id}/outcome", json=meeting_body(), headers=tokens["telecaller"]
    )
    return answer.json["meeting_id"]
