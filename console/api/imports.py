"""API: CSV imports of leads, in one request (as ever) or as a recorded job to follow."""

from __future__ import annotations

from flask import g, request

from console import import_tasks
from console.api import bp
from console.api.auth import api_roles
from console.contract.imports import ImportCard, ImportStart
from console.contract.leads import ImportQuery, ImportReport
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import campaigns, import_jobs


@bp.post("/campaigns/<slug>/leads/import")
@api_roles(Role.LEAD, Role.ADMIN, body="text/csv", query=ImportQuery, answers={200: ImportReport})
def import_leads(slug: str, query: ImportQuery):
    """Import a CSV body and answer when it is done; ?strict=1 imports nothing if any row is bad.

    The header names the columns (first_name, last_name, company, phone, email ...); unknown
    columns are ignored and listed. The same file again answers with its earlier report (409
    import_running while it is still being imported); a large file is better started with
    POST /campaigns/{slug}/imports and followed."""
    session = get_session()
    job = import_jobs.import_now(
        session=session,
        campaign=campaigns.by_slug(session=session, slug=slug),
        content=request.get_data(),
        file_name="",
        strict=query.strict,
        user=g.api_user,
        publish=publish,
    )
    return import_jobs.report(job)


@bp.post("/campaigns/<slug>/imports")
@api_roles(
    Role.LEAD,
    Role.ADMIN,
    body="text/csv",
    query=ImportStart,
    answers={202: ImportCard, 200: ImportCard},
)
def start_import(slug: str, query: ImportStart):
    """Start importing a CSV body in the background; follow it at GET /imports/{id}.

    202 with the import, queued or carrying on from where an earlier run of the same file
    stopped; 200 with the earlier import when the same file was imported already (nothing
    is written twice)."""
    session = get_session()
    job, needs_runner = import_jobs.begin(
        session=session,
        campaign=campaigns.by_slug(session=session, slug=slug),
        content=request.get_data(),
        file_name=query.file_name,
        strict=query.strict,
        user=g.api_user,
    )
    if needs_runner:
        import_tasks.start(job.id)
    answer = import_jobs.card(session=session, job=job)
    return answer, 200 if job.state == "done" else 202


@bp.get("/imports/<int:job_id>")
@api_roles(Role.LEAD, Role.ADMIN, answers={200: ImportCard})
def get_import(job_id: int):
    """An import's progress, and its report once done."""
    session = get_session()
    return import_jobs.card(session=session, job=import_jobs.find(session=session, job_id=job_id))
