"""The team lead's home: the live floor, today's conversion tiles and what just happened."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from console.auth import roles_required
from console.db import get_session
from console.domain.roles import Role
from console.services import activity, metrics

bp = Blueprint("floor", __name__)

# Today's tiles, quality first; `quality` marks what sales confirmed.
TILES = (
    ("accepted", "Accepted by sales", True),
    ("acceptance_rate", "Acceptance", True),
    ("meetings_booked", "Meetings booked", False),
    ("overrides", "Against the rule", False),
    ("conversations", "Conversations", False),
    ("dials", "Dials", False),
)


def _today() -> dict:
    session = get_session()
    span = metrics.period(None, None, current_user.timezone or "UTC")
    return {"today": metrics.metrics(session=session, span=span)["team"], "tiles": TILES}


@bp.get("/floor")
@roles_required(Role.LEAD, Role.ADMIN)
def home():  # noqa: ANN201
    """Every telecaller's state and time in state, today's conversion and recent outcomes, live."""
    return render_template(
        "floor/home.html", recent=activity.recent(session=get_session()), **_today()
    )


@bp.get("/floor/tiles")
@roles_required(Role.LEAD, Role.ADMIN)
def tiles():  # noqa: ANN201
    """Today's conversion tiles again (fetched when an outcome or a review arrives)."""
    return render_template("floor/_tiles.html", **_today())


@bp.get("/floor/recent")
@roles_required(Role.LEAD, Role.ADMIN)
def recent():  # noqa: ANN201
    """The latest outcomes, meetings booked and reviews."""
    return render_template("floor/_recent.html", recent=activity.recent(session=get_session()))
