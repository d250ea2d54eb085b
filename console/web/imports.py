"""The CSV upload page for team leads and admins, showing the row report."""

from __future__ import annotations

from flask import Blueprint, flash, render_template, request

from console.auth import roles_required
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
            if upload is None or not upload.filename:
                raise Invalid("No file.", fields={"file": "choose a CSV file to upload"})
            campaign = campaigns.by_slug(session=session, slug=request.form.get("campaign", ""))
            report = imports.import_csv(
                session=session,
                campaign=campaign,
                content=upload.read(),
                strict=bool(request.form.get("strict")),
                publish=publish,
            )
        except ServiceError as problem:
            flash(
                problem.message + " " + "; ".join(f"{k}: {v}" for k, v in problem.fields.items()),
                "danger",
            )
    return render_template("imports/upload.html", campaigns=choices, report=report)
