"""Claim latency on PostgreSQL: 1,000,000 leads, 100 concurrent claimers.

Prints p50 and p99 of claim_next() and of a bare `SELECT 1` on the same connection pool under the
same concurrency, and their ratio, for three runs:
  1 claimer       one telecaller claiming back to back: the claim's own cost;
  100 paced       100 telecallers, each claiming about once a second (a random pause of 0 to 2 s
                  after each claim): far busier than a real floor, where a call takes minutes;
  100 saturated   100 telecallers claiming back to back with no pause: the throughput ceiling.
Each claimer's first claim opens its connection and warms the server's caches for it; app
processes are long-lived, so it is reported on its own line, apart from the percentiles.
Claimers run as 4 processes x 25 threads, as app processes would behind a proxy, each with the
app's own engine (console.db.make_engine: its pool and its pre-ping on every checkout).
Usage: .venv/bin/python bench/queue_claim.py [--leads N] [--claimers N] [--seconds S]
                                             [--schema NAME]
Needs BENCH_DATABASE_URL (default: the local test database). Works in a schema of its own, dropped
afterwards; with --schema NAME it builds that schema once and keeps it for the next run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from console.db import make_engine
from console.models import CampaignMember, Lead, User
from console.services import campaigns, queue

BASE = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # Wednesday, 11:00 in New York
# make_engine lets a pool grow to 3x its size: 21 connections a process, 84 for 4 processes,
# under PostgreSQL's default of 100 connections.
POOL_PER_PROCESS = 7
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
                        "queued" if n % 4 else "nurture",  # as intake places them
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


def worker(
    schema: str,
    agent_ids: list[int],
    seconds: float,
    mode: str,
    pause: float,
    out,
) -> None:
    """One app process: threads claiming (or running SELECT 1) until the time is up."""
    engine = make_engine(schema_url(schema), pool_size=POOL_PER_PROCESS)  # as the app makes it
    latencies: list[float] = []
    firsts: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(agent_id: int) -> None:
        mine: list[float] = []
        jitter = random.Random(agent_id)
        with Session(engine, expire_on_commit=False) as session:
            agent = session.get(User, agent_id)
            session.commit()  # give the connection back between claims
            time.sleep(jitter.uniform(0, pause))  # the floor does not start in step
            while time.monotonic() < deadline:
                start = time.perf_counter()
                if mode == "select1":
                    session.execute(sa.text("SELECT 1")).all()
                    session.commit()
                else:
                    claim = queue.claim_next(
                        session=session, agent=agent, publish=lambda *a, **k: None, now=NOW
                    )
                mine.append(time.perf_counter() - start)
                if mode == "claim":
                    if claim.lead is None:
                        break
                    session.execute(  # the call is over: the lead leaves the queue
                        sa.update(Lead)
                        .where(Lead.id == claim.lead.id)
                        .values(status="nurture", lease_owner_id=None, lease_expires_at=None)
                    )
                    session.commit()
                time.sleep(jitter.uniform(0, 2 * pause))
        with lock:
            firsts.extend(mine[:1])  # a new connection's first use: reported apart
            latencies.extend(mine[1:])

    threads = [threading.Thread(target=run, args=(agent_id,)) for agent_id in agent_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    out.put((latencies, firsts))


def measure(
    schema: str, agent_ids: list[int], processes: int, seconds: float, mode: str, pause: float
) -> tuple[list[float], list[float]]:
    """Latencies of every operation but each claimer's first, and of the firsts."""
    queue_out: multiprocessing.Queue = multiprocessing.Queue()
    share = max(1, len(agent_ids) // processes)
    jobs = [
        multiprocessing.Process(
            target=worker,
            args=(schema, agent_ids[i * share : (i + 1) * share], seconds, mode, pause, queue_out),
        )
        for i in range(min(processes, len(agent_ids)))
    ]
    for job in jobs:
        job.start()
    latencies: list[float] = []
    firsts: list[float] = []
    for _ in jobs:
        warm, cold = queue_out.get()
        latencies += warm
        firsts += cold
    for job in jobs:
        job.join()
    return latencies, firsts


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=1000)[int(p * 10) - 1] * 1000


def schema_exists(schema: str) -> bool:
    with sa.create_engine(BASE).connect() as connection:
        found = connection.execute(
            sa.text("SELECT 1 FROM information_schema.tables WHERE table_schema = :s"),
            {"s": schema},
        )
        return found.first() is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--claimers", type=int, default=100)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20, help="per run")
    parser.add_argument("--schema", help="build this schema once and keep it")
    args = parser.parse_args()
    schema = args.schema or f"bench_{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    try:
        if args.schema and schema_exists(schema):
            with Session(sa.create_engine(schema_url(schema))) as session:
                agent_ids = list(session.exec(select(User.id).order_by(User.id)))
            print(f"reusing schema {schema}")
        else:
            agent_ids = build(schema, args.leads, args.claimers)
            print(f"built {args.leads:,} leads in {time.monotonic() - started:.0f}s")
        runs = [
            ("1 claimer", agent_ids[:1], 1, 0.0),
            (f"{args.claimers} paced", agent_ids, args.processes, 1.0),
            (f"{args.claimers} saturated", agent_ids, args.processes, 0.0),
        ]
        print(
            f"{'run':<15}{'claims':>8}{'claims/s':>10}{'SELECT 1 p50/p99':>20}"
            f"{'claim p50/p99':>20}{'ratio p50/p99':>16}"
        )
        firsts: list[float] = []
        for name, agents, processes, pause in runs:
            baseline, _ = measure(schema, agents, processes, args.seconds / 2, "select1", pause)
            claims, cold = measure(schema, agents, processes, args.seconds, "claim", pause)
            firsts += cold
            b50, b99 = percentile(baseline, 50), percentile(baseline, 99)
            c50, c99 = percentile(claims, 50), percentile(claims, 99)
            print(
                f"{name:<15}{len(claims):>8,}{len(claims) / args.seconds:>10.0f}"
                f"{f'{b50:.2f} / {b99:.2f} ms':>20}{f'{c50:.2f} / {c99:.2f} ms':>20}"
                f"{f'{c50 / b50:.1f}x / {c99 / b99:.1f}x':>16}",
                flush=True,
            )
        print(
            f"not counted above: each claimer's first claim, on a new connection: "
            f"p50 {statistics.median(firsts) * 1000:.1f} ms, max {max(firsts) * 1000:.0f} ms "
            f"({len(firsts)} claimers)"
        )
        print("target: claim p99 < 20 ms and p99 ratio < 10")
    finally:
        if not args.schema:
            with sa.create_engine(BASE).begin() as connection:
                connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


if __name__ == "__main__":
    main()
