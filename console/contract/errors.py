"""The one JSON shape of every error the API answers."""

from __future__ import annotations

from pydantic import Field

from console.contract.common import Answer


class Problem(Answer):
    """What went wrong: a stable code, a sentence for people, and each field to fix."""

    code: str = Field(description="stable: not_found, invalid, not_claimed, dnc ...")
    message: str = Field(description="what was wrong and what to do, in words")
    fields: dict[str, str] = Field(description="field path -> how to fix it")
    request_id: str | None = Field(
        default=None, description="quote it when reporting a problem: it finds the log line"
    )


class Error(Answer):
    """An error answer (400, 401, 403, 404, 409, 413, 422)."""

    error: Problem
