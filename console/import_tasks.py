"""Imports in the background: each runs as a task of this process (Flask-SocketIO's
start_background_task: threads now, gevent later), in an app context with its own database
session. What was running when a process died is found stalled and carried on by the
scheduler's resume-imports job (console.services.jobs)."""

from __future__ import annotations

import logging

from flask import Flask, current_app

from console.db import get_session
from console.extensions import socketio
from console.realtime import publish
from console.services import import_run

log = logging.getLogger("console.imports")


def start(job_id: int) -> None:
    """Run the import in a background task; returns at once."""
    socketio.start_background_task(_run, current_app._get_current_object(), job_id)


def _run(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            import_run.run(session=get_session(), job_id=job_id, publish=publish)
        except Exception:  # a task's error has nobody to answer: it is logged
            log.exception("import %s could not run", job_id)
