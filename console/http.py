"""What the pages and the API share at the edge: a JSON body read as one object, the JSON error
shape, and the words for a request that is too large."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, jsonify, request

from console.errors import Invalid, ServiceError
from console.logs import request_id

LARGE_UPLOADS = frozenset(
    {"imports.upload", "api.import_leads", "api.start_import"}
)  # CSV files of leads
AUDIO_UPLOADS = frozenset({"admin.upload_voicemail"})  # a campaign's voicemail message


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
    if request.endpoint in AUDIO_UPLOADS:
        return (
            f"The message file is larger than the {limit // (1024 * 1024)} MB allowed: shorten "
            "it or save it as MP3 (30 seconds of MP3 is about half a megabyte)."
        )
    return f"The request is larger than the {limit // 1024} KB allowed: send less at once."


def json_object() -> dict[str, Any]:
    """The body as a JSON object ({} when there is none); a 400 or 422 saying what to send."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    if not request.is_json:
        raise ServiceError("Send the body as JSON, with Content-Type: application/json.")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise ServiceError(
            "The body is not JSON we can read (or it nests too deep): send one object.",
            code="bad_json",
        ) from None
    if not isinstance(body, dict):
        raise Invalid(
            f'The body is a JSON {_json_kind(body)}: send one object, such as {{"lead_id": 42}}.',
            fields={"body": "send a JSON object"},
        )
    if fields := {where: "remove the NUL character" for where in _nul_texts(body)}:
        raise Invalid("Text cannot hold a NUL character: remove it.", fields=fields)
    return body


def _nul_texts(value: Any, where: str = "body") -> list[str]:
    """Where in a JSON value a text (or a key) holds a NUL character: no column stores one."""
    if isinstance(value, str):
        return [where] if "\x00" in value else []
    if isinstance(value, dict):
        items = [(str(key), item) for key, item in value.items()]
    elif isinstance(value, list):
        items = [(str(n), item) for n, item in enumerate(value)]
    else:
        return []
    found = []
    for key, item in items:
        path = key if where == "body" else f"{where}.{key}"
        found += [path] if "\x00" in key else _nul_texts(item, path)
    return found


def _json_kind(value: Any) -> str:
    kinds = {list: "list", str: "string", bool: "true/false", type(None): "null"}
    return kinds.get(type(value), "number")
