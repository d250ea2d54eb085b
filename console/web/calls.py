"""The call screen: the lead beside the script, walked one step at a time, with the live meter."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from console.auth import roles_required
from console.db import get_session
from console.domain.roles import Role
from console.models import Lead
from console.services import call_screen, leads
from console.services.errors import Conflict, NotFound
from console.services.scripting import ScriptUnavailable

bp = Blueprint("calls", __name__)


@bp.get("/calls/lead/<int:lead_id>")
@roles_required(Role.TELECALLER)
def lead_screen(lead_id: int):  # noqa: ANN201
    """My prepared call on a lead I hold, else the lead with the button that opens the call."""
    session = get_session()
    lead, call = call_screen.prepared_call(session=session, lead_id=lead_id, agent=current_user)
    if call is not None:
        return redirect(url_for("calls.screen", call_id=call.id))
    problem = call_screen.script_problem(session=session, lead=lead)
    return _lead_only(lead, problem)


@bp.post("/calls/lead/<int:lead_id>")
@roles_required(Role.TELECALLER)
def open_lead(lead_id: int):  # noqa: ANN201
    """Create or resume my call on a lead I hold (renewing the lease), then show it."""
    session = get_session()
    try:
        call = call_screen.open_call(session=session, lead_id=lead_id, agent=current_user)
    except ScriptUnavailable as refused:
        # The lead can still be read (and released); only the script is missing.
        return _lead_only(session.get(Lead, lead_id), refused)
    return redirect(url_for("calls.screen", call_id=call.id), code=303)


def _lead_only(lead: Lead, problem: ScriptUnavailable | None) -> str:
    preview = leads.preview(session=get_session(), lead=lead)
    return render_template("calls/screen.html", lead=preview, view=None, problem=problem)


@bp.get("/calls/<int:call_id>")
@roles_required(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def screen(call_id: int):  # noqa: ANN201
    """The call screen; read-only for team leads, admins and calls already wrapped up."""
    session = get_session()
    call = call_screen.readable_call(session=session, call_id=call_id, viewer=current_user)
    view = call_screen.call_view(session=session, call=call, viewer=current_user)
    lost_lease = call.agent_id == current_user.id and not view["call"]["editable"]
    if lost_lease and not call_screen.wrapped_up(session=session, call=call):
        raise Conflict(call_screen.NOT_HOLDER, code="not_claimed")  # the lease went elsewhere
    lead = session.get(Lead, call.lead_id)
    if lead is None:
        raise NotFound(f"The lead of call {call_id} is gone.")
    preview = leads.preview(session=session, lead=lead)
    return render_template("calls/screen.html", lead=preview, view=view, problem=None)
