"""What the pages and the API both answer with: the JSON error shape, and the words for a request
that is too large."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request

from console.logs import request_id

LARGE_UPLOADS = frozenset({"imports.upload", "api.import_leads"})  # CSV files of leads


def error_response(status: int, code: str, message: str, fields: dict | None = None) -> Response:
    """Build the JSON error answer: {"error": {"code", "message", "fields", "request_id"}}; the
    request id finds the log line of what happened."""
    error = {"code": code, "message": message, "fields": fields or {}}
    body = {"error": error | {"request_id": request_id()}}
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="handoff"'
    return response


def too_large_message() -> str:
    """What a person is told when a request is over its limit."""
    limit = request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"]
    if request.endpoint in LARGE_UPLOADS:
        return (
            f"The file is larger than the {limit // (1024 * 1024)} MB an import takes: split it "
            "into smaller files and import each."
        )
    return f"The request is larger than the {limit // 1024} KB allowed: send less at once."
