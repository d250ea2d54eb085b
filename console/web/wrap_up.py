"""The wrap-up on the call screen: the outcome form, or the outcome already saved, and the free
meeting times it offers."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from console.auth import roles_required
from console.db import get_session
from console.domain.roles import Role
from console.services import call_sessions, wrap_up_view
from console.wiring import script_library

bp = Blueprint("wrap_up", __name__)


@bp.get("/wrap-up/<int:call_id>/form")
@roles_required(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def form(call_id: int):
    """The wrap-up form, or the outcome already saved with the way on (Next lead, the meeting
    and its invite), loaded into the call screen on every load and after a save."""
    session = get_session()
    view = wrap_up_view.form_view(
        session=session, call_id=call_id, viewer=current_user, library=script_library()
    )
    mine = view["call"].agent_id == current_user.id
    in_session = mine and call_sessions.open_session(session=session, agent=current_user)
    return render_template(
        "calls/_wrap_up_form.html", **view, mine=mine, in_session=bool(in_session)
    )


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
