"""The OpenAPI 3.1 document, grown endpoint by endpoint as the API grows."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}

AGENT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "state": {"enum": ["offline", "available", "on_call", "wrap_up", "paused"]},
        "reason": {"type": ["string", "null"]},
        "since": {"type": "string", "format": "date-time"},
    },
}


def _op(
    summary: str, roles: str, ok: dict[str, Any], body: dict | None = None, public=False
) -> dict:
    responses: dict[str, Any] = {
        code: {"description": text, "content": {"application/json": {"schema": schema}}}
        for code, (text, schema) in ok.items()
    }
    for code in ("400", "401", "403", "422") if not public else ():
        responses[code] = {"$ref": f"#/components/responses/E{code}"}
    operation: dict[str, Any] = {
        "summary": summary,
        "description": f"Who: {roles}.",
        "responses": responses,
    }
    if public:
        operation["security"] = []
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    return operation


PATHS: dict[str, dict[str, Any]] = {
    "/healthz": {
        "get": _op(
            "Database and Redis reachability",
            "anyone",
            {"200": ("healthy", {"type": "object"}), "503": ("unhealthy", {"type": "object"})},
            public=True,
        )
    },
    "/openapi.json": {
        "get": _op("This document", "anyone", {"200": ("OpenAPI", {"type": "object"})}, public=True)
    },
    "/me": {"get": _op("The user the token acts as", "any role", {"200": ("the user", AGENT)})},
    "/me/state": {
        "put": _op(
            "Set the telecaller's state (available, paused with a reason, offline)",
            "telecaller",
            {"200": ("the new state", AGENT)},
            body={
                "type": "object",
                "required": ["state"],
                "properties": {
                    "state": {"enum": ["available", "paused", "offline"]},
                    "reason": {"type": "string"},
                },
            },
        )
    },
}


def document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    messages = {
        "400": "bad request",
        "401": "no or bad token",
        "403": "role not allowed",
        "422": "invalid fields",
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Handoff API",
            "version": "1",
            "description": "Leads, the work queue, calls, outcomes and meetings.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR, "Agent": AGENT},
            "responses": {
                f"E{code}": {
                    "description": text,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
                for code, text in messages.items()
            },
        },
    }
