"""CSV imports as recorded jobs: one record per file and campaign, found again when the same
file comes back (to resume it, or to answer with its report), and resumed when its runner died."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import defer
from sqlmodel import Session, select

from console import clock
from console.domain.imports import (
    FILE_ERASED,
    FILE_EXPIRED,
    REPORT_CAP,
    ImportState,
    Progress,
    file_expired,
    is_stalled,
    may_run,
    summary,
)
from console.errors import Conflict, Invalid, NotFound, ServiceError
from console.models import Campaign, ImportJob, Lead, User
from console.services import imports, races
from console.services.import_run import content_of, held, run
from console.services.phones import e164_or_none


class ImportStopped(ServiceError):
    """An import stopped by an error on our side; the same file again carries on from there."""

    status = 503
    code = "import_stopped"


def begin(
    *,
    session: Session,
    campaign: Campaign,
    content: bytes,
    file_name: str,
    strict: bool,
    user: User | None,
    now: datetime | None = None,
) -> tuple[ImportJob, bool]:
    """The import of this file into the campaign, and whether it needs a runner now. The same
    file again (same campaign and sha256) is its earlier import: unfinished, it carries on from
    where it got to; finished, it is answered with its report. A file that cannot be read is
    refused at once, with nothing recorded."""
    now = now or clock.now()
    _, rows, ignored = imports.read_rows(content)
    digest = hashlib.sha256(content).hexdigest()
    _take_turns(session, campaign)  # the same file sent twice at once: one job
    earlier = _earlier(session, campaign, digest, strict)
    if earlier is not None:
        if earlier.dropped == FILE_ERASED:  # it would bring the erased person back
            session.rollback()
            raise Invalid(
                "Nothing was imported: this file names a person whose data was erased.",
                fields={"file": "take them out of the file and upload it again"},
            )
        if earlier.dropped:  # its file was deleted: this is that file, so it can carry on
            earlier.content, earlier.dropped = content, ""
        session.commit()
        return earlier, earlier.state != ImportState.done and may_run(
            earlier.state, earlier.heartbeat_at, now
        )
    job = ImportJob(
        campaign_id=campaign.id,
        user_id=user.id if user else None,
        file_name="".join(c for c in file_name if c.isprintable())[:255],
        sha256=digest,
        content=content,
        strict=strict,
        total_rows=len(rows),
        ignored_columns=ignored,
        heartbeat_at=now,
        created_at=now,
    )
    session.add(job)
    session.commit()
    return held(session, job.id, lock=False), True


def _take_turns(session: Session, campaign: Campaign) -> None:
    """Lock the campaign until the transaction ends (races.hold), letting leads be added to it
    meanwhile: FOR NO KEY UPDATE, which a lead's foreign key does not wait for."""
    if session.get_bind().dialect.name != "postgresql":
        races.hold(session, Campaign, campaign.id)
        return
    query = select(Campaign.id).where(Campaign.id == campaign.id)
    session.exec(query.with_for_update(key_share=True)).one()


def _earlier(session: Session, campaign: Campaign, digest: str, strict: bool) -> ImportJob | None:
    """The latest import of the same file into the campaign. A strict import that refused the
    file wrote nothing, so only another strict run of it is that import again."""
    query = (
        select(ImportJob)
        .where(ImportJob.campaign_id == campaign.id, ImportJob.sha256 == digest)
        .options(defer(ImportJob.content))
        .order_by(ImportJob.id.desc())
        .execution_options(populate_existing=True)  # as it is now, whoever ran it
    )
    for job in session.exec(query):
        if strict or not progress(job).refused:
            return job
    return None


def import_now(
    *,
    session: Session,
    campaign: Campaign,
    content: bytes,
    file_name: str,
    strict: bool,
    user: User | None,
    publish: Callable[..., None],
    now: Callable[[], datetime] = clock.now,
) -> ImportJob:
    """Begin the import and run it here, to the end (the command line, the API's one-request
    import); Conflict while another runner is still at it, ImportStopped after an error."""
    job, needs_runner = begin(
        session=session,
        campaign=campaign,
        content=content,
        file_name=file_name,
        strict=strict,
        user=user,
        now=now(),
    )
    if needs_runner:
        job = run(session=session, job_id=job.id, publish=publish, now=now)
    if job.state == ImportState.running:
        raise Conflict(
            f"This file is being imported already (import {job.id}): "
            f"{summary(progress(job), campaign.name)}",
            code="import_running",
        )
    if job.state == ImportState.failed:
        raise ImportStopped(summary(progress(job), campaign.name))
    return job


def find(*, session: Session, job_id: int) -> ImportJob:
    """The import with this id, or NotFound."""
    job = session.get(ImportJob, job_id, options=[defer(ImportJob.content)], populate_existing=True)
    if job is None:
        raise NotFound(f"No import {job_id}: start one by uploading the file.")
    return job


def progress(job: ImportJob) -> Progress:
    """What the import has done so far, for the domain's words."""
    return Progress(
        state=job.state,
        strict=job.strict,
        total=job.total_rows,
        done=job.rows_done,
        created=job.created,
        updated=job.updated,
        touched=job.touched,
        skipped=job.skipped,
        failed=job.failed,
        failed_rows=tuple(row["row"] for row in job.rejected[:REPORT_CAP]),
        dropped=job.dropped,
    )


def card(*, session: Session, job: ImportJob) -> dict[str, Any]:
    """The import as the API and the page show it (contract.imports.ImportCard)."""
    campaign = session.get(Campaign, job.campaign_id)
    user = session.get(User, job.user_id) if job.user_id else None
    done = progress(job)
    return {
        "id": job.id,
        "campaign": campaign.slug,
        "campaign_name": campaign.name,
        "file_name": job.file_name,
        "sha256": job.sha256,
        "strict": job.strict,
        "by": user.name if user else None,
        "state": job.state,
        "total_rows": job.total_rows,
        "rows_done": job.rows_done,
        "percent": done.percent,
        "created": job.created,
        "updated": job.updated,
        "touched": job.touched,
        "skipped": job.skipped,
        "failed": job.failed,
        "rejected": job.rejected,
        "ignored_columns": job.ignored_columns,
        "summary": summary(done, campaign.name),
        "created_at": job.created_at.isoformat(),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
        "heartbeat_at": job.heartbeat_at.isoformat(),
    }


def report(job: ImportJob) -> dict[str, Any]:
    """The one-request import's answer (contract.leads.ImportReport), as it always was."""
    return {
        "import_id": job.id,
        "created": job.created,
        "duplicates": job.touched,
        "rejected": job.rejected,
        "ignored_columns": job.ignored_columns,
    }


def resume_stalled(*, session: Session, now: datetime, start: Callable[[int], None]) -> list[int]:
    """Hand every import that lost its runner (queued or running, no heartbeat for a while) to
    `start`, which runs it (in the background); their ids. For the scheduler, and at startup.
    Two callers at once are safe: a runner must take the job first, and only one does."""
    waiting = session.exec(
        select(ImportJob.id, ImportJob.state, ImportJob.heartbeat_at)
        .where(ImportJob.state.in_([ImportState.queued, ImportState.running]))
        .order_by(ImportJob.id)
    ).all()
    session.rollback()  # end the read before the runners write
    stalled = [job_id for job_id, state, heartbeat in waiting if is_stalled(state, heartbeat, now)]
    for job_id in stalled:
        start(job_id)
    return stalled


def drop_stale_files(*, session: Session, now: datetime) -> int:
    """Delete the file of every import left unfinished too long (domain.imports.file_expired):
    it holds people's data. Each stays failed, its summary saying why and how to finish it. The
    number deleted."""
    unfinished = session.exec(
        select(ImportJob.id, ImportJob.state, ImportJob.heartbeat_at).where(
            ImportJob.state != ImportState.done, ImportJob.dropped == ""
        )
    ).all()
    dropped = 0
    for job_id, state, beat in unfinished:
        if file_expired(state, beat, now):  # and no runner took it since it was read
            dropped += session.execute(
                update(ImportJob)
                .where(ImportJob.id == job_id, ImportJob.heartbeat_at == beat)
                .values(content=b"", state=ImportState.failed, runner="", dropped=FILE_EXPIRED)
            ).rowcount
    session.commit()
    return dropped


def forget_person(*, session: Session, lead: Lead, now: datetime) -> int:
    """Stop every unfinished import into the lead's campaign whose file names this person (by
    phone or email) and delete the file, before the person is erased: a runner would otherwise
    bring them back from it. The number stopped; committed."""
    unfinished = session.exec(
        select(ImportJob.id).where(
            ImportJob.campaign_id == lead.campaign_id,
            ImportJob.state != ImportState.done,
            ImportJob.dropped == "",
        )
    ).all()
    campaign = session.get(Campaign, lead.campaign_id)
    stopped = 0
    for job_id in unfinished:
        _, rows, _ = imports.read_rows(content_of(session, job_id))
        if any(_names(row, lead, campaign.default_country) for _, row in rows):
            stopped += session.execute(
                update(ImportJob)
                .where(ImportJob.id == job_id, ImportJob.state != ImportState.done)
                .values(
                    content=b"",
                    state=ImportState.failed,
                    runner="",  # a runner at it stops at its next chunk
                    dropped=FILE_ERASED,
                    heartbeat_at=now,
                )
            ).rowcount
    session.commit()
    return stopped


def _names(row: dict[str, str], lead: Lead, default_country: str | None) -> bool:
    email = (row.get("email") or "").strip().lower()
    if lead.email and email == lead.email.lower():
        return True
    return e164_or_none(row.get("phone") or "", row.get("country") or default_country) == lead.phone


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
