"""Running a recorded import: one runner at a time takes the job, then writes its remaining rows a
chunk per transaction, each committed together with the job's new position and counts. A crash
loses at most the chunk in flight, which the next runner writes again from the recorded
position; a row already counted never adds a second touch."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from sqlalchemy import or_, update
from sqlalchemy.orm import defer
from sqlmodel import Session, select

from console import clock
from console.domain.imports import CHUNK_ROWS, REPORT_CAP, ImportState, may_run
from console.errors import Invalid
from console.models import Campaign, DncEntry, ImportJob, Lead
from console.services import imports, intake, races

log = logging.getLogger("console.imports")

Rows = list[tuple[int, dict[str, str]]]


@dataclass
class Tally:
    """What one chunk did."""

    created: int = 0
    updated: int = 0
    touched: int = 0
    queued: int = 0
    rejected: list[dict] = field(default_factory=list)


class TakenOver(Exception):
    """Another runner holds the job now (this one was thought stalled): stop writing."""


def run(
    *,
    session: Session,
    job_id: int,
    publish: Callable[..., None],
    now: Callable[[], datetime] = clock.now,
) -> ImportJob:
    """Take the import, unless another runner holds it, and write what is left of it; the job as
    it stands afterwards. `now` is read at each chunk, so a long import's heartbeat moves on. An
    error stops the import as failed (a rerun of the file carries on from its position)."""
    runner = secrets.token_hex(16)
    if not _claim(session, job_id, runner, now()):
        return held(session, job_id, lock=False)
    job = held(session, job_id, lock=False)
    campaign = session.get(Campaign, job.campaign_id)
    _, rows, _ = imports.read_rows(content_of(session, job_id))
    position = job.rows_done
    session.commit()
    try:
        if (
            job.strict
            and not position
            and not _check_all(session, job, campaign, runner, rows, now)
        ):
            return held(session, job_id, lock=False)
        while position < len(rows):
            chunk = rows[position : position + CHUNK_ROWS]
            write = partial(_write, session, job_id, runner, campaign, position, chunk, now)
            _announce(races.once_more_if_beaten(session, write), campaign, publish)
            position += len(chunk)
        _settle(session, job_id, runner, now(), state=ImportState.done)
    except TakenOver:
        session.rollback()
    except Exception:
        log.exception("import %s stopped by an error", job_id)
        _settle(session, job_id, runner, now(), state=ImportState.failed)
    return held(session, job_id, lock=False)


def held(session: Session, job_id: int, *, lock: bool = True) -> ImportJob:
    """The job as it is now (its file left unread); with `lock`, locked until the transaction
    ends (races.hold, without reading the file each time)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if lock and not postgres:
        session.execute(update(ImportJob).where(ImportJob.id == job_id).values(id=ImportJob.id))
    return session.get(
        ImportJob,
        job_id,
        populate_existing=True,
        with_for_update=lock and postgres,
        options=[defer(ImportJob.content)],
    )


def content_of(session: Session, job_id: int) -> bytes:
    """The import's file (empty once done, or once deleted unfinished)."""
    return session.exec(select(ImportJob.content).where(ImportJob.id == job_id)).one()


def _claim(session: Session, job_id: int, runner: str, now: datetime) -> bool:
    """Whether this runner took the job: it was waiting, stopped by an error, or stalled."""
    job = held(session, job_id)
    if not may_run(job.state, job.heartbeat_at, now):
        session.rollback()
        return False
    job.state, job.runner, job.error, job.heartbeat_at = ImportState.running, runner, "", now
    job.started_at = job.started_at or now
    session.commit()
    return True


def _own(session: Session, job_id: int, runner: str) -> ImportJob:
    """The job, locked, while this runner still holds it."""
    job = held(session, job_id)
    if job.runner != runner or job.state != ImportState.running:
        raise TakenOver
    return job


def _check_all(
    session: Session,
    job: ImportJob,
    campaign: Campaign,
    runner: str,
    rows: Rows,
    now: Callable[[], datetime],
) -> bool:
    """A strict import reads every row before writing one: whether all are good. With a bad
    row, the job ends here having written nothing, its report listing every bad row."""
    rejected = []
    for start in range(0, len(rows), CHUNK_ROWS):
        rejected += _read(campaign, rows[start : start + CHUNK_ROWS])[1]
        _own(session, job.id, runner).heartbeat_at = now()
        session.commit()
    if not rejected:
        return True
    job = _own(session, job.id, runner)
    job.failed, job.skipped, job.rows_done = len(rejected), len(rows) - len(rejected), len(rows)
    job.rejected = rejected[:REPORT_CAP]
    session.commit()
    _settle(session, job.id, runner, now(), state=ImportState.done)
    return False


def _write(
    session: Session,
    job_id: int,
    runner: str,
    campaign: Campaign,
    position: int,
    chunk: Rows,
    now: Callable[[], datetime],
) -> Tally:
    """Write one chunk and move the job past it, in one transaction."""
    job = _own(session, job_id, runner)
    if job.rows_done != position:
        raise TakenOver
    at = now()
    tally = _admit(session, campaign, chunk, at)
    job.rows_done = position + len(chunk)
    job.created += tally.created
    job.updated += tally.updated
    job.touched += tally.touched
    job.failed += len(tally.rejected)
    job.rejected = [*job.rejected, *tally.rejected][:REPORT_CAP]
    job.heartbeat_at = at
    session.commit()
    return tally


def _read(campaign: Campaign, chunk: Rows) -> tuple[list[intake.LeadInput], list[dict]]:
    """The chunk's good rows as leads, and each bad row with its fields to fix."""
    good, rejected = [], []
    for line, row in chunk:
        try:
            good.append(intake.read_row(row, campaign))
        except Invalid as problem:
            rejected.append({"row": line, "fields": problem.fields})
    return good, rejected


def _admit(session: Session, campaign: Campaign, chunk: Rows, now: datetime) -> Tally:
    """Each good row as a new lead or a touch on the lead it repeats (nothing committed)."""
    good, rejected = _read(campaign, chunk)
    tally = Tally(rejected=rejected)
    phones = {checked.values["phone"] for checked in good}
    emails = {checked.values["email"] for checked in good if checked.values.get("email")}
    known = _known(session, campaign, phones, emails)
    dnc = set(session.exec(select(DncEntry.phone).where(DncEntry.phone.in_(phones))))
    for checked in good:
        values = checked.values
        existing = known.get(values["phone"]) or known.get(values.get("email") or "")
        result = intake.admit(
            session, campaign, checked, dnc=values["phone"] in dnc, existing=existing, now=now
        )
        known[result.lead.phone] = result.lead
        if result.lead.email:
            known[result.lead.email] = result.lead
        tally.touched += result.duplicate
        tally.created += not result.duplicate
        tally.updated += result.updated
        tally.queued += result.queued
    return tally


def _known(
    session: Session, campaign: Campaign, phones: set[str], emails: set[str]
) -> dict[str, Lead]:
    """The campaign's leads with these phones or emails, by phone and by email, locked so that
    touches on one lead are counted one at a time."""
    known: dict[str, Lead] = {}
    if not phones:
        return known
    query = (
        select(Lead)
        .where(Lead.campaign_id == campaign.id, or_(Lead.phone.in_(phones), Lead.email.in_(emails)))
        .order_by(Lead.id)
        .with_for_update()
    )
    for lead in session.exec(query):
        known[lead.phone] = lead
        if lead.email:
            known.setdefault(lead.email, lead)
    return known


def _settle(session: Session, job_id: int, runner: str, now: datetime, *, state: str) -> None:
    """End this runner's hold on the job: done, or failed for a rerun to carry on. When even
    that cannot be written (the database is gone), the job stays running until it is found
    stalled and resumed."""
    session.rollback()
    try:
        job = _own(session, job_id, runner)
    except TakenOver:
        session.rollback()
        return
    except Exception:
        session.rollback()
        log.exception("import %s: its end could not be recorded", job_id)
        return
    job.state, job.runner, job.heartbeat_at = state, "", now
    if state == ImportState.done:  # the file is not needed again: its people's data goes
        job.finished_at, job.content = now, b""
    else:
        job.error = "The import stopped because of an error on our side."
    session.commit()


def _announce(tally: Tally, campaign: Campaign, publish: Callable[..., None]) -> None:
    """Tell the campaign's queue pages that leads they can call arrived."""
    if tally.queued:
        publish(
            "queue.changed",
            {"campaign": campaign.slug, "imported": tally.created},
            room=f"campaign:{campaign.id}",
        )
