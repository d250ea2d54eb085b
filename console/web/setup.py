"""The admin's home: campaigns, users, keys and the do-not-call list."""

from __future__ import annotations

from flask import Blueprint, render_template

from console.auth import roles_required
from console.db import get_session
from console.domain.roles import Role
from console.services import setup as setup_service

bp = Blueprint("setup", __name__)


@bp.get("/setup")
@roles_required(Role.ADMIN)
def home():
    """An overview of what is configured."""
    return render_template(
        "setup/home.html", overview=setup_service.overview(session=get_session())
    )
