"""Script pages for team leads and admins: the library, and each version read with a sample lead."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from console.auth import roles_required
from console.db import get_session
from console.domain.roles import Role
from console.services import scripting
from console.wiring import script_library

bp = Blueprint("scripts", __name__)


@bp.get("/scripts")
@roles_required(Role.LEAD, Role.ADMIN)
def home():
    """Every script: versions, title, the campaigns using it and whether it loads."""
    library = script_library()
    entries = scripting.catalogue(session=get_session(), library=library)
    return render_template("scripts/home.html", entries=entries, problems=library.problems)


@bp.get("/scripts/<script_id>/<int:version>")
@roles_required(Role.LEAD, Role.ADMIN)
def read(script_id: str, version: int):
    """One version, every step rendered for a sample lead, branches linked to their steps."""
    library = script_library()
    script = library.scripts.get((script_id, version))
    if script is None:
        abort(404)
    values = scripting.sample_values(session=get_session(), script_id=script_id, agent=current_user)
    return render_template(
        "scripts/version.html",
        script=script,
        steps=scripting.outline(script, values),
        versions=library.versions(script_id),
        sample=scripting.SAMPLE_LEAD,
        campaign=values["campaign"]["name"],
    )
