"""The CSV upload page for team leads and admins: the file imports in the background while the
page follows it, then shows its report."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from console import import_tasks
from console.auth import roles_required
from console.contract.common import read
from console.contract.leads import ImportForm
from console.db import get_session
from console.domain.roles import Role
from console.errors import Invalid, ServiceError
from console.services import campaigns, import_jobs

bp = Blueprint("imports", __name__)


@bp.route("/leads/import", methods=["GET", "POST"])
@roles_required(Role.LEAD, Role.ADMIN)
def upload():
    """Upload a CSV into a campaign, then follow its import; a refusal keeps what was chosen."""
    session = get_session()
    chosen = request.values.get("campaign", "")
    if request.method == "POST":
        upload = request.files.get("file")
        try:
            fields = {
                name: request.form[name] for name in ("campaign", "strict") if name in request.form
            }
            form = read(ImportForm, fields, message="Nothing was imported.")
            if upload is None or not upload.filename:
                raise Invalid("Nothing was imported.", fields={"file": "choose a CSV file"})
            job, needs_runner = import_jobs.begin(
                session=session,
                campaign=campaigns.by_slug(session=session, slug=form.campaign),
                content=upload.read(),
                file_name=upload.filename,
                strict=form.strict,
                user=current_user,
            )
            if needs_runner:
                import_tasks.start(job.id)
            return redirect(url_for("imports.follow", job_id=job.id))
        except ServiceError as problem:
            fixes = "; ".join(problem.fields.values())
            flash(f"{problem.message} Please {fixes}." if fixes else problem.message, "danger")
    choices = campaigns.all_campaigns(session=session)
    return render_template("imports/upload.html", campaigns=choices, chosen=chosen, job=None)


@bp.get("/leads/import/<int:job_id>")
@roles_required(Role.LEAD, Role.ADMIN)
def follow(job_id: int):
    """The upload page following one import: its progress bar, then its report."""
    session = get_session()
    job = import_jobs.card(session=session, job=import_jobs.find(session=session, job_id=job_id))
    choices = campaigns.all_campaigns(session=session)
    return render_template(
        "imports/upload.html", campaigns=choices, chosen=job["campaign"], job=job
    )


@bp.get("/leads/import/<int:job_id>/progress")
@roles_required(Role.LEAD, Role.ADMIN)
def progress(job_id: int):
    """The import's progress (polled by the page until the import ends), then its report."""
    session = get_session()
    job = import_jobs.card(session=session, job=import_jobs.find(session=session, job_id=job_id))
    return render_template("imports/_progress.html", job=job)
