"""The call screen: the lead beside the script, walked one step at a time, with the live meter."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, get_template_attribute, jsonify, redirect, render_template, url_for
from flask_login import current_user

from console.auth import roles_required
from console.contract.common import read
from console.contract.drafts import DraftInput
from console.db import get_session
from console.domain.roles import Role
from console.http import json_object
from console.realtime import publish
from console.services import call_screen, call_screen_view, call_sessions, voicemail
from console.services.call_screen_view import CallScreen
from console.wiring import script_library

bp = Blueprint("calls", __name__)


@bp.get("/calls/lead/<int:lead_id>")
@roles_required(Role.TELECALLER)
def lead_screen(lead_id: int):
    """My prepared call on a lead I hold, else the lead with the button that opens the call."""
    page = call_screen_view.before_call(
        session=get_session(), lead_id=lead_id, agent=current_user, library=script_library()
    )
    if page.go_to_call is not None:
        return redirect(url_for("calls.screen", call_id=page.go_to_call))
    return _render(page)


@bp.post("/calls/lead/<int:lead_id>")
@roles_required(Role.TELECALLER)
def open_lead(lead_id: int):
    """Create or resume my call on a lead I hold (renewing the lease), then show it."""
    page = call_screen_view.open_lead(
        session=get_session(), lead_id=lead_id, agent=current_user, library=script_library()
    )
    if page.go_to_call is not None:
        return redirect(url_for("calls.screen", call_id=page.go_to_call), code=303)
    return _render(page)


@bp.get("/calls/<int:call_id>")
@roles_required(Role.TELECALLER, Role.LEAD, Role.ADMIN)
def screen(call_id: int):
    """The call screen; read-only for team leads, admins and calls already wrapped up."""
    page = call_screen_view.during_call(
        session=get_session(), call_id=call_id, viewer=current_user, library=script_library()
    )
    return _render(page)


def _render(page: CallScreen) -> str:
    session = get_session()
    open_session = (
        call_sessions.open_session(session=session, agent=current_user)
        if current_user.role == Role.TELECALLER
        else None
    )
    return render_template(
        "calls/screen.html",
        lead=page.lead,
        view=page.view,
        problem=page.problem,
        keys=call_sessions.call_screen_keys(
            session=session,
            campaign_id=page.lead["campaign_id"] if page.lead else None,
            mode=(page.view["call"]["mode"] if page.view else None) or current_user.call_mode,
        ),
        call_session=open_session,
        voicemail_offer=voicemail.offer_for(session, page.view["call"]["id"])
        if page.view
        else None,
    )


@bp.put("/calls/<int:call_id>/draft")
@roles_required(Role.TELECALLER)
def save_draft(call_id: int):
    """The call screen's autosave: the draft saved as the API saves it, with the step, trail and
    meter drawn by the page's own templates, so the page and its updates share one markup."""
    view = call_screen.save_draft(
        session=get_session(),
        call_id=call_id,
        agent=current_user,
        draft=read(DraftInput, json_object()),
        library=script_library(),
        publish=publish,
    )
    return jsonify({**view, "parts": _parts(view)})


def _parts(view: dict) -> dict[str, str] | None:
    """The call screen's changing parts, rendered from templates/calls/_parts.html."""
    if not view.get("walk"):
        return None
    part = partial(get_template_attribute, "calls/_parts.html")
    meter, suggestion = view["meter"], view["meter"].get("suggestion")
    return {
        "step": str(part("step")(view["walk"], view["call"]["editable"])),
        "trail": str(part("trail")(view["walk"])),
        "meter": str(part("meter")(meter)),
        "suggestion": str(part("suggestion_line")(suggestion)) if suggestion else "",
    }
