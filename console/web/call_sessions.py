"""Call sessions: start, the next lead's preview counting down to its dial, skip, pause, resume,
end, and the summaries. Forms post here and come back to /session, which asks the service what
comes next, so a reload shows the session as the database has it."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from console import clock
from console.auth import roles_required
from console.db import get_session
from console.domain import durations, keys
from console.domain.call_sessions import StepKind
from console.domain.roles import PAUSE_REASONS, Role
from console.errors import ServiceError
from console.realtime import publish
from console.services import call_sessions, leads
from console.wiring import script_library, telephony, webhooks

bp = Blueprint("call_sessions", __name__)


def _home():
    return redirect(url_for("call_sessions.home"), code=303)


@bp.get("/session")
@roles_required(Role.TELECALLER)
def home(problem: str | None = None):
    """My call session: the start form, or what comes next (a call or a wrap-up goes to the call
    screen), with the summary so far and my past sessions."""
    session = get_session()
    shown = call_sessions.current(session=session, agent=current_user, publish=publish)
    if shown is not None and shown.step.kind in (StepKind.CALL, StepKind.WRAP_UP) and not problem:
        return redirect(url_for("calls.screen", call_id=shown.step.call_id))
    now = clock.now()
    past = call_sessions.past(session=session, agent=current_user)
    return render_template(
        "sessions/home.html",
        shown=shown,
        problem=problem,
        preview=leads.preview(session=session, lead=shown.lead, viewer=current_user)
        if shown and shown.lead
        else None,
        summary=call_sessions.summary(session=session, row=shown.row, now=now) if shown else None,
        past=[(row, call_sessions.summary(session=session, row=row, now=now)) for row in past],
        campaigns=call_sessions.my_campaigns(session=session, agent=current_user),
        pause_reasons=PAUSE_REASONS,
        keys=keys.screen_keys(keys.PREVIEW if shown else keys.START),
    )


@bp.post("/session/start")
@roles_required(Role.TELECALLER)
def start():
    """Start a session on the campaigns ticked (none ticked: all of mine)."""
    try:
        call_sessions.start(
            session=get_session(),
            agent=current_user,
            campaigns=request.form.getlist("campaign"),
            publish=publish,
        )
    except ServiceError as refused:
        return home(problem=refused.message), refused.status
    return _home()


@bp.post("/session/dial")
@roles_required(Role.TELECALLER)
def dial():
    """The countdown ended (or Enter: dial now): dial the previewed lead, then its call screen."""
    try:
        call = call_sessions.dial(
            session=get_session(),
            agent=current_user,
            library=script_library(),
            telephony=telephony(),
            publish=publish,
            webhooks=webhooks(),
            at_once=request.form.get("now") == "1",
        )
    except ServiceError as refused:
        if refused.code == "countdown":
            return _home()
        return home(problem=refused.message), refused.status
    return redirect(url_for("calls.screen", call_id=call.id), code=303)


@bp.post("/session/skip")
@roles_required(Role.TELECALLER)
def skip():
    """Skip the previewed lead: back to the queue, and the next preview."""
    call_sessions.skip(session=get_session(), agent=current_user, publish=publish)
    return _home()


@bp.post("/session/pause")
@roles_required(Role.TELECALLER)
def pause():
    """Pause with a reason (after the call in progress, if any)."""
    try:
        call_sessions.pause(
            session=get_session(),
            agent=current_user,
            reason=request.form.get("reason", ""),
            publish=publish,
        )
    except ServiceError as refused:
        return home(problem=refused.message), refused.status
    return _home()


@bp.post("/session/resume")
@roles_required(Role.TELECALLER)
def resume():
    """Back from a pause."""
    call_sessions.resume(session=get_session(), agent=current_user, publish=publish)
    return _home()


@bp.post("/session/end")
@roles_required(Role.TELECALLER)
def end():
    """End the session; its summary stays on the session page."""
    try:
        call_sessions.end(session=get_session(), agent=current_user, publish=publish)
    except ServiceError as refused:
        return home(problem=refused.message), refused.status
    return _home()


@bp.app_template_filter("spoken")
def spoken(seconds: float) -> str:
    """A length of time in the house's words ("1 h 04 m")."""
    return durations.spoken(seconds)
