"""The telecaller's home: my queue, my state, what is happening live."""

from __future__ import annotations

from flask import Blueprint, render_template

from console.auth import roles_required
from console.domain.roles import PAUSE_REASONS, Role

bp = Blueprint("queue", __name__)


@bp.get("/queue")
@roles_required(Role.TELECALLER)
def home():  # noqa: ANN201
    """My queue: the next lead, my state and the live feed."""
    return render_template("queue/home.html", pause_reasons=PAUSE_REASONS)
