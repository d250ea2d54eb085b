"""The internal do-not-call list: a number put on it (from the API or the admin page) and the
list as the API shows it. The number is normalised by the service (it needs the phone library);
here it is text of a bounded length."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field

from console.contract.common import Answer, Moment, Shape, text

# Where a request to stop calling came from; the DncEntry column holds up to 40 characters.
SOURCES = ("request", "call", "import", "complaint")
RAW_PHONE = 40  # a number as people type it: "+1 (202) 555-0143 ext." fits, a paragraph does not


def _blank_if_none(value: Any) -> Any:
    return "" if value is None else value


class DncAddition(Shape):
    """POST /dnc and the admin form: the number, and why it must not be called."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    phone: text(RAW_PHONE, min_length=1)
    reason: Annotated[text(200), BeforeValidator(_blank_if_none)] = ""
    source: Literal[SOURCES] = Field(default="request")


class DncEntry(Answer):
    """One blocked number: why, from where, by whom and since when."""

    phone: str
    reason: str
    source: str
    added_by_id: int | None
    created_at: Moment


class DncAdded(Answer):
    """A number added (201) or already listed (200), and how many leads stopped."""

    phone: str
    dnc: bool
    created: bool
    leads_stopped: int
    entry: DncEntry


class DncLookup(Answer):
    """Whether a number is blocked, and how many leads carry it."""

    phone: str
    dnc: bool
    entry: DncEntry | None
    leads: int
