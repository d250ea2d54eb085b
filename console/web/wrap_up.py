"""The wrap-up: the outcome form on the call screen, and on its own page for a call left open."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from console.auth import roles_required
from console.db import get_session
from console.domain.roles import Role
from console.models import Lead
from console.services import leads, wrap_up_view

bp = Blueprint("wrap_up", __name__)


@bp.get("/wrap-up/<int:call_id>")
@roles_required(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def page(call_id: int):  # noqa: ANN201
    """Record the outcome of a call outside the call screen (e.g. after a reload)."""
    session = get_session()
    form = wrap_up_view.form_view(session=session, call_id=call_id, viewer=current_user)
    lead = leads.preview(session=session, lead=session.get(Lead, form["call"].lead_id))
    return render_template("calls/wrap_up.html", lead_card=lead, call_id=call_id, **form)


@bp.get("/wrap-up/<int:call_id>/form")
@roles_required(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def form(call_id: int):  # noqa: ANN201
    """The wrap-up form (or the outcome already recorded), loaded into the call screen."""
    view = wrap_up_view.form_view(session=get_session(), call_id=call_id, viewer=current_user)
    return render_template("calls/_wrap_up_form.html", **view)
