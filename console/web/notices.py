"""Notices on people's pages: the small list of reminders and alerts (on the queue, the call
screen, the meetings page and the floor), fetched again live, and dismissing one."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from console.auth import roles_required
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import notices
from console.web.auth import home_endpoint

bp = Blueprint("notices", __name__)


@bp.app_context_processor
def open_notices() -> dict:
    """`open_notices()` for the pages that show the list (it reads only when a page asks)."""

    def mine() -> list[dict]:
        if not current_user.is_authenticated:
            return []
        return notices.open_for(session=get_session(), reader=current_user)

    return {"open_notices": mine}


@bp.get("/notices")
@roles_required(*Role)
def listing():
    """My open notices again (fetched when one arrives or something I did settles one)."""
    return render_template("notices/_list.html")


@bp.post("/notices/<int:notice_id>/dismiss")
@roles_required(*Role)
def dismiss(notice_id: int):
    """Put away one of my notices; the list again (in place), or back home without scripts."""
    notices.dismiss(
        session=get_session(), notice_id=notice_id, reader=current_user, publish=publish
    )
    if request.headers.get("HX-Request"):
        return render_template("notices/_list.html")
    return redirect(url_for(home_endpoint(current_user.role)), code=303)
