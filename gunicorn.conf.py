"""gunicorn's settings for Handoff in production, read by gunicorn itself: with the production
environment, `gunicorn wsgi:app` is the whole command.

One process serves thousands of live pages. Its one worker is gevent's: each connection (a page's
WebSocket, a request) is a greenlet, not a thread, and the standard library is patched before
the app is imported, so psycopg, redis-py and Socket.IO wait cooperatively (console.realtime
then runs Socket.IO in gevent mode, WebSockets through simple-websocket on gunicorn's socket).
Run several such processes, one a core, behind a proxy with sticky sessions, sharing REDIS_URL
(README, "Running it in production"). This file imports nothing of the app: the master process
stays small and the worker imports the app after gevent has patched."""

from __future__ import annotations

import gc
import os
import resource

# Where this process listens: HANDOFF_BIND (`127.0.0.1:8001`, `unix:/run/handoff-1.sock`), else
# the loopback at PORT, since a proxy stands in front.
bind = [os.environ.get("HANDOFF_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"]
worker_class = "gevent"
# One worker: Socket.IO's polling transport needs every request of a session in one process, and
# the proxy's stickiness reaches processes, not the workers inside one. More cores, more processes.
workers = 1
# The connections one process holds at once (WebSockets and requests): a floor of 1,000 pages
# with room to spare. Each is a file descriptor, so the limit is raised to match on start.
worker_connections = int(os.environ.get("HANDOFF_CONNECTIONS", "2000"))
# Stopping or reloading: pages get this long to be closed (they reconnect to another process).
graceful_timeout = 10
# Access lines come from the app's own JSON log (console.logs), not from gunicorn.
accesslog = None
# Pages reconnect through the proxy, which keeps connections open to the browser.
keepalive = 5
# No control socket: every process on a machine would claim the same path; the process manager
# (systemd, a container runtime) starts and stops them.
control_socket_disable = True


def on_starting(server) -> None:
    """Let the process open a file descriptor per connection (and some for its database pool,
    Redis and logs), up to the system's hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = worker_connections + 256
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        server.log.info("open files allowed: %d (was %d)", wanted, soft)


def post_worker_init(worker) -> None:
    """The app is loaded: move everything it made so far (modules, routes, models, templates)
    out of the garbage collector's sight. Those objects live as long as the process, so scanning
    them at every full collection is wasted work that pauses every connection at once; frozen,
    collections look only at what requests and pages make."""
    gc.freeze()
    worker.log.info("serving with gevent: %d connections at most", worker_connections)
