"""Development only: the mail the console sent, as the local capture server received it."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user

from console.auth import roles_required
from console.config import DEV_ENVS
from console.db import get_session
from console.domain.roles import Role
from console.services import invites

bp = Blueprint("dev_mail", __name__)


@bp.get("/dev/mail")
@roles_required(Role.ADMIN)
def mail():
    """Every message the local SMTP server captured, newest first, and the outbox's waiting."""
    if current_app.config["ENV"] not in DEV_ENVS:
        abort(404)
    view = invites.mail_page(
        session=get_session(),
        folder=Path(current_app.config["MAIL_CAPTURE_DIR"]),
        zone=current_user.timezone or "UTC",
    )
    return render_template("dev/mail.html", **view)
