"""The fan-out benchmark's base: a bare python-socketio server, served as the console is
(`gunicorn` with gunicorn.conf.py: gevent, one worker) with the same Redis message queue, and
nothing of the console: no sign-in, no database, no snapshot query, no event model.

Every page joins the room "floor" and gets an empty snapshot. GET /publish emits agent.state to
the floor with the instant it was emitted, as the console's publish() does; GET /api/v1/livez
answers 200. Run by bench/fanout.py: `gunicorn bench.bare_socketio:app` from the repository's root
with REDIS_URL, HANDOFF_REDIS_CHANNEL and HANDOFF_BIND."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import socketio

queue = socketio.RedisManager(os.environ["REDIS_URL"], channel=os.environ["HANDOFF_REDIS_CHANNEL"])
server = socketio.Server(async_mode="gevent", client_manager=queue)


@server.event
def connect(sid, _environ, _auth=None):
    """A page connects: into the floor, with its snapshot."""
    server.enter_room(sid, "floor")
    server.emit("snapshot", {}, to=sid)


def routes(environ, start_response):
    """/publish sends the event; /api/v1/livez says the process is up."""
    if environ["PATH_INFO"] == "/publish":
        at = datetime.now(UTC).isoformat()
        server.emit("agent.state", {"type": "agent.state", "at": at}, to="floor")
    elif environ["PATH_INFO"] != "/api/v1/livez":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b"{}"]


app = socketio.WSGIApp(server, routes)
