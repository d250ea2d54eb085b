"""Error pages for people; JSON for anything under /api/."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from console.db import NOT_SET_UP, QUERY_ERRORS, UNREACHABLE, schema_missing
from console.errors import ServiceError
from console.http import error_response, too_large_message
from console.logs import UNEXPECTED, request_id

log = logging.getLogger(__name__)

MESSAGES = {
    400: "The request could not be understood.",
    403: "Your role does not give access to this page. Ask an admin if you need it.",
    404: "There is nothing at this address.",
    405: "That action is not allowed here.",
    500: UNEXPECTED,
}
DATABASE_DOWN = (
    "The console cannot reach its database right now. Your work is saved up to your last save; "
    "try again in a minute."
)
RETRY_AFTER = "30"  # seconds, for clients that honour Retry-After on a 503


def register(app: Flask) -> None:
    """Install the handlers."""
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(ServiceError, _service)
    for error in UNREACHABLE:
        app.register_error_handler(error, _database_unavailable)
    for error in QUERY_ERRORS:
        app.register_error_handler(error, _not_set_up)


def _wants_json() -> bool:
    """The API, the webhooks and a page's own JSON requests (the call screen's autosave)."""
    return request.path.startswith(("/api/", "/twilio/")) or request.is_json


def _csrf(exc: CSRFError):
    message = "The form expired or did not come from Handoff. Reload the page and try again."
    return _render(400, message)


def _http(exc: HTTPException):
    status = exc.code or 500
    if status == 413:
        return _render(413, too_large_message(), code="too_large")
    if _wants_json():
        message = UNEXPECTED if status == 500 else exc.description
        return error_response(status, (exc.name or "error").lower().replace(" ", "_"), message)
    return _render(status, MESSAGES.get(status, exc.description))


def _service(exc: ServiceError):
    if _wants_json():
        return error_response(exc.status, exc.code, exc.message, exc.fields)
    return _render(exc.status, exc.message, fields=exc.fields)


def _render(status: int, message: str, code: str | None = None, fields: dict | None = None):
    if _wants_json():
        return error_response(status, code or ("csrf" if status == 400 else "error"), message)
    page = render_template("errors/error.html", status=status, message=message, fields=fields)
    return page, status


def _not_set_up(exc: Exception) -> Response | tuple[str, int, dict]:
    """A database with no tables (never migrated) says what to run; other such errors are bugs."""
    if not schema_missing(exc):
        raise exc
    return _unavailable(NOT_SET_UP)


def _database_unavailable(exc: Exception) -> Response | tuple[str, int, dict]:
    """503 while the database is away, in a page that needs no database: not base.html, whose
    navigation loads the signed-in user, and no context processors (Flask-Login's loads the user
    too). The next request after the database returns is served as usual."""
    if schema_missing(exc):  # SQLite's "no such table" is an OperationalError too
        return _unavailable(NOT_SET_UP)
    cause = getattr(exc, "orig", None) or exc
    log.warning(
        "the database is unreachable: %s",
        type(cause).__name__,
        extra={"fields": {"error": str(cause).splitlines()[0] if str(cause) else ""}},
    )
    return _unavailable(DATABASE_DOWN)


def _unavailable(message: str) -> Response | tuple[str, int, dict]:
    if _wants_json():
        response = error_response(503, "database_unavailable", message)
        response.headers["Retry-After"] = RETRY_AFTER
        return response
    page = current_app.jinja_env.get_template("errors/unavailable.html")
    html = page.render(message=message, request_id=request_id())
    return html, 503, {"Retry-After": RETRY_AFTER}
