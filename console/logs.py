"""Logs: one JSON line per event, each with the request's id and the user's where known.

Every request gets an id (a trusted proxy's X-Request-Id, or a new one). It is on every log line
written while the request runs, in the X-Request-Id response header, on the error page and in
error JSON, so a person can quote it and the line is found. Unexpected errors are reported in one
place: Flask's `log_exception`, which writes to the app's logger and so through this formatter.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time

from flask import Flask, Response, current_app, g, has_request_context, request

from console import clock

LOGGER = "console"  # the app's logger (Flask names it after the package) and its children
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
UNEXPECTED = "Something went wrong on our side. Your work is saved; try again in a moment."


class JsonLines(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message, request and user, extras."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "at": clock.now().isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **request_context(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class ToStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is written, not when the app was made (a
    test runner or a process manager may replace it)."""

    @property
    def stream(self):
        current = sys.stderr  # a closed one (a finished test's capture): the process's own
        return sys.__stderr__ if getattr(current, "closed", False) else current

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def request_context() -> dict[str, object]:
    """The request id and the signed-in user's id, when a request is running."""
    if not has_request_context() or "request_id" not in g:
        return {}
    found: dict[str, object] = {"request_id": g.request_id}
    # Only a user already loaded: logging must never query the database itself.
    user = g.get("api_user") or g.get("_login_user")
    if getattr(user, "id", None) is not None:
        found["user_id"] = user.id
    return found


def request_id() -> str | None:
    """The running request's id, for error pages and error JSON."""
    return g.get("request_id") if has_request_context() else None


def register(app: Flask) -> None:
    """JSON lines to stderr at LOG_LEVEL, a request id per request, one line per request."""
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(h, ToStderr) for h in logger.handlers):
        handler = ToStderr()
        handler.setFormatter(JsonLines())
        logger.addHandler(handler)
    logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    app.before_request(_start)
    app.after_request(_finish)
    app.context_processor(lambda: {"request_id": request_id()})  # the error page quotes it


def _start() -> None:
    incoming = request.headers.get("X-Request-Id", "")
    trusted = current_app.config.get("TRUSTED_PROXY_HOPS", 0) and INCOMING_ID.fullmatch(incoming)
    g.request_id = incoming if trusted else secrets.token_hex(8)
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    if "request_id" not in g:  # a request refused before it started, e.g. by the size limit
        return response
    response.headers["X-Request-Id"] = g.request_id
    took = round((time.perf_counter() - g.request_started) * 1000, 1)
    quiet = request.endpoint in ("static", "assets.vendor")
    logging.getLogger(f"{LOGGER}.requests").log(
        logging.DEBUG if quiet else logging.INFO,
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={"fields": {"status": response.status_code, "ms": took}},
    )
    return response


class _NotForDevelopment(logging.Filter):
    """Drops the development server's warnings about production: `handoff run` is development."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "production" not in record.getMessage()


def quiet_development_server() -> None:
    """`handoff run` says where it runs itself; the server's production warnings would mislead."""
    logging.getLogger("werkzeug").addFilter(_NotForDevelopment())
