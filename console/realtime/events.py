"""Socket.IO handlers, one short function per event; connections are authenticated here."""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room

from console.db import get_session
from console.extensions import socketio
from console.realtime.rooms import rooms_for
from console.services import live


@socketio.on("connect")
def on_connect(auth=None):  # noqa: ANN001, ANN201
    """Browser -> server on (re)connect; refused without a signed-in session, else a snapshot."""
    if not current_user.is_authenticated:
        raise ConnectionRefusedError("unauthorized: sign in first, then reload the page")
    session = get_session()
    for room in rooms_for(current_user, live.campaign_ids_for(session=session, user=current_user)):
        join_room(room)
    emit("snapshot", live.snapshot(session=session, user=current_user))


@socketio.on("snapshot")
def on_snapshot():  # noqa: ANN201
    """Browser -> server when a page wants a fresh snapshot; answered to that browser only."""
    if not current_user.is_authenticated:
        return {"error": "unauthorized"}
    return live.snapshot(session=get_session(), user=current_user)
