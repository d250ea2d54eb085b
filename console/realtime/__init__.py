"""Live events over Socket.IO: one publish() seam, rooms per user, team, role and campaign, and
disconnect() for ending a page's connection in whichever process holds it."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import sys
from typing import Any

from flask import Flask, current_app
from pydantic import ValidationError

from console import clock
from console.contract.live import UnknownEvent, written
from console.extensions import socketio
from console.realtime.message_queue import ResyncingRedisManager

log = logging.getLogger("console.realtime")
_process: tuple[int, str] | None = None


def process_name() -> str:
    """This app process, as its live connections record it (host, pid and a nonce, so a
    restarted process with the same pid is another one); it vouches for them (presence)."""
    global _process
    if _process is None or _process[0] != os.getpid():  # a fork is a process of its own
        pid = os.getpid()
        _process = (pid, f"{socket.gethostname()}/{pid}/{secrets.token_hex(4)}")
    return _process[1]


def init_realtime(app: Flask) -> None:
    """Bind Socket.IO; with REDIS_URL several app processes share one message queue."""
    from console.realtime import events  # noqa: F401  (registers the handlers)

    socketio.init_app(
        app,
        async_mode=async_mode(),
        client_manager=_message_queue(app),  # None: in-process (given, as it outlives an app)
        manage_session=False,  # read Flask's own session cookie, so Flask-Login works in handlers
        cors_allowed_origins=_allowed_origins(app),
    )


def async_mode() -> str:
    """gevent once gevent has patched the standard library (gunicorn's gevent worker, as
    gunicorn.conf.py sets it up: thousands of connections in one process); threading otherwise
    (`handoff run`, the tests), where each connection holds a thread."""
    monkey = sys.modules.get("gevent.monkey")
    return "gevent" if monkey is not None and monkey.is_module_patched("socket") else "threading"


def _message_queue(app: Flask) -> ResyncingRedisManager | None:
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    return ResyncingRedisManager(
        url,
        channel=app.config.get("REDIS_CHANNEL", "handoff"),
        timeout=app.config.get("REDIS_TIMEOUT", 2),
    )


def _allowed_origins(app: Flask) -> list[str] | None:
    base = app.config.get("PUBLIC_BASE_URL")
    return [base.rstrip("/")] if base else None


def publish(event: str, payload: dict[str, Any], room: str | list[str]) -> None:
    """Send an event to a room (or several: a member of two hears it once), its payload written
    through the event's model (console.contract.live); every event carries its type and when it
    happened. A payload that drifts from its model is a bug: the tests raise it, while a running
    app logs it and sends nothing, since what the event announces is already saved."""
    try:
        body = {"type": event, "at": clock.now().isoformat(), **written(event, payload)}
    except (UnknownEvent, ValidationError):
        if current_app.testing:
            raise
        log.exception("the live event %s does not match its model; not sent", event)
        return
    socketio.emit(event, body, to=room)


def disconnect(sid: str) -> None:
    """Close one live connection; with REDIS_URL the message queue carries the request to the
    process that holds it."""
    socketio.server.disconnect(sid, namespace="/")
