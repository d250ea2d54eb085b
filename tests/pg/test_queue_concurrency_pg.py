"""On PostgreSQL: 10,000 leads and 50 concurrent claimers; every lead is claimed exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from console.db import engine, get_session, make_engine
from console.models import Lead, User
from console.services import accounts, campaign_people, campaigns, queue
from tests.conftest import at_work

NOW = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # Wednesday 11:00 in New York
LEADS, CLAIMERS = 10_000, 50


def seed(session: Session):
    campaign = campaigns.create_campaign(session=session, slug="load", name="Load", script_id="x")
    agents = []
    for n in range(CLAIMERS):
        agents.append(
            User(
                email=f"c{n}@x.test",
                name=f"Caller {n}",
                role="telecaller",
                password_hash=accounts.hash_password("x" * 10) if n == 0 else "x",
            )
        )
    session.add_all(agents)
    session.commit()
    campaign_people.add_members(session=session, campaign=campaign, users=agents)
    at_work(session, *agents)
    rows = [
        {
            "campaign_id": campaign.id,
            "phone": f"+1212{n:07d}",
            "first_name": f"L{n}",
            "timezone": "America/New_York",
            "country": "US",
            "region": "NY",
            "intent": "need",
            "status": "queued",
            "arrived_at": NOW - timedelta(seconds=n),
            "created_at": NOW,
            "updated_at": NOW,
        }
        for n in range(LEADS)
    ]
    session.execute(sa.insert(Lead), rows)
    session.commit()
    return [agent.id for agent in agents]


def test_every_lead_is_claimed_exactly_once_by_fifty_concurrent_claimers(pg_app):
    agent_ids = seed(get_session())
    shared_engine = make_engine(
        str(engine().url.render_as_string(hide_password=False)), pool_size=CLAIMERS
    )
    claimed: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work(agent_id: int) -> None:
        try:
            with Session(shared_engine, expire_on_commit=False) as session:
                agent = session.get(User, agent_id)
                while True:
                    claim = queue.claim_next(
                        session=session, agent=agent, publish=lambda *a, **k: None, now=NOW
                    )
                    if claim.lead is None:
                        return
                    with lock:
                        claimed.append(claim.lead.id)
                    # worked: out of the queue and the lease dropped
                    session.execute(
                        sa.update(Lead)
                        .where(Lead.id == claim.lead.id)
                        .values(status="nurture", lease_owner_id=None, lease_expires_at=None)
                    )
                    session.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(agent_id,)) for agent_id in agent_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert errors == []
    counts = Counter(claimed)
    assert len(counts) == LEADS, f"{LEADS - len(counts)} leads never claimed"
    assert max(counts.values()) == 1, [lead for lead, n in counts.items() if n > 1][:5]
