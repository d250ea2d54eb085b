"""The API's errors, each answered in the one JSON shape (console.http.error_response)."""

from __future__ import annotations

from flask import Response
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from console.api import bp
from console.errors import ServiceError
from console.http import error_response, too_large_message
from console.logs import UNEXPECTED


class ApiError(Exception):
    """An error answered as JSON with its status."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError) -> Response:
    return error_response(exc.status, exc.code, exc.message, exc.fields)


@bp.errorhandler(ServiceError)
def _service_error(exc: ServiceError) -> Response:
    return error_response(exc.status, exc.code, exc.message, exc.fields)


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError) -> Response:
    return error_response(
        400, "csrf", "The CSRF token is missing or wrong: reload the page, or use a bearer token."
    )


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Response:
    if exc.code == 413:
        return error_response(413, "too_large", too_large_message())
    code = (exc.name or "error").lower().replace(" ", "_")
    status = exc.code or 500
    message = UNEXPECTED if status == 500 else exc.description or exc.name
    return error_response(status, code, message)
