"""What the import tests share: a file with repeats, bad rows and a blocked number, a picture of
a campaign's leads and touches to compare runs by, and waiting for a background import."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, func, select

from console.db import engine
from console.domain.imports import ImportState
from console.models import Campaign, ImportJob, Lead, LeadTouch
from console.services import intake

T0 = datetime(2027, 3, 14, 12, 0, tzinfo=UTC)  # imports are stamped with set instants, not today
LATER = T0 + timedelta(minutes=10)  # past the stall limit
BLOCKED = "+12125550005"  # a number the tests put on the do-not-call list


def leads_file(rows: int = 1000, *, bad_every: int = 97) -> bytes:
    """`rows` rows: numbers repeat after 600 rows (touches, some filling in an email the first
    row lacked), every `bad_every`th row has a number that is too short."""
    lines = ["first_name,last_name,company,phone,email,form"]
    for n in range(rows):
        number = n % 600
        if n % bad_every == bad_every - 1:
            lines.append(f"Bad,Row{n},Co,12,bad{n}@x.test,demo")
            continue
        email = f"p{number}@x.test" if n % 7 else ""
        lines.append(f"First{n},Last{n},Co {number},+1 212 555 {number:04d},{email},demo")
    return ("\n".join(lines) + "\n").encode()


def picture(session: Session, campaign: Campaign) -> list[tuple]:
    """Each lead of the campaign as the import left it, with its number of touch rows."""
    touch_rows = (
        select(func.count()).select_from(LeadTouch).where(LeadTouch.lead_id == Lead.id)
    ).scalar_subquery()
    query = (
        select(Lead.phone, Lead.email, Lead.status, Lead.intent, Lead.dnc, Lead.touches, touch_rows)
        .where(Lead.campaign_id == campaign.id)
        .order_by(Lead.phone)
    )
    return [tuple(row) for row in session.exec(query)]


def committed(job_id: int) -> ImportJob:
    """The job as another connection sees it: only what was committed."""
    with Session(engine()) as other:
        return other.get(ImportJob, job_id)


def wait_for_import(job_id: int, timeout: float = 120) -> ImportJob:
    """The job once its background runner has ended it (done or failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = committed(job_id)
        if job.state in (ImportState.done, ImportState.failed):
            return job
        time.sleep(0.05)
    raise AssertionError(f"import {job_id} did not end within {timeout} s")


class Crash(BaseException):
    """The process dying: nothing in the app catches it, and nothing after it runs."""


def crash_at(monkeypatch, call: int, error: BaseException) -> None:
    """Make the `call`th lead admitted fail with `error`, in the middle of its chunk."""
    admit, calls = intake.admit, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == call:
            raise error
        return admit(*args, **kwargs)

    monkeypatch.setattr(intake, "admit", failing)
