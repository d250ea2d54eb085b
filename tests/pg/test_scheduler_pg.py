"""The scheduler on PostgreSQL: processes (here: threads with engines of their own) ticking at
the same instant, round after round; each due run goes to exactly one of them."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from console.db import make_engine
from console.models import Callback, Notice, ScheduledJob
from console.services import accounts, campaigns, reminders, scheduler
from console.services.scheduler import Job
from tests.conftest import PASSWORD
from tests.handoffs import Spy, add_lead

pytestmark = pytest.mark.pg

NOW = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # Wednesday 11:00 in New York
EVERY = timedelta(minutes=1)
PROCESSES, ROUNDS = 4, 15


def racing(url: str, work) -> list:
    """`work(session, index)` in PROCESSES threads, each on its own engine, released together."""
    start = threading.Barrier(PROCESSES)

    def one(index: int):
        engine = make_engine(url, pool_size=1)
        try:
            with Session(engine, expire_on_commit=False) as session:
                start.wait()
                return work(session, index)
        finally:
            engine.dispose()

    with ThreadPoolExecutor(PROCESSES) as pool:
        return list(pool.map(one, range(PROCESSES)))


def test_one_process_wins_each_due_run(pg_app):
    url = pg_app.config["SQLALCHEMY_DATABASE_URI"]
    job = Job("count", EVERY, lambda: None, lease=EVERY)  # a claim holds it one interval
    for round_ in range(ROUNDS):
        now = NOW + round_ * EVERY
        won = racing(url, lambda session, _i, now=now: scheduler.claim(session, job, now))
        assert won.count(True) == 1, f"round {round_}: {won}"
    with Session(make_engine(url)) as session:
        assert session.get(ScheduledJob, "count").runs == ROUNDS


def test_a_job_ticked_by_every_process_runs_once_per_interval(pg_app):
    url = pg_app.config["SQLALCHEMY_DATABASE_URI"]
    runs: Counter[datetime] = Counter()
    lock = threading.Lock()

    def count(*, now) -> None:
        with lock:
            runs[now] += 1

    job = Job("count", EVERY, count)
    for round_ in range(ROUNDS):
        now = NOW + round_ * EVERY / 2  # ticks twice as often as the job is due
        racing(
            url,
            lambda session, _i, now=now: scheduler.run_due(
                session=session, publish=Spy(), jobs=[job], now=now
            ),
        )
    assert set(runs.values()) == {1}
    assert sorted(runs) == [NOW + n * EVERY for n in range(ROUNDS // 2 + 1)]


def test_a_reminder_posted_by_racing_processes_is_stored_and_sent_once(pg_app, clock):
    """The job's own work is idempotent too: even runs that both win post one notice."""
    clock.set(NOW, frozen=True)
    session = Session(pg_app.extensions["handoff.engine"], expire_on_commit=False)
    caller = accounts.create_user(
        session=session, email="c@pg.test", name="Cal", role="telecaller", password=PASSWORD
    )
    campaign = campaigns.create_campaign(
        session=session, slug="inbound", name="Inbound", script_id="inbound-demo-requests"
    )
    lead = add_lead(session, campaign, callback_at=NOW + timedelta(minutes=3))
    session.add(Callback(lead_id=lead.id, owner_id=caller.id, due_at=NOW + timedelta(minutes=3)))
    session.commit()
    spies = [Spy() for _ in range(PROCESSES)]
    url = pg_app.config["SQLALCHEMY_DATABASE_URI"]
    racing(
        url,
        lambda own, i: reminders.remind_callbacks(session=own, publish=spies[i], now=NOW),
    )
    assert sum(len(spy.sent) for spy in spies) == 1
    assert len(session.exec(select(Notice)).all()) == 1
    session.close()
