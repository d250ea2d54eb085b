"""The API's typed boundary: the request body as one JSON object, and pydantic models with bounds
for what it holds. Bad input is one 422 naming each field in words, never a 500."""

from __future__ import annotations

import json
from typing import Annotated, Any, TypeVar

from flask import request
from pydantic import BaseModel, Field, ValidationError

from console.api.errors import ApiError
from console.ids import MAX_ID

Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]  # strict: not "12", 1.5 or true

Model = TypeVar("Model", bound=BaseModel)


class Dial(BaseModel):
    """POST /calls: which held lead to dial, and how."""

    lead_id: Id
    mode: Annotated[str, Field(max_length=20)] | None = None


class Reassign(BaseModel):
    """POST /leads/{id}/reassign: the telecaller who gets the lead."""

    to: Id


class NextLead(BaseModel):
    """POST /queue/next: optionally, the campaign to take the lead from."""

    campaign: Annotated[str, Field(max_length=80)] | None = None


def json_object() -> dict[str, Any]:
    """The body as a JSON object ({} when there is none); a 400 or 422 saying what to send."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    if not request.is_json:
        raise ApiError(
            400, "bad_request", "Send the body as JSON, with Content-Type: application/json."
        )
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise ApiError(
            400,
            "bad_json",
            "The body is not JSON we can read (or it nests too deep): send one object.",
        ) from None
    if not isinstance(body, dict):
        raise ApiError(
            422,
            "invalid",
            f'The body is a JSON {_json_kind(body)}: send one object, such as {{"lead_id": 42}}.',
            {"body": "send a JSON object"},
        )
    if fields := {where: "remove the NUL character" for where in _nul_texts(body)}:
        raise ApiError(422, "invalid", f"Please fix {', '.join(fields)}.", fields)
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


def parse(model: type[Model], data: Any) -> Model:
    """`data` as the model; otherwise a 422 naming every field that needs fixing."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        fields = {_where(problem["loc"]): _say(problem) for problem in error.errors()}
        names = ", ".join(fields)
        raise ApiError(422, "invalid", f"Please fix {names}.", fields) from None


def _where(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "body"


def _say(problem: dict[str, Any]) -> str:
    """What is wrong with one field, in words (pydantic's own text is for programmers)."""
    kind, limits = problem["type"], problem.get("ctx") or {}
    if kind == "missing":
        return "this is required"
    if kind.startswith("int") or kind == "bool_type":
        return "give a whole number, without quotes"
    if kind == "greater_than_equal":
        return f"use {limits['ge']} or more"
    if kind == "less_than_equal":
        return (
            "that number is too large" if limits["le"] >= MAX_ID else f"use {limits['le']} or less"
        )
    if kind == "string_type":
        return "give it as text, in quotes"
    if kind == "string_too_long":
        return f"shorten it to {limits['max_length']} characters"
    return "this value cannot be used here"


def _json_kind(value: Any) -> str:
    kinds = {list: "list", str: "string", bool: "true/false", type(None): "null"}
    return kinds.get(type(value), "number")
