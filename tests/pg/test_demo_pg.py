"""On PostgreSQL: the demo replays its history through the services, in one transaction."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from console.db import get_session
from console.models import Call, Lead, User
from tests.conftest import seed_demo


def test_the_demo_replays_its_history_on_postgresql(pg_app, clock):
    clock.set(clock.now(), frozen=True)
    session = get_session()
    report = seed_demo(session, leads=30)
    assert report.startswith("Seeded the demo (seed 7): 8 users, 2 campaigns, 30 leads, ")
    assert session.exec(select(func.count()).select_from(User)).one() == 8
    first_dials = dict(
        session.exec(select(Call.lead_id, func.min(Call.started_at)).group_by(Call.lead_id)).all()
    )
    assert first_dials
    for lead in session.exec(select(Lead)):
        assert lead.first_touch_at == first_dials.get(lead.id)
