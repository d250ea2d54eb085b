"""The scheduler on SQLite: a due job runs once, whichever process (here: thread) asks first;
a failing job is recorded and stops nothing; `handoff jobs` runs and lists them."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session

from console.db import make_engine
from console.models import ScheduledJob
from console.services import scheduler
from console.services.jobs import JOBS
from console.services.scheduler import Job
from tests.handoffs import Spy

EVERY = timedelta(minutes=1)


@pytest.fixture(autouse=True)
def held(clock):
    """The clock held still: each test moves it by hand."""
    clock.set(clock.now(), frozen=True)


class Counting:
    """A job function that counts its runs and what it was handed."""

    def __init__(self) -> None:
        self.runs: list[dict] = []
        self._lock = threading.Lock()

    def __call__(self, *, session, now) -> str:
        """Count one run."""
        with self._lock:
            self.runs.append({"session": session, "now": now})
        return f"run {len(self.runs)}"


def test_a_due_job_runs_once_until_its_interval_passes(session, clock):
    job = Job("count", EVERY, Counting())
    now = clock.now()

    def ticked(at) -> list[str]:
        return [
            one.said
            for one in scheduler.run_due(session=session, publish=Spy(), jobs=[job], now=at)
        ]

    assert ticked(now) == ["run 1"]
    assert ticked(now) == []
    assert ticked(now + EVERY - timedelta(seconds=1)) == []
    assert ticked(now + EVERY) == ["run 2"]


def test_a_run_under_way_holds_its_job_for_its_lease(session, clock):
    """A process that claimed a run and died (or is still at it) keeps it until the lease ends."""
    job = Job("count", EVERY, Counting(), lease=timedelta(minutes=10))
    now = clock.now()
    assert scheduler.claim(session, job, now)
    assert not scheduler.claim(session, job, now + EVERY)
    assert not scheduler.claim(session, job, now + timedelta(minutes=9, seconds=59))
    assert scheduler.claim(session, job, now + timedelta(minutes=10))


def test_a_job_is_handed_only_the_collaborators_it_names(session, clock):
    counting = Counting()
    ran = scheduler.run_due(
        session=session, publish=Spy(), jobs=[Job("count", EVERY, counting)], now=clock.now()
    )
    assert ran == [scheduler.Ran("count", "run 1", ok=True)]
    assert counting.runs == [{"session": session, "now": clock.now()}]


def test_processes_racing_on_sqlite_run_a_due_job_once(app, clock):
    """Four engines of their own (as four processes have) tick at the same instant."""
    counting = Counting()
    job = Job("count", EVERY, counting)
    start = threading.Barrier(4)
    now = clock.now()
    url = app.config["SQLALCHEMY_DATABASE_URI"]

    def tick() -> None:
        own_engine = make_engine(url)
        with Session(own_engine, expire_on_commit=False) as own:
            start.wait()
            scheduler.run_due(session=own, publish=Spy(), jobs=[job], now=now)
        own_engine.dispose()

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(counting.runs) == 1


def broken(*, session) -> None:
    """Fail, as a job with a bug does."""
    raise RuntimeError("a bug")


def test_a_failing_job_is_recorded_and_the_others_still_run(session, clock):
    counting = Counting()
    jobs = [Job("broken", EVERY, broken), Job("count", EVERY, counting)]
    ran = scheduler.run_due(session=session, publish=Spy(), jobs=jobs, now=clock.now())
    assert [(one.name, one.ok) for one in ran] == [("broken", False), ("count", True)]
    row = session.get(ScheduledJob, "broken", populate_existing=True)
    assert row.last_result == "failed: RuntimeError" and row.next_run_at == clock.now() + EVERY


def test_the_schedule_lists_each_job_with_its_last_and_next_run(session, clock):
    jobs = [Job("count", EVERY, Counting()), Job("never", EVERY, broken)]
    scheduler.run_due(session=session, publish=Spy(), jobs=jobs[:1], now=clock.now())
    listed = {job["name"]: job for job in scheduler.schedule(session=session, jobs=jobs)}
    assert listed["count"]["last_run_at"] == clock.now()
    assert listed["count"]["next_run_at"] == clock.now() + EVERY
    assert listed["count"]["last_result"] == "run 1" and listed["count"]["runs"] == 1
    assert (
        listed["never"]["last_run_at"] is None
        and listed["never"]["about"] == "Fail, as a job with a bug does."
    )


def test_the_cli_runs_the_due_jobs_once_and_lists_them(app, users, clock):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["jobs", "run-due"])
    assert first.exit_code == 0, first.output
    assert [line.split(":")[0] for line in first.output.splitlines()] == [j.name for j in JOBS]
    again = runner.invoke(args=["jobs", "run-due"])
    assert again.output == "no job is due now\n"
    listed = runner.invoke(args=["jobs", "list"])
    assert listed.exit_code == 0
    assert "Remind each telecaller of a callback a few minutes before it is due (the floor" in (
        listed.output
    )
    assert "callback-reminders  every 60s  runs 1" in listed.output
    assert f"next {(clock.now() + EVERY).isoformat(timespec='seconds')}" in listed.output


def test_a_run_longer_than_its_interval_is_followed_at_once_never_overlapped(session, clock):
    def slow(*, now) -> None:
        """Take three minutes."""
        assert not scheduler.claim(session, job, now + 2 * EVERY)  # still held: no overlap
        clock.advance(3 * EVERY)

    job = Job("slow", EVERY, slow)
    start = clock.now()
    scheduler.run_due(session=session, publish=Spy(), jobs=[job], now=start)
    row = session.get(ScheduledJob, "slow", populate_existing=True)
    assert row.next_run_at == row.last_finished_at == start + 3 * EVERY
