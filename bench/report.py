"""The quality report on PostgreSQL: a team of 40 telecallers over a quarter holding 1,000,000
calls and 100,000 outcomes (10,000 meetings, 20,300 sales reviews, 300,000 leads).

Builds the data with INSERT ... SELECT generate_series into a schema of its own (dropped
afterwards; --schema NAME keeps it for the next run), then times the one computation the
Reports page, its CSV and GET /api/v1/metrics share (console.services.metrics.metrics), for
this quarter and for one week of it, and prints p50, p95 and the slowest of each, with the
plan's time per part. One connection (the app's engine, pool of 2). Target: p95 under 200 ms.
Usage: .venv/bin/python bench/report.py [--calls N] [--outcomes N] [--runs N] [--schema NAME]
Needs BENCH_DATABASE_URL (default: the local test database).
"""

# ruff: noqa: E501 (the SQL that builds the data reads best a statement to a line)
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from console.db import make_engine
from console.models import Team, User, report_days
from console.services import campaigns, metrics

BASE = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)  # the quarter's last afternoon in New York
QUARTER = ("2026-10-01", "2026-12-31")
WEEK = ("2026-11-16", "2026-11-22")
ZONE = "America/New_York"
TELECALLERS = 40
START = "timestamptz '2026-10-01 04:00+00'"  # 00:00 on 1 October in New York
SPAN_SECONDS = 92 * 86400 - 3600  # to the end of the quarter there

# The flag sets outcomes carry (as the default dispositions write them), by share.
FLAG_SETS = [
    '["voicemail"]',
    "[]",
    '["human_answered", "contacted", "conversation", "gatekeeper"]',
    '["human_answered", "contacted", "conversation", "not_interested"]',
    '["human_answered", "contacted", "conversation", "callback"]',
    '["human_answered", "contacted", "conversation", "qualified"]',
]


def schema_url(schema: str) -> str:
    return f"{BASE}?options=-csearch_path%3D{schema}"


def people(session: Session) -> tuple[int, list[int], int, int]:
    """The team, its telecallers, a sales rep and the campaign (made as the app makes them)."""
    team = Team(name="Floor One")
    session.add(team)
    session.commit()
    agents = [
        User(
            email=f"t{n}@bench.test",
            name=f"Telecaller {n:02d}",
            role="telecaller",
            password_hash="x",
            team_id=team.id,
        )
        for n in range(TELECALLERS)
    ]
    rep = User(email="rep@bench.test", name="Rep", role="sales", password_hash="x")
    session.add_all([*agents, rep])
    session.commit()
    campaign = campaigns.create_campaign(session=session, slug="bench", name="B", script_id="x")
    return team.id, [a.id for a in agents], rep.id, campaign.id


def fill(connection, agents: list[int], rep: int, campaign: int, calls: int, outcomes: int):
    """Leads, calls, outcomes, meetings and reviews, spread over the quarter, by SQL."""
    first, count = min(agents), len(agents)  # the agents' ids are consecutive
    leads = calls * 3 // 10
    flag_sets = "ARRAY[" + ", ".join(f"'{f}'" for f in FLAG_SETS) + "]::text[]"
    steps = [
        (
            "leads",
            f"""INSERT INTO lead (campaign_id, phone, first_name, last_name, company, title,
                timezone, notes, intent, status, priority, dnc, attempts, arrived_at, touches,
                created_at, updated_at, first_touch_at, first_touch_by_id)
            SELECT {campaign}, '+1' || (2000000000 + i), 'L', 'N', 'C', 'T', '{ZONE}', '',
                'need', 'nurture', 0, false, 3, a, 1, a, a,
                a + make_interval(secs => (60 + (i::bigint * 7919) % 7200) * (1 + (i % 10 = 0)::int * 20)),
                {first} + i % {count}
            FROM generate_series(1, {leads}) i,
                LATERAL (SELECT {START} + make_interval(secs => (i::bigint * {SPAN_SECONDS - 86400}) / {leads}) a) t""",
        ),
        (
            "calls",
            f"""INSERT INTO call (lead_id, agent_id, campaign_id, mode, status, started_at,
                recording_consent, draft, updated_at)
            SELECT 1 + i % {leads}, {first} + i % {count}, {campaign}, 'bridge',
                CASE WHEN i % 50 = 0 THEN 'preparing' ELSE 'completed' END, s,
                'not_recorded', '{{}}'::jsonb, s
            FROM generate_series(1, {calls}) i,
                LATERAL (SELECT {START} + make_interval(secs => (i::bigint * {SPAN_SECONDS}) / {calls}) s) t""",
        ),
        (
            "outcomes",
            f"""INSERT INTO outcome (call_id, lead_id, agent_id, campaign_id, disposition, flags,
                decision, reasons, scores, scores_set_by_hand, evidence, answers, next_step,
                notes, rule, facts, wrap_seconds, created_at)
            SELECT i * {calls // outcomes}, 1 + (i * {calls // outcomes}) % {leads},
                {first} + (i * {calls // outcomes}) % {count}, {campaign}, 'd',
                ({flag_sets})[1 + i % {len(FLAG_SETS)}]::jsonb, 'retry', '[]', '{{}}', false,
                '{{}}', '{{}}', '', '', '{{}}', '{{}}', 20 + (i::bigint * 31) % 300,
                {START} + make_interval(secs => (i::bigint * {SPAN_SECONDS}) / {outcomes} + 300)
            FROM generate_series(1, {outcomes}) i""",
        ),
        (
            "meetings",
            f"""INSERT INTO meeting (lead_id, outcome_id, campaign_id, booked_by_id, sales_rep_id,
                starts_at, duration_minutes, decision_maker_present, attendees, status, override,
                created_at, updated_at)
            SELECT o.lead_id, o.id, o.campaign_id, o.agent_id, {rep},
                o.created_at + interval '3 days', 30, true, '', 'booked', o.id % 10 = 0,
                o.created_at, o.created_at
            FROM outcome o WHERE o.id % 10 = 6""",
        ),
        (
            "reviews",
            f"""INSERT INTO meeting_review (meeting_id, reviewer_id, action, reason, overturned,
                note, amount_cents, details, created_at)
            SELECT m.id, {rep}, r.action,
                CASE WHEN r.action = 'reject' THEN (ARRAY['procedural', 'clerical',
                    'definitional'])[1 + m.id % 3] END,
                CASE WHEN r.action = 'reject' AND m.id % 3 = 2 THEN '["authority"]'::jsonb
                    ELSE '[]'::jsonb END,
                '', CASE WHEN r.action = 'won' THEN 500000 + m.id * 100 END, '{{}}',
                m.created_at + r.after
            FROM meeting m
            JOIN LATERAL (VALUES
                ('accept', interval '4 hours', m.id % 5 <> 0),
                ('reject', interval '4 hours', m.id % 5 = 0),
                ('held', interval '3 days 1 hour', m.id % 5 IN (1, 2, 3)),
                ('no_show', interval '3 days 1 hour', m.id % 5 = 4),
                ('opportunity', interval '5 days', m.id % 5 = 1),
                ('won', interval '20 days', m.id % 25 = 1)
            ) r(action, after, happens) ON r.happens
            WHERE m.created_at + r.after < {START} + interval '{SPAN_SECONDS} seconds'""",
        ),
    ]
    for name, sql in steps:
        began = time.perf_counter()
        rows = connection.execute(sa.text(sql)).rowcount
        print(f"  {name:<9} {rows:>9,} rows in {time.perf_counter() - began:5.1f} s", flush=True)


def build(schema: str, calls: int, outcomes: int) -> None:
    admin = sa.create_engine(BASE)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    engine = make_engine(schema_url(schema), pool_size=2)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        team, agents, rep, campaign = people(session)
    engine.dispose()
    engine = sa.create_engine(schema_url(schema))  # no statement timeout: building takes a while
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        fill(connection, agents, rep, campaign, calls, outcomes)
    began = time.perf_counter()
    with Session(engine) as session:  # as migration 0022 fills it from the rows
        rows = report_days.rebuild(session)
        session.commit()
    print(f"  {'roll-up':<9} {rows:>9,} rows in {time.perf_counter() - began:5.1f} s", flush=True)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # As autovacuum leaves a table that has settled: statistics, and the visibility map
        # that lets an index answer alone (an index-only scan). Outside a transaction.
        connection.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()


def timed(session: Session, team_id: int, days: tuple[str, str], runs: int) -> list[float]:
    span = metrics.period(*days, ZONE, NOW)
    for _ in range(3):  # warm the connection and the caches, as a long-lived app process is
        metrics.metrics(session=session, span=span, team_id=team_id)
    took = []
    for _ in range(runs):
        began = time.perf_counter()
        report = metrics.metrics(session=session, span=span, team_id=team_id)
        took.append((time.perf_counter() - began) * 1000)
        session.rollback()
    team = report["team"]
    print(
        f"  {days[0]}..{days[1]}: {team['dials']:,} dials, {team['connects']:,} connects, "
        f"{team['meetings_booked'] + team['overrides']:,} meetings booked, "
        f"acceptance {team['acceptance']['words']}, held {team['held_rate']['words']}, "
        f"median speed to lead {team['median_speed_to_lead_seconds']} s"
    )
    return took


def p95(took: list[float]) -> float:
    ordered = sorted(took)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def line(name: str, took: list[float]) -> str:
    ordered = sorted(took)
    return (
        f"{name:<16} runs {len(took):>3}  p50 {statistics.median(took):6.1f} ms  "
        f"p95 {p95(took):6.1f} ms  max {ordered[-1]:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--outcomes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--schema", help="build this schema once and keep it")
    args = parser.parse_args()
    schema = args.schema or f"bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(BASE)
    with engine.connect() as connection:
        exists = connection.execute(
            sa.text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}
        ).first()
    engine.dispose()
    try:
        if not exists:
            print(f"building {args.calls:,} calls and {args.outcomes:,} outcomes in {schema}")
            build(schema, args.calls, args.outcomes)
        app_engine = make_engine(schema_url(schema), pool_size=2)
        with Session(app_engine) as session:
            team_id = session.exec(select(Team.id).where(Team.name == "Floor One")).one()
            print(f"report for team Floor One ({TELECALLERS} telecallers), zone {ZONE}:")
            quarter = timed(session, team_id, QUARTER, args.runs)
            week = timed(session, team_id, WEEK, args.runs)
        app_engine.dispose()
        print(line("quarter", quarter))
        print(line("one week", week))
        met = "met" if p95(quarter) < 200 else "NOT met"
        print(f"target: p95 under 200 ms for the quarter: {met}")
    finally:
        if not args.schema:
            engine = sa.create_engine(BASE)
            with engine.begin() as connection:
                connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
            engine.dispose()


if __name__ == "__main__":
    main()
