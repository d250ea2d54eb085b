"""The pieces every boundary model is made of (ids, text with its limits), and one way to read
input through a model: a 422 naming each field in words, never pydantic's own text."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

from console.errors import Invalid
from console.ids import MAX_ID

Model = TypeVar("Model", bound=BaseModel)

Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]  # JSON: a number, not "12", 1.5 or true
FormId = Annotated[int, Field(ge=1, le=MAX_ID)]  # a form's text "12"; "²" and "1e3" are no id


def _printable(text: str) -> str:
    if any(ord(character) < 32 and character not in "\t\n\r" for character in text):
        raise ValueError("control characters")
    return text


def text(max_length: int, *, min_length: int = 0) -> Any:
    """Text of at most `max_length` characters (the column's size), without control characters."""
    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length),
        AfterValidator(_printable),
    ]


def worded(message: str) -> WrapValidator:
    """Whatever is wrong with the field, say `message` (a form field's own words, shown beside
    it), keeping the bounds before it in the schema: `Annotated[int, Field(ge=1), worded(...)]`."""

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError:
            raise PydanticCustomError("worded", message) from None

    return WrapValidator(check)


class Refused(ValueError):
    """A validator's refusal in words. `field` places a rule over several fields (a model
    validator has no field of its own); `message` is the sentence that heads the whole answer."""

    def __init__(self, words: str, *, field: str = "", message: str = ""):
        super().__init__(words)
        self.field, self.message = field, message


class Shape(BaseModel):
    """A boundary model: unknown fields are refused by name, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Answer(BaseModel):
    """What the API answers: a field the service gives but the model does not declare is an
    error, so the document can never fall behind the code."""

    model_config = ConfigDict(extra="forbid")


def _moment(value: Any) -> str:
    """ISO 8601 text as the service wrote it (a datetime is written with isoformat()), once it is
    known to be a date and time with its offset: a moment without one is a bug to fix."""
    if isinstance(value, datetime):
        at, written = value, value.isoformat()
    elif isinstance(value, str):
        at, written = datetime.fromisoformat(value), value  # ValueError unless ISO 8601
    else:
        raise ValueError("give a date and time as ISO 8601 text")
    if at.utcoffset() is None:
        raise ValueError("give the date and time with its offset, such as +00:00")
    return written


# A date and time with its offset (services' answers and live events): always ISO 8601 text.
Moment = Annotated[
    str, PlainValidator(_moment), WithJsonSchema({"type": "string", "format": "date-time"})
]


def read(
    model: type[Model], data: Any, *, message: str = "", context: dict[str, Any] | None = None
) -> Model:
    """`data` as the model; otherwise Invalid (422) naming every field that needs fixing. The
    `context` reaches the model's validators (e.g. {"now": t} for bounds measured from now)."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        fields = problems(error)
        # The headline is a sentence; each field's words travel in `fields`, shown beside it.
        message = message or _headline(error) or "Some details need fixing."
        raise Invalid(message, fields=fields) from None


def _refusals(error: ValidationError) -> list[Refused]:
    causes = [(problem.get("ctx") or {}).get("error") for problem in error.errors()]
    return [cause for cause in causes if isinstance(cause, Refused)]


def _headline(error: ValidationError) -> str:
    """The sentence a validator gave for the whole refusal, if one did."""
    return next((refusal.message for refusal in _refusals(error) if refusal.message), "")


def problems(error: ValidationError) -> dict[str, str]:
    """Each failing field's path ("meeting.starts_at") and what to do about it, in words."""
    return {_where(problem): _say(problem) for problem in error.errors()}


def _where(problem: Any) -> str:
    path = [str(part) for part in problem["loc"]]
    cause = (problem.get("ctx") or {}).get("error")
    if isinstance(cause, Refused) and cause.field:
        path.append(cause.field)
    return ".".join(path) or "body"


def _say(problem: Any) -> str:
    """What is wrong with one field, in words (pydantic's own text is for programmers)."""
    kind, limits = problem["type"], problem.get("ctx") or {}
    words = {
        "missing": "this is required",
        "extra_forbidden": "this field is not used here: remove it",
        "string_type": "give it as text, in quotes",
        "bool_type": "give true or false",
        "bool_parsing": "give true or false",
        "dict_type": "give an object of named values",
        "model_type": "give an object of named values",
        "list_type": "give a list",
        "datetime_type": "give a date and time such as 2027-01-31T14:00:00+00:00",
        "datetime_parsing": "give a date and time such as 2027-01-31T14:00:00+00:00",
        "datetime_from_date_parsing": "give a date and time such as 2027-01-31T14:00:00+00:00",
        "date_type": "give a date such as 2027-01-31",
        "date_parsing": "give a date such as 2027-01-31",
        "date_from_datetime_parsing": "give a date such as 2027-01-31",
        "decimal_parsing": "give an amount in digits, such as 12500.00",
        "decimal_type": "give an amount in digits, such as 12500.00",
        "finite_number": "give an amount in digits, such as 12500.00",
    }
    if kind in words:
        return words[kind]
    if kind == "worded":
        return problem["msg"]
    if kind.startswith("int") or kind.startswith("float"):
        return "give a whole number, without quotes" if kind != "int_parsing" else "give a number"
    if kind == "greater_than_equal":
        return f"use {limits['ge']} or more"
    if kind == "greater_than":
        return f"use more than {limits['gt']}"
    if kind in ("less_than_equal", "less_than"):
        bound = limits.get("le", limits.get("lt"))
        if isinstance(bound, int) and bound >= MAX_ID:
            return "that number is too large"
        shown = str(bound).removeprefix("Decimal('").removesuffix("')")  # a decimal's bound
        return f"use {shown} or less"
    if kind == "too_long":
        return f"list at most {limits.get('max_length')}"
    if kind == "string_too_long":
        return f"shorten it to {limits['max_length']} characters"
    if kind == "string_too_short":
        return "this is required" if limits.get("min_length") == 1 else "this is too short"
    if kind in ("literal_error", "enum"):
        return f"choose one of {limits.get('expected', 'the listed values')}"
    if kind == "value_error" and "control characters" in str(limits.get("error", "")):
        return "remove the control characters (such as NUL) from it"
    if kind in ("decimal_max_digits", "decimal_whole_digits", "decimal_max_places"):
        return "give an amount with at most two decimal places"
    if kind == "value_error":
        return str(limits.get("error", "this value cannot be used here"))
    return "this value cannot be used here"
