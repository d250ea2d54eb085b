"""The team lead's home: the live floor."""

from __future__ import annotations

from flask import Blueprint, render_template

from console.auth import roles_required
from console.domain.roles import Role

bp = Blueprint("floor", __name__)


@bp.get("/floor")
@roles_required(Role.LEAD, Role.ADMIN)
def home():  # noqa: ANN201
    """Every telecaller's state and time in state, updated live."""
    return render_template("floor/home.html")
