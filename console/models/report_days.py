"""The daily roll-up the quality report reads: per UTC day, telecaller and campaign, the dials,
connects, conversations and first dials per speed-to-lead step, kept by every flush that
changes a call, an outcome or a lead (in the same transaction, so it cannot drift)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Table,
    delete,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from console.domain import reports
from console.domain.dispositions import Flag
from console.models.calls import Call, Outcome
from console.models.leads import Lead

STEPS = [f"speed_{step:02d}" for step in range(len(reports.SPEED_STEPS) + 1)]
COUNTS = ["dials", "connects", "conversations", *STEPS]

report_day = Table(
    "report_day",
    SQLModel.metadata,
    Column("day", Date, primary_key=True),  # the UTC day
    Column("agent_id", Integer, ForeignKey("app_user.id"), primary_key=True),
    Column("campaign_id", Integer, ForeignKey("campaign.id"), primary_key=True),
    *(Column(name, Integer, nullable=False, default=0, server_default="0") for name in COUNTS),
)

# The seconds from arrival to first dial and their step, as PostgreSQL computes them; the index
# lets the report read only the leads of the step that holds a median (services.metrics).
SPEED_SQL = "greatest(0, extract(epoch from lead.first_touch_at - lead.arrived_at))"
STEP_SQL = (
    f"width_bucket({SPEED_SQL}, ARRAY[{', '.join(map(str, reports.SPEED_STEPS))}]::numeric[])"
)
Index(
    "ix_lead_speed_step",
    Lead.__table__.c.first_touch_by_id,
    text(STEP_SQL.replace("lead.", "")),
    Lead.__table__.c.first_touch_at,
    postgresql_include=["arrived_at", "campaign_id"],
    postgresql_where=text("first_touch_at IS NOT NULL"),
).ddl_if(dialect="postgresql")

Key = tuple[date, int, int]
# What each row counts toward, by the fields that decide it.
WATCHED = {
    Call: ("status", "started_at", "agent_id", "campaign_id"),
    Outcome: ("created_at", "agent_id", "campaign_id", "flags"),
    Lead: ("first_touch_at", "first_touch_by_id", "campaign_id", "arrived_at"),
}


def _day(at: datetime) -> date:
    return at.astimezone(UTC).date()


def _flags(flags) -> set[str]:
    return set(json.loads(flags) if isinstance(flags, str) else flags or [])


def counted(model: type, row) -> Iterator[tuple[Key, str]]:
    """What one call, outcome or lead (its WATCHED fields) adds to the roll-up: (key, count)."""
    if model is Call:
        status, started_at, agent_id, campaign_id = row
        if status != "preparing" and started_at is not None:
            yield (_day(started_at), agent_id, campaign_id), "dials"
    elif model is Outcome:
        created_at, agent_id, campaign_id, flags = row
        said = _flags(flags)
        key = (_day(created_at), agent_id, campaign_id)
        if Flag.HUMAN_ANSWERED in said:
            yield key, "connects"
        if Flag.CONVERSATION in said:
            yield key, "conversations"
    else:
        first_touch_at, agent_id, campaign_id, arrived_at = row
        if first_touch_at is not None and agent_id is not None:
            seconds = max(0.0, (first_touch_at - arrived_at).total_seconds())
            step = STEPS[reports.speed_step(seconds)]
            yield (_day(first_touch_at), agent_id, campaign_id), step


def _watched_now(row) -> tuple:
    return tuple(getattr(row, name) for name in WATCHED[type(row)])


def _changed(row) -> bool:
    attrs = inspect(row).attrs
    return any(attrs[name].history.has_changes() for name in WATCHED[type(row)])


@event.listens_for(Session, "before_flush")
def _keep(session: Session, _context, _instances) -> None:
    """Count what this flush changes: minus each changed or deleted row as the database holds
    it, plus each new or changed row as it will be."""
    deltas: Counter[tuple[Key, str]] = Counter()
    before: dict[type, list[int]] = {model: [] for model in WATCHED}
    for row in session.new:
        if type(row) in WATCHED:
            deltas.update(counted(type(row), _watched_now(row)))
    for row in session.dirty:
        if type(row) in WATCHED and row.id is not None and _changed(row):
            before[type(row)].append(row.id)
            deltas.update(counted(type(row), _watched_now(row)))
    for row in session.deleted:
        if type(row) in WATCHED and row.id is not None:
            before[type(row)].append(row.id)
    for model, ids in before.items():
        if ids:
            columns = [getattr(model, name) for name in WATCHED[model]]
            for row in session.execute(select(*columns).where(model.id.in_(ids))):
                deltas.subtract(counted(model, tuple(row)))
    add(session, deltas)


def add(session: Session, deltas: Counter[tuple[Key, str]]) -> None:
    """Add counts to the roll-up's rows (made when missing), each row in one statement."""
    rows: dict[Key, dict[str, int]] = {}
    for (key, name), amount in deltas.items():
        if amount:
            rows.setdefault(key, {})[name] = amount
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for (day, agent_id, campaign_id), amounts in sorted(rows.items()):
        statement = insert(report_day).values(
            day=day, agent_id=agent_id, campaign_id=campaign_id, **amounts
        )
        increased = {name: report_day.c[name] + statement.excluded[name] for name in amounts}
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["day", "agent_id", "campaign_id"], set_=increased
            )
        )


def rebuild(session: Session, batch: int = 50_000) -> int:
    """The roll-up made afresh from every call, outcome and lead (a migration, a bench); the
    caller commits. Returns how many rows it holds."""
    session.execute(delete(report_day))
    totals: Counter[tuple[Key, str]] = Counter()
    for model in WATCHED:
        columns = [getattr(model, name) for name in WATCHED[model]]
        found = session.execute(select(*columns).execution_options(yield_per=batch))
        for row in found:
            totals.update(counted(model, tuple(row)))
    rows: dict[Key, dict[str, int]] = {}
    for (key, name), amount in totals.items():
        rows.setdefault(key, dict.fromkeys(COUNTS, 0))[name] = amount
    values = [
        {"day": day, "agent_id": agent, "campaign_id": campaign, **amounts}
        for (day, agent, campaign), amounts in rows.items()
    ]
    for start in range(0, len(values), batch):
        session.execute(report_day.insert(), values[start : start + batch])
    return len(values)


def sums(session: Session, where: Iterable) -> list:
    """(agent_id, *COUNTS summed) per telecaller over the roll-up's rows `where` selects."""
    summed = [func.coalesce(func.sum(report_day.c[name]), 0) for name in COUNTS]
    query = select(report_day.c.agent_id, *summed).where(*where)
    return list(session.execute(query.group_by(report_day.c.agent_id)))
