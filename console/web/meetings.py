"""The sales rep's home: my meetings to review."""

from __future__ import annotations

from flask import Blueprint, render_template

from console.auth import roles_required
from console.domain.roles import Role

bp = Blueprint("meetings", __name__)


@bp.get("/meetings")
@roles_required(Role.SALES, Role.LEAD, Role.ADMIN)
def home():  # noqa: ANN201
    """Meetings booked for me, newest first, with the review clock."""
    return render_template("meetings/home.html")
