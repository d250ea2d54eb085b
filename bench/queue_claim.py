"""Claim latency on PostgreSQL: 1,000,000 leads, 100 concurrent claimers.

Prints p50 and p99 of claim_next() and of a bare `SELECT 1` on the same connection pool under the
same concurrency, and their ratio. Claimers run as 4 processes x 25 threads, as app processes would
behind a proxy.
Usage: .venv/bin/python bench/queue_claim.py [--leads N] [--claimers N] [--seconds S]
Needs BENCH_DATABASE_URL (default: the local test database); works in its own schema, dropped after.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from console.db import make_engine  # noqa: E402
from console.models import CampaignMember, Lead, User  # noqa: E402
from console.services import campaigns, queue  # noqa: E402

BASE = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # Wednesday, 11:00 in New York
POOL_PER_PROCESS = 20
ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/London",
    "Asia/Kolkata",
]


def schema_url(schema: str) -> str:
    return f"{BASE}?options=-csearch_path%3D{schema}"


def build(schema: str, leads: int, claimers: int) -> list[int]:
    """Create the schema, one campaign, the claimers and the leads (COPY, in batches)."""
    admin = sa.create_engine(BASE)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    engine = make_engine(schema_url(schema))
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        campaign = campaigns.create_campaign(
            session=session, slug="bench", name="Bench", script_id="x"
        )
        agents = [
            User(email=f"b{n}@x.test", name=f"B {n}", role="telecaller", password_hash="x")
            for n in range(claimers)
        ]
        session.add_all(agents)
        session.commit()
        session.add_all(CampaignMember(campaign_id=campaign.id, user_id=a.id) for a in agents)
        session.commit()
        agent_ids, campaign_id = [a.id for a in agents], campaign.id
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        columns = (
            "campaign_id, phone, first_name, timezone, country, intent, status, attempts, "
            "priority, "
            "dnc, arrived_at, created_at, updated_at, touches, notes, last_name, company, title"
        )
        with cursor.copy(f"COPY lead ({columns}) FROM STDIN") as copy:
            for n in range(leads):
                arrived = NOW - timedelta(seconds=n * 3)
                copy.write_row(
                    (
                        campaign_id,
                        f"+1{2000000000 + n}",
                        f"L{n}",
                        ZONES[n % len(ZONES)],
                        "US",
                        "need" if n % 4 else "interest",
                        "queued",
                        0 if n % 3 else 1,
                        n % 5,
                        False,
                        arrived,
                        arrived,
                        arrived,
                        1,
                        "",
                        "",
                        "",
                        "",
                    )
                )
        raw.commit()
        cursor.execute("ANALYZE lead")
        raw.commit()
    finally:
        raw.close()
    engine.dispose()
    return agent_ids


def worker(schema: str, agent_ids: list[int], seconds: float, mode: str, out) -> None:  # noqa: ANN001
    """One app process: threads claiming (or running SELECT 1) until the time is up."""
    # The app's pool: fewer connections than claimers, as behind a busy proxy; waits count.
    engine = sa.create_engine(schema_url(schema), pool_size=POOL_PER_PROCESS, max_overflow=0,
                              pool_timeout=60)
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(agent_id: int) -> None:
        mine: list[float] = []
        with Session(engine, expire_on_commit=False) as session:
            agent = session.get(User, agent_id)
            session.commit()  # give the connection back between claims
            while time.monotonic() < deadline:
                start = time.perf_counter()
                if mode == "select1":
                    session.execute(sa.text("SELECT 1")).all()
                    session.commit()
                    mine.append(time.perf_counter() - start)
                    continue
                claim = queue.claim_next(
                    session=session, agent=agent, publish=lambda *a, **k: None, now=NOW
                )
                mine.append(time.perf_counter() - start)
                if claim.lead is None:
                    return
                session.execute(
                    sa.update(Lead)
                    .where(Lead.id == claim.lead.id)
                    .values(status="nurture", lease_owner_id=None, lease_expires_at=None)
                )
                session.commit()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(agent_id,)) for agent_id in agent_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    out.put(latencies)


def measure(
    schema: str, agent_ids: list[int], processes: int, seconds: float, mode: str
) -> list[float]:
    queue_out: multiprocessing.Queue = multiprocessing.Queue()
    share = len(agent_ids) // processes
    jobs = [
        multiprocessing.Process(
            target=worker,
            args=(schema, agent_ids[i * share : (i + 1) * share], seconds, mode, queue_out),
        )
        for i in range(processes)
    ]
    for job in jobs:
        job.start()
    latencies = [value for _ in jobs for value in queue_out.get()]
    for job in jobs:
        job.join()
    return latencies


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=1000)[int(p * 10) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--claimers", type=int, default=100)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    try:
        agent_ids = build(schema, args.leads, args.claimers)
        print(f"built {args.leads:,} leads in {time.monotonic() - started:.0f}s")
        baseline = measure(schema, agent_ids, args.processes, args.seconds / 2, "select1")
        claims = measure(schema, agent_ids, args.processes, args.seconds, "claim")
    finally:
        with sa.create_engine(BASE).begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    b50, b99 = percentile(baseline, 50), percentile(baseline, 99)
    c50, c99 = percentile(claims, 50), percentile(claims, 99)
    print(
        f"claimers {args.claimers} ({args.processes} processes), claims {len(claims):,}, "
        f"{len(claims) / args.seconds:.0f} claims/s"
    )
    print(f"SELECT 1  p50 {b50:.2f} ms  p99 {b99:.2f} ms")
    print(f"claim     p50 {c50:.2f} ms  p99 {c99:.2f} ms")
    print(
        f"ratio     p50 {c50 / b50:.1f}x  p99 {c99 / b99:.1f}x"
        "   (target: claim p99 < 20 ms, ratio < 10)"
    )


if __name__ == "__main__":
    main()
