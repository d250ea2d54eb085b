"""Imports as recorded jobs, on SQLite and PostgreSQL: chunks committed with their position, a
crash mid-chunk resumed to exactly a clean run's leads and touches, reruns that write nothing,
stalled imports picked up again, and a runner that lost its job writing nothing more."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from console import ticker
from console.db import engine
from console.domain.imports import CHUNK_ROWS, FILE_ERASED, FILE_EXPIRED, FILE_KEPT, ImportState
from console.errors import Conflict, Invalid
from console.models import DncEntry, ImportJob, Lead, LeadTouch
from console.services import campaigns, erasure, import_jobs, import_run
from tests.imports import (
    BLOCKED,
    LATER,
    T0,
    Crash,
    committed,
    crash_at,
    leads_file,
    picture,
    wait_for_import,
)

ROWS = 1000
FILE = leads_file(ROWS)
HOUR = timedelta(hours=1)


@pytest.fixture
def app(app_on_both):
    """Every test here runs on SQLite and on PostgreSQL."""
    return app_on_both


@pytest.fixture
def inbound(session, campaign):
    """The campaign, calling interest leads too (so each chunk tells the queue), with one of the
    file's numbers on the do-not-call list."""
    campaign.call_interest = True
    session.add(DncEntry(phone=BLOCKED, reason="asked", source="request"))
    session.commit()
    return campaign


@pytest.fixture
def twin(session, inbound):
    """A second campaign like the first, for the clean run to compare with."""
    made = campaigns.create_campaign(
        session=session, slug="twin", name="Twin", script_id="inbound-demo-requests"
    )
    made.call_interest = True
    session.commit()
    return made


def begin(session, campaign, *, content=FILE, strict=False):
    job, _ = import_jobs.begin(
        session=session,
        campaign=campaign,
        content=content,
        file_name="leads.csv",
        strict=strict,
        user=None,
        now=T0,
    )
    return job


def run(session, job_id, *, at=T0, publish=None):
    return import_run.run(
        session=session, job_id=job_id, publish=publish or (lambda *a, **k: None), now=lambda: at
    )


def clean(session, campaign, *, content=FILE):
    """The same file imported into `campaign` without a hitch."""
    return run(session, begin(session, campaign, content=content).id)


def test_each_chunk_commits_with_the_position_it_reached(session, inbound):
    job = begin(session, inbound)
    seen = []

    def now():  # read once per chunk, inside its transaction: what others see is the last commit
        seen.append(committed(job.id).rows_done)
        return T0

    done = import_run.run(session=session, job_id=job.id, publish=lambda *a, **k: None, now=now)
    # taking the job, then each chunk where the last commit left it, then settling at the end
    assert seen == [0, *range(0, ROWS, CHUNK_ROWS), ROWS]
    assert done.state == ImportState.done and done.rows_done == done.total_rows
    assert done.failed == ROWS // 97 and done.created + done.touched + done.failed == ROWS
    assert done.updated > 0  # repeats that brought the email the first row lacked


def test_a_crash_mid_chunk_leaves_whole_chunks_and_the_stalled_import_resumes_to_a_clean_run(
    session, inbound, twin, monkeypatch
):
    job = begin(session, inbound)
    crash_at(monkeypatch, 450, Crash())
    with pytest.raises(Crash):
        run(session, job.id)
    session.rollback()  # the dead process's transaction goes with its connection
    monkeypatch.undo()

    stopped = committed(job.id)
    assert stopped.state == ImportState.running and stopped.rows_done % CHUNK_ROWS == 0
    assert 0 < stopped.rows_done < stopped.total_rows
    touches = session.exec(select(func.count()).select_from(LeadTouch)).one()
    assert touches == stopped.created + stopped.touched  # nothing of the crashed chunk is left

    assert import_jobs.resume_stalled(session=session, now=T0, start=lambda _: None) == []
    resumed = import_jobs.resume_stalled(
        session=session, now=LATER, start=lambda job_id: run(session, job_id, at=LATER)
    )
    assert resumed == [job.id]
    assert_same_as_a_clean_run(session, committed(job.id), inbound, twin)


def test_an_import_stopped_by_an_error_carries_on_when_the_same_file_comes_again(
    session, inbound, twin, monkeypatch
):
    job = begin(session, inbound)
    crash_at(monkeypatch, 250, RuntimeError("the database went away"))
    stopped = run(session, job.id)
    monkeypatch.undo()
    assert stopped.state == ImportState.failed and stopped.rows_done == CHUNK_ROWS
    assert "error on our side" in stopped.error

    again, needs_runner = import_jobs.begin(
        session=session, campaign=inbound, content=FILE, file_name="x.csv", strict=False, user=None
    )
    assert again.id == job.id and needs_runner
    assert_same_as_a_clean_run(session, run(session, job.id), inbound, twin)


def assert_same_as_a_clean_run(session, job, inbound, twin):
    """The resumed import's leads, touches and report are exactly those of a clean run."""
    reference = clean(session, twin)
    assert job.state == ImportState.done
    counts = ("created", "updated", "touched", "skipped", "failed", "rejected", "rows_done")
    assert {name: getattr(job, name) for name in counts} == {
        name: getattr(reference, name) for name in counts
    }
    assert picture(session, inbound) == picture(session, twin)
    blocked = [lead for lead in picture(session, inbound) if lead[0] == BLOCKED]
    assert blocked and blocked[0][2] == "dnc"


def test_the_same_file_again_writes_nothing_and_answers_with_the_first_report(session, inbound):
    first = clean(session, inbound)
    assert committed(first.id).content == b""  # done: the file's people are not kept in it
    before = picture(session, inbound)
    job, needs_runner = import_jobs.begin(
        session=session,
        campaign=inbound,
        content=FILE,
        file_name="again.csv",
        strict=False,
        user=None,
    )
    assert job.id == first.id and not needs_runner
    again = import_jobs.import_now(
        session=session,
        campaign=inbound,
        content=FILE,
        file_name="again.csv",
        strict=False,
        user=None,
        publish=lambda *a, **k: None,
    )
    assert again.id == first.id and again.touched == first.touched
    assert picture(session, inbound) == before  # no touch counted twice
    assert session.exec(select(func.count()).select_from(ImportJob)).one() == 1


def test_a_strict_import_with_a_bad_row_writes_nothing_and_a_plain_rerun_imports(session, inbound):
    small = leads_file(50, bad_every=10)
    refused = run(session, begin(session, inbound, content=small, strict=True).id)
    assert refused.state == ImportState.done and refused.created == refused.touched == 0
    assert refused.failed == 5 and refused.skipped == 45
    assert [row["row"] for row in refused.rejected] == [11, 21, 31, 41, 51]
    assert "phone" in refused.rejected[0]["fields"]
    assert picture(session, inbound) == []

    imported = run(session, begin(session, inbound, content=small).id)
    assert imported.id != refused.id and imported.created == 45
    strict_again = begin(session, inbound, content=small, strict=True)
    assert strict_again.id == imported.id  # what was written is not written again


def test_an_import_running_elsewhere_is_left_to_its_runner(session, inbound):
    job = begin(session, inbound)
    with Session(engine()) as other:  # another process took it a moment ago
        taken = other.get(ImportJob, job.id)
        taken.state, taken.runner, taken.heartbeat_at = ImportState.running, "elsewhere", T0
        other.commit()
    again, needs_runner = import_jobs.begin(
        session=session,
        campaign=inbound,
        content=FILE,
        file_name="",
        strict=False,
        user=None,
        now=T0,
    )
    assert again.id == job.id and not needs_runner
    assert run(session, job.id).rows_done == 0  # not taken: its runner is alive
    with pytest.raises(Conflict):
        import_jobs.import_now(
            session=session,
            campaign=inbound,
            content=FILE,
            file_name="",
            strict=False,
            user=None,
            publish=lambda *a, **k: None,
            now=lambda: T0,
        )


def test_a_runner_whose_import_was_taken_over_writes_nothing_more(session, inbound):
    job = begin(session, inbound)

    def take_over(*_args, **_kwargs):  # after the first chunk, another runner takes the job
        with Session(engine()) as other:
            other.get(ImportJob, job.id).runner = "someone else"
            other.commit()

    stopped = run(session, job.id, publish=take_over)
    assert stopped.rows_done == CHUNK_ROWS and stopped.runner == "someone else"
    touches = session.exec(select(func.count()).select_from(LeadTouch)).one()
    assert touches == stopped.created + stopped.touched


def stopped_at_200(session, campaign, monkeypatch, content=FILE):
    """An import of `content` stopped by an error after its first chunk."""
    job = begin(session, campaign, content=content)
    crash_at(monkeypatch, 250, RuntimeError("the database went away"))
    stopped = run(session, job.id)
    monkeypatch.undo()
    assert (stopped.state, stopped.rows_done) == (ImportState.failed, CHUNK_ROWS)
    return stopped


def test_an_unfinished_imports_file_goes_after_a_week_and_the_same_file_carries_on(
    session, inbound, twin, monkeypatch
):
    job = stopped_at_200(session, inbound, monkeypatch)
    assert import_jobs.drop_stale_files(session=session, now=T0 + FILE_KEPT) == 0
    assert import_jobs.drop_stale_files(session=session, now=T0 + FILE_KEPT + HOUR) == 1
    assert import_jobs.drop_stale_files(session=session, now=T0 + FILE_KEPT + HOUR) == 0
    dropped = committed(job.id)
    assert (dropped.content, dropped.state, dropped.dropped) == (b"", "failed", FILE_EXPIRED)
    said = import_jobs.card(session=session, job=dropped)["summary"]
    assert said == (
        "The import into Inbound demo requests stopped after 200 of 1,000 rows: its file was "
        "deleted after 7 days without a rerun, because it holds people's data. Upload the same "
        "file again to carry on from there."
    )

    again, needs_runner = import_jobs.begin(
        session=session, campaign=inbound, content=FILE, file_name="x.csv", strict=False, user=None
    )
    assert again.id == job.id and needs_runner and again.dropped == ""
    assert_same_as_a_clean_run(session, run(session, job.id), inbound, twin)


def test_erasing_a_person_stops_the_unfinished_imports_that_name_them_and_deletes_their_files(
    session, inbound, twin, monkeypatch, users
):
    named = stopped_at_200(session, inbound, monkeypatch)
    without_them = FILE.replace(b"+1 212 555 0010", b"+1 212 555 9010")
    elsewhere = stopped_at_200(session, twin, monkeypatch)  # the same person, another campaign
    person = session.exec(
        select(Lead).where(Lead.phone == "+12125550010", Lead.campaign_id == inbound.id)
    ).one()  # imported from the file's row 11; its row 611 is still to come

    erasure.erase(session=session, lead_id=person.id, actor=users["admin"])

    stopped = committed(named.id)
    assert (stopped.content, stopped.state, stopped.dropped) == (b"", "failed", FILE_ERASED)
    assert committed(elsewhere.id).dropped == "" and committed(elsewhere.id).content == FILE
    assert "had their data erased" in import_jobs.card(session=session, job=stopped)["summary"]
    with pytest.raises(Invalid) as refused:  # the same file would bring them back
        begin(session, inbound)
    assert refused.value.fields == {"file": "take them out of the file and upload it again"}
    fixed = begin(session, inbound, content=without_them)
    assert fixed.id != named.id, "the file without them is an import of its own"


def test_the_tick_hands_a_stalled_import_to_a_task_of_its_own_and_goes_on(
    app, session, inbound, monkeypatch, clock
):
    job = begin(session, inbound)  # queued, and no runner ever took it
    clock.set(LATER, frozen=True)
    gate, runs = threading.Event(), import_run.run

    def held_back(**kwargs):  # the resumed import waits here, before it writes, until the tick
        assert gate.wait(30)  # is over (a tick that ran it in place would wait here in vain)
        return runs(**kwargs)

    monkeypatch.setattr(import_run, "run", held_back)
    said = {ran.name: ran.said for ran in ticker.tick(app)}
    assert said["resume-imports"] == "1 stalled imports carried on"
    assert committed(job.id).rows_done == 0, "the tick ended before the import wrote a row"
    gate.set()
    assert wait_for_import(job.id).state == ImportState.done
