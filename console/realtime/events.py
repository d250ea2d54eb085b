"""Socket.IO handlers, one short function per event; connections are authenticated here."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, request
from flask import session as cookie_session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room

from console.contract.common import Shape, read
from console.contract.live import ConnectAuth, SnapshotAsk
from console.db import get_session
from console.errors import Invalid
from console.extensions import socketio
from console.logs import UNEXPECTED
from console.realtime import process_name
from console.realtime.rooms import rooms_for
from console.services import live, sessions

REFUSED = "unauthorized: sign in first, then reload the page"
log = logging.getLogger(__name__)


def refusal(model: type[Shape], sent: tuple[Any, ...]) -> str | None:
    """Why what a browser sent with an event does not fit the event's model, in words; None when
    it fits. Nothing (or null) counts as an empty object."""
    if len(sent) > 1:
        return "Send at most one object with this event."
    try:
        read(model, {} if not sent or sent[0] is None else sent[0])
    except Invalid as problem:
        return f"{problem.message} ({'; '.join(f'{k}: {v}' for k, v in problem.fields.items())})"
    return None


@socketio.on("connect")
def on_connect(auth=None):
    """Browser -> server on (re)connect; refused without a signed-in session or with an `auth`
    the page never sends, else recorded (so signing out can close it) and answered with a
    snapshot."""
    if not current_user.is_authenticated:
        raise ConnectionRefusedError(REFUSED)
    if problem := refusal(ConnectAuth, (auth,)):
        raise ConnectionRefusedError(f"The connection was refused: {problem}")
    session = get_session()
    user, login_id = current_user._get_current_object(), cookie_session.get("_user_id", "")
    if not sessions.connection_opened(
        session=session,
        user=user,
        sid=request.sid,
        login_id=login_id,
        key=current_app.config["SECRET_KEY"],
        process=process_name(),
    ):
        raise ConnectionRefusedError(REFUSED)  # signed out while this page was connecting
    for room in rooms_for(user, live.campaign_ids_for(session=session, user=user)):
        join_room(room)
    emit("snapshot", live.snapshot(session=session, user=user))


@socketio.on("snapshot")
def on_snapshot(*sent: Any) -> dict:
    """Browser -> server when a page wants a fresh snapshot; answered to that browser only (a
    payload that is not an empty object is answered with an error in words)."""
    if not current_user.is_authenticated:
        return {"error": "unauthorized"}
    if problem := refusal(SnapshotAsk, sent):
        return {"error": problem}
    return live.snapshot(session=get_session(), user=current_user)


@socketio.on("disconnect")
def on_disconnect(reason=None):
    """Socket.IO -> server when a page's connection closes, whoever closed it; the connection is
    kept, closed, for the grace (console.domain.presence). (No current_user here: a server-side
    close runs inside someone else's request.)"""
    sessions.connection_closed(session=get_session(), sid=request.sid)


@socketio.on_error_default
def on_unexpected_error(error: Exception) -> dict:
    """Any handler's unexpected error: reported once through the app's log, with the event and
    the user; the browser gets a sentence, never the error's text."""
    event = getattr(request, "event", None) or {}
    user_id = current_user.id if current_user.is_authenticated else None  # not get_id(): secret
    log.error(
        "unexpected error in live event %s",
        event.get("message"),
        exc_info=error,
        extra={"fields": {"event": event.get("message"), "user_id": user_id}},
    )
    return {"error": UNEXPECTED}
