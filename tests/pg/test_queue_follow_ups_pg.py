"""On PostgreSQL: due follow-ups are read as the other buckets are, one index range per callable
zone, already in order, so a claim never steps over every lead waiting in nurture."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from console.db import get_session
from console.domain.queue import Bucket
from console.services import campaigns, queue_sql

NOW = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # a Wednesday: 11:00 in New York
# 20,000 leads in three zones, most of them waiting in nurture for a date within a year.
WAITING = text(
    "INSERT INTO lead (campaign_id, phone, timezone, intent, status, attempts, follow_up_at,"
    " priority, dnc, touches, arrived_at, created_at, updated_at, first_name, last_name,"
    " company, title, notes)"
    " SELECT :campaign, '+1202' || n,"
    " (ARRAY['America/New_York', 'America/Chicago', 'Europe/London'])[n % 3 + 1], 'need',"
    " CASE WHEN n % 10 = 0 THEN 'queued' ELSE 'nurture' END, 6,"
    " CAST(:now AS timestamptz) + (n % 365 - 30) * interval '1 day', 0, false, 1,"
    " :now, :now, :now, '', '', '', '', ''"
    " FROM generate_series(1, 20000) AS n"
)
FOLLOW_UPS = [entry for entry in queue_sql.BUCKETS if entry[0] is Bucket.follow_up]


@pytest.mark.parametrize(("bucket", "condition", "order"), FOLLOW_UPS)
def test_due_follow_ups_are_read_by_index_one_zone_at_a_time(pg_app, bucket, condition, order):
    session = get_session()
    campaign = campaigns.create_campaign(session=session, slug="fu", name="F", script_id="x")
    pick = queue_sql._pick(queue_sql._workable(False), condition, order, postgres=True)
    statement = queue_sql._typed(text(f"EXPLAIN SELECT {pick}"))
    zones = ["America/New_York", "America/Chicago"]
    asked = {
        "campaign": campaign.id, "agent": 1, "now": NOW, "general": zones, "florida": [],
        "zones": zones, "refused": [], "hot_since": NOW - timedelta(hours=1),
        "grace_since": NOW - timedelta(minutes=30),
    }  # fmt: skip
    session.execute(WAITING, {"campaign": campaign.id, "now": NOW})
    session.execute(text("ANALYZE lead"))
    plan = "\n".join(session.execute(statement, asked).scalars())
    session.rollback()
    assert "Index Scan using ix_lead_queue_follow_up" in plan
    assert "Presorted Key: lead.follow_up_at" in plan  # each zone's range is read in order
