"""The API's typed boundary: pydantic models with bounds for what a JSON body holds (the body
itself is read by console.http.json_object). Bad input is one 422 naming each field in words."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

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
