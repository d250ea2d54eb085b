"""Running the console for real: in a thread (browser tests) or as processes (Redis tests)."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import redis
import requests
from flask import Flask
from werkzeug.serving import make_server

from tests.services import missing

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


GUARD = 60  # seconds before a wait is a hang: a guard for a broken test, never a speed assertion


def eventually(check: Callable[[], bool], what: str, within: float = GUARD) -> None:
    """Poll until `check()` is true; fail naming `what` if it never becomes so."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {within}s for {what}")
        time.sleep(0.1)


def wait_until_up(url: str, timeout: float = GUARD) -> None:
    """Poll the health endpoint until the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/api/v1/healthz", timeout=1).status_code < 500:
                return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not come up within {timeout}s")


class ThreadServer:
    """The app served by Werkzeug's threaded server in this process (Socket.IO included)."""

    def __init__(self, app: Flask) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # its request lines outlive capture
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server("127.0.0.1", self.port, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> ThreadServer:
        self._thread.start()
        wait_until_up(self.url)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()

    def kill(self) -> None:
        """Stop serving and close the socket, as a killed process would: a webhook sent now is
        refused at once (a server that only stopped would leave it hanging in the backlog)."""
        self._server.shutdown()
        self._server.server_close()


class ProcessServer:
    """`handoff run` in a child process with its own environment."""

    def __init__(self, env: dict[str, str], port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Each process its own mail capture port: two consoles (or a developer's) never share one.
        mail = {"SMTP_PORT": str(free_port())}
        self.env = {**os.environ, "HANDOFF_ENV": "development", **mail, **env}
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> ProcessServer:
        command = [sys.executable, "-m", "console.cli", "run", "--no-sim", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            wait_until_up(self.url)
        except RuntimeError:
            self.process.kill()
            output = self.process.communicate()[0].decode(errors="replace")
            raise RuntimeError(f"`handoff run` failed to start:\n{output[-3000:]}") from None
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self.process is not None
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class GunicornServer(ProcessServer):
    """`gunicorn wsgi:app` in a child process, configured by gunicorn.conf.py as in production,
    listening where HANDOFF_BIND says."""

    def __enter__(self) -> GunicornServer:
        self.env["HANDOFF_BIND"] = f"127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # a pipe nobody reads would fill and stop the server
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "wsgi:app"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(self.url)
        except RuntimeError:
            self.process.kill()
            raise RuntimeError(f"`gunicorn wsgi:app` failed to start:\n{self.output()}") from None
        return self

    def __exit__(self, *_exc: object) -> None:
        super().__exit__()
        self.log.close()

    def output(self) -> str:
        """The end of what the server wrote (gunicorn's lines and the app's JSON log)."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]


class RedisServer:
    """A redis-server of the test's own, on a free port, that the test stops (kill -9) and starts
    again on the same port; nothing is saved to disk."""

    def __init__(self, binary: str) -> None:
        self.binary, self.port = binary, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        try:
            eventually(lambda: _answers(client), f"redis-server on port {self.port} to start")
        finally:
            client.close()

    @classmethod
    @contextlib.contextmanager
    def started(cls) -> Iterator[RedisServer]:
        """A running server, killed afterwards; fails (CI) or skips without redis-server."""
        binary = shutil.which("redis-server")
        if binary is None:
            missing("redis-server is not installed: apt-get install redis-server")
        server = cls(binary)
        server.start()
        try:
            yield server
        finally:
            server.stop()

    def stop(self) -> None:
        """Kill the server at once, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False
