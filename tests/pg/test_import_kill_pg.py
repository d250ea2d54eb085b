"""`handoff leads import` killed with SIGKILL in the middle of a chunk, on PostgreSQL: the record
says how far it got, nothing of the chunk in flight is left, and running the same file again
later carries on to exactly the leads and touches of a clean run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from console.config import ROOT
from console.db import engine, get_session
from console.domain.imports import CHUNK_ROWS, ImportState
from console.models import DncEntry, ImportJob, Lead, LeadTouch
from console.services import campaigns, import_jobs
from tests.imports import BLOCKED, LATER, T0, committed, leads_file, picture

pytestmark = pytest.mark.pg

HELD_PHONE = "+12125550450"  # first met at row 450 of the file: the third chunk, after new leads


def cli_import(url: str, path, now, app_name: str, log) -> subprocess.Popen:
    """`handoff leads import` in a child process, its clock started at `now`, writing to `log`."""
    env = {
        **os.environ,
        "HANDOFF_ENV": "development",
        "DATABASE_URL": f"{url}&application_name={app_name}",
        "HANDOFF_NOW": now.isoformat(),
    }
    command = [sys.executable, "-m", "console.cli", "leads", "import", str(path)]
    return subprocess.Popen(
        [*command, "--campaign", "inbound"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, child: subprocess.Popen, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if child.poll() is not None:
            raise AssertionError(f"the import ended (status {child.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {timeout} s")
        time.sleep(0.05)


def waiting_on_a_lock(app_name: str) -> bool:
    with engine().connect() as connection:
        query = sa.text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE application_name = :name AND wait_event_type = 'Lock'"
        )
        return connection.execute(query, {"name": app_name}).scalar() > 0


def test_a_killed_cli_import_resumes_to_exactly_a_clean_run(pg_app, pg_schema, tmp_path):
    session = get_session()
    for slug in ("inbound", "twin"):
        made = campaigns.create_campaign(
            session=session, slug=slug, name=slug.title(), script_id="inbound-demo-requests"
        )
        made.call_interest = True
    session.add(DncEntry(phone=BLOCKED, reason="asked", source="request"))
    session.commit()
    inbound = campaigns.by_slug(session=session, slug="inbound")
    path = tmp_path / "leads.csv"
    path.write_bytes(leads_file(1000))

    # Another transaction is adding the lead of row 450 and has not committed: the import's
    # insert of that number waits for it, in the middle of its third chunk.
    blocker = engine().connect()
    held = Session(bind=blocker)
    held.add(Lead(campaign_id=inbound.id, phone=HELD_PHONE, first_name="Held"))
    held.flush()

    app_name = f"import_{uuid.uuid4().hex[:8]}"
    first = cli_import(pg_schema, path, T0, app_name, (tmp_path / "first.log").open("w"))
    try:
        wait_for(lambda: waiting_on_a_lock(app_name), first, "wait mid-chunk")
        first.send_signal(signal.SIGKILL)
        first.wait()
    finally:
        held.rollback()
        held.close()
        blocker.close()

    jobs = session.exec(select(ImportJob.id)).all()
    assert len(jobs) == 1
    stopped = committed(jobs[0])
    assert stopped.state == ImportState.running and stopped.rows_done == 2 * CHUNK_ROWS
    touches = session.exec(select(func.count()).select_from(LeadTouch)).one()
    assert touches == stopped.created + stopped.touched  # nothing of the third chunk is left

    # later, when the first run has stalled
    again = cli_import(pg_schema, path, LATER, app_name, subprocess.PIPE)
    output = again.communicate(timeout=300)[0].decode()
    assert again.returncode == 1, output  # rows were rejected, as in any run of this file
    assert f"import {stopped.id}: Imported into Inbound:" in output

    twin = campaigns.by_slug(session=session, slug="twin")
    reference = import_jobs.import_now(
        session=session,
        campaign=twin,
        content=path.read_bytes(),
        file_name="leads.csv",
        strict=False,
        user=None,
        publish=lambda *a, **k: None,
        now=lambda: LATER,
    )
    resumed = committed(stopped.id)
    counts = ("created", "updated", "touched", "failed", "rejected", "rows_done")
    assert {n: getattr(resumed, n) for n in counts} == {n: getattr(reference, n) for n in counts}
    session.expire_all()
    assert picture(session, inbound) == picture(session, twin)
