"""The wrap-up: the outcome form on the call screen, and on its own page for a call left open."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from console.auth import roles_required
from console.db import get_session
from console.domain.roles import Role
from console.services import wrap_up_view
from console.wiring import script_library

bp = Blueprint("wrap_up", __name__)


@bp.get("/wrap-up/<int:call_id>")
@roles_required(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def page(call_id: int):
    """Record the outcome of a call outside the call screen (e.g. after a reload)."""
    view = wrap_up_view.page_view(
        session=get_session(), call_id=call_id, viewer=current_user, library=script_library()
    )
    return render_template("calls/wrap_up.html", call_id=call_id, **view)


@bp.get("/wrap-up/<int:call_id>/form")
@roles_required(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def form(call_id: int):
    """The wrap-up form (or the outcome already recorded), loaded into the call screen."""
    view = wrap_up_view.form_view(
        session=get_session(), call_id=call_id, viewer=current_user, library=script_library()
    )
    return render_template("calls/_wrap_up_form.html", **view)


@bp.get("/wrap-up/<int:call_id>/slots")
@roles_required(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def slots(call_id: int):
    """The free meeting times for the call's lead: the named rep's (?rep=id) or round robin's,
    for ?length= minutes, labelled in the lead's and the rep's zones (JSON)."""
    view = wrap_up_view.slots_view(
        session=get_session(),
        call_id=call_id,
        viewer=current_user,
        rep=request.args.get("rep"),
        length=request.args.get("length", 30, type=int),
    )
    return view
