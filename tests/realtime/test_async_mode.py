"""Socket.IO serves in gevent mode once gevent has patched (gunicorn.conf.py's worker), and in
threading mode otherwise (`handoff run`, the tests)."""

from __future__ import annotations

import subprocess
import sys

from console.extensions import socketio
from console.realtime import async_mode
from tests.live import ROOT

AFTER_THE_PATCH = """
from gevent import monkey

monkey.patch_all()
from console import create_app
from console.config import TestConfig
from console.extensions import socketio

create_app(TestConfig("sqlite://"))
print(socketio.server.async_mode)
"""


def test_an_unpatched_process_serves_each_connection_on_a_thread(app):
    assert async_mode() == "threading"
    assert socketio.server.async_mode == "threading"


def test_a_process_gevent_has_patched_serves_in_gevent_mode():
    done = subprocess.run(
        [sys.executable, "-c", AFTER_THE_PATCH],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "gevent"
