"""The scheduler's heartbeat: every app process ticks in a background task, and at each tick runs
the jobs that are due and that it wins (console.services.scheduler makes each run happen once
across processes). The ticking starts with the process's first request, or with `handoff run`;
never at import or in a CLI command, nor in tests unless one asks (SCHEDULER_TICK_SECONDS). Before
its first tick a process asks Twilio about the calls the last run left live (after_start)."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from console import clock, import_tasks, wiring
from console.db import get_session
from console.extensions import socketio
from console.realtime import process_name, publish
from console.services import call_reconcile, presence, scheduler
from console.services.jobs import JOBS

log = logging.getLogger("console.scheduler")
STARTED = "handoff.ticker"  # in app.extensions once this app's ticking has started
_starting = threading.Lock()


def register(app: Flask) -> None:
    """Start ticking with the first request this process serves (each gunicorn worker has one)."""
    if not app.config.get("SCHEDULER_TICK_SECONDS"):
        return

    @app.before_request
    def _tick_from_now_on() -> None:
        start(app)


class Ticking:
    """An app's ticking, which stop() ends after the tick under way."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


def start(app: Flask) -> bool:
    """Start this app's ticking (once; a Socket.IO background task, so it suits any async
    mode); whether this call started it."""
    seconds = app.config.get("SCHEDULER_TICK_SECONDS")
    if not seconds or STARTED in app.extensions:
        return False
    with _starting:
        if STARTED in app.extensions:
            return False
        ticking = app.extensions[STARTED] = Ticking(seconds)
    socketio.start_background_task(_tick_until_stopped, app, ticking)
    return True


def tick(app: Flask) -> list[scheduler.Ran]:
    """Vouch for this process's live connections, then run the due jobs this process wins, in
    an app context of their own."""
    with app.app_context():
        presence.vouch(session=get_session(), process=process_name(), now=clock.now())
        return scheduler.run_due(
            session=get_session(),
            publish=publish,
            jobs=JOBS,
            telephony=wiring.telephony(),
            settings=app.config,
            start_import=import_tasks.start,
            now=clock.now(),
        )


def after_start(app: Flask) -> int:
    """What a process does once on starting, before its first tick: ask Twilio about every call
    the last run left live (the callbacks sent while no process listened are lost); the number
    found over. It never raises: the periodic reconcile tries again."""
    with app.app_context():
        try:
            return call_reconcile.reconcile_after_restart(
                session=get_session(), telephony=wiring.telephony(), publish=publish
            )
        except Exception:
            log.exception("reconciling the calls left live failed; the periodic job tries again")
            return 0


def _tick_until_stopped(app: Flask, ticking: Ticking) -> None:
    after_start(app)
    while True:
        socketio.sleep(ticking.seconds)
        if ticking.stopped:
            return
        try:
            tick(app)
        except Exception:  # the database may be away for a while: tick again later
            log.exception("the scheduler could not run its jobs; it tries again next tick")
