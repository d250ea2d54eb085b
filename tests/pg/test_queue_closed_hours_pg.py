"""On PostgreSQL: the queue answers when every zone is closed."""

from __future__ import annotations

from datetime import UTC, datetime

from console.db import get_session
from console.services import accounts, campaign_people, campaigns, queue
from tests.conftest import PASSWORD, at_work
from tests.handoffs import add_lead

NIGHT = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # 03:00 in New York: no zone of it is open


def test_a_claim_while_every_zone_is_closed_says_why_instead_of_failing(pg_app, clock):
    session = get_session()
    campaign = campaigns.create_campaign(session=session, slug="night", name="N", script_id="x")
    agent = accounts.create_user(
        session=session, email="c@x.test", name="C Caller", role="telecaller", password=PASSWORD
    )
    campaign_people.add_members(session=session, campaign=campaign, users=[agent])
    at_work(session, agent)
    clock.set(NIGHT, frozen=True)
    add_lead(session, campaign)
    claim = queue.claim_next(session=session, agent=agent, publish=lambda *a, **k: None)
    assert claim.lead is None and claim.why == {"outside_calling_hours": 1}
