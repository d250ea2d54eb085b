"""The app's errors: what a service or a boundary refuses, for web and API to answer as 4xx."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the service cannot carry out; `code` is stable, `message` is for people."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class Invalid(ServiceError):
    """Input that fails validation; `fields` names each field and how to fix it."""

    status = 422
    code = "invalid"


class NotFound(ServiceError):
    """The thing asked for does not exist (or is not visible to this user)."""

    status = 404
    code = "not_found"


class Conflict(ServiceError):
    """The request clashes with the current state (already claimed, on the DNC list ...)."""

    status = 409
    code = "conflict"


class Forbidden(ServiceError):
    """The user's role does not allow this."""

    status = 403
    code = "forbidden"
