"""The scheduler: each timed job runs when it is due, once across every app process.

Every process ticks (console.ticker starts the ticking). At a tick, for each job, one conditional
UPDATE moves the job's next run on, but only where it is due (`next_run_at <= now`): the process
whose UPDATE changed the row runs the job; every other process's UPDATE changed nothing, so it
skips the job. PostgreSQL makes a racing UPDATE wait for the first to commit and then read the row
again, and SQLite lets one writer at a time, so on both databases one process wins each run. The
jobs are idempotent as well (a reminder is stored under a unique key), so a run repeated after a
crash sends nothing twice. A run that fails is logged and recorded; the next one comes as usual.

While a run is under way its row is held for the job's `lease` (the next run is set that far
ahead), so a long run (an import, a round of Twilio look-ups) never overlaps the next one; when
it ends, the next run is due `every` after this one began, or at once if it took longer. A process
that dies mid-run holds the job only until the lease passes.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from console import clock
from console.models import ScheduledJob
from console.services import races

log = logging.getLogger("console.scheduler")
# What a job may ask for.
COLLABORATORS = ("session", "publish", "now", "telephony", "settings", "start_import")


@dataclass(frozen=True)
class Job:
    """A timed job: a service function run every `every`, handed the collaborators it names
    (keyword-only, from COLLABORATORS); it answers what it did, in words.
    `lease` is the longest a run may take before another process may start the next one."""

    name: str
    every: timedelta
    run: Callable[..., Any]
    lease: timedelta = timedelta(minutes=10)

    @property
    def about(self) -> str:
        """What the job does: the first paragraph of its function's docstring."""
        return " ".join((inspect.getdoc(self.run) or "").partition("\n\n")[0].split())

    @property
    def asks_for(self) -> tuple[str, ...]:
        """The collaborators the job's function takes."""
        named = inspect.signature(self.run).parameters
        return tuple(name for name in COLLABORATORS if name in named)


@dataclass(frozen=True)
class Ran:
    """One run of a job in this process: what it said, and whether it finished."""

    name: str
    said: str
    ok: bool


def claim(session: Session, job: Job, now: datetime) -> bool:
    """Whether this process runs `job` now: it is due, and this process moved its next run on
    (past the run's lease; the run's end sets it `every` after the end)."""
    races.insert_new(session, ScheduledJob, {"name": job.name, "next_run_at": now}, unique=["name"])
    session.commit()
    held_until = now + max(job.every, job.lease)
    moved = session.execute(
        update(ScheduledJob)
        .where(ScheduledJob.name == job.name, ScheduledJob.next_run_at <= now)
        .values(next_run_at=held_until, last_run_at=now, runs=ScheduledJob.runs + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return moved.rowcount == 1


def run_due(
    *,
    session: Session,
    publish: Callable[..., None],
    jobs: Iterable[Job],
    telephony: Any = None,
    settings: Mapping[str, Any] | None = None,
    start_import: Callable[[int], None] | None = None,
    now: datetime | None = None,
) -> list[Ran]:
    """Run every job that is due and that this process wins; what each run said. `settings` are
    the app's (a job reads its own, such as RETENTION_MONTHS); `start_import` runs an import in
    a task of its own (None: the job runs it in place)."""
    now = now or clock.now()
    given = {
        "session": session,
        "publish": publish,
        "now": now,
        "telephony": telephony,
        "settings": settings or {},
        "start_import": start_import,
    }
    return [_run(session, job, given) for job in jobs if claim(session, job, now)]


def _run(session: Session, job: Job, given: dict[str, Any]) -> Ran:
    started = clock.now()
    try:
        said = job.run(**{name: given[name] for name in job.asks_for})
        ran = Ran(job.name, "done" if said is None else str(said), ok=True)
    except Exception as error:  # one job's failure must not stop the others, nor the ticking
        session.rollback()
        log.exception("the scheduled job %s failed", job.name)
        ran = Ran(job.name, f"failed: {type(error).__name__}", ok=False)
    ended = given["now"] + (clock.now() - started)  # the run's end, on the tick's time line
    # Only the run that still holds the row records its end (one that overran its lease does not).
    session.execute(
        update(ScheduledJob)
        .where(ScheduledJob.name == job.name, ScheduledJob.last_run_at == given["now"])
        .values(
            next_run_at=max(given["now"] + job.every, ended),
            last_finished_at=ended,
            last_result=ran.said[:300],
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return ran


def schedule(*, session: Session, jobs: Iterable[Job]) -> list[dict[str, Any]]:
    """Each job with its interval and its last and next run (None before its first)."""
    rows = {row.name: row for row in session.exec(select(ScheduledJob))}
    listed = []
    for job in jobs:
        row = rows.get(job.name)
        listed.append(
            {
                "name": job.name,
                "every": job.every,
                "about": job.about,
                "runs": row.runs if row else 0,
                "last_run_at": row.last_run_at if row else None,
                "last_result": row.last_result if row else "",
                "next_run_at": row.next_run_at if row else None,
            }
        )
    return listed
