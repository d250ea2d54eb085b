"""The CSV upload page for team leads and admins, showing the row report."""

from __future__ import annotations

from flask import Blueprint, flash, render_template, request

from console.auth import roles_required
from console.contract.common import read
from console.contract.leads import ImportForm
from console.db import get_session
from console.domain.roles import Role
from console.errors import Invalid, ServiceError
from console.realtime import publish
from console.services import campaigns, imports

bp = Blueprint("imports", __name__)


@bp.route("/leads/import", methods=["GET", "POST"])
@roles_required(Role.LEAD, Role.ADMIN)
def upload():
    """Upload a CSV into a campaign; the report lists every rejected row and field."""
    session = get_session()
    choices = campaigns.all_campaigns(session=session)
    report = None
    if request.method == "POST":
        upload = request.files.get("file")
        try:
            fields = {
                name: request.form[name] for name in ("campaign", "strict") if name in request.form
            }
            form = read(ImportForm, fields, message="Nothing was imported.")
            if upload is None or not upload.filename:
                raise Invalid("Nothing was imported.", fields={"file": "choose a CSV file"})
            report = imports.import_csv(
                session=session,
                campaign=campaigns.by_slug(session=session, slug=form.campaign),
                content=upload.read(),
                strict=form.strict,
                publish=publish,
            )
        except ServiceError as problem:
            fixes = "; ".join(problem.fields.values())
            flash(f"{problem.message} Please {fixes}." if fixes else problem.message, "danger")
    return render_template("imports/upload.html", campaigns=choices, report=report)
