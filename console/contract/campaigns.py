"""A campaign as an admin starts and sets it: each field of the forms with its bounds, and the
words shown beside a field that is wrong.

What a check must know beyond the form (the scripts in the library, the people who may work a
campaign) comes in the read's context: `{"script_ids": [...], "people": [...]}`.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Any, Literal

import phonenumbers
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic import field_validator as check

from console.contract.accounts import E164
from console.contract.common import FormId, Shape, text, worded
from console.domain.cadence import Cadence
from console.domain.calibration import DEFAULT_TARGET
from console.domain.caller_ids import POOL_LIMIT
from console.domain.compliance import LEGAL_HOURS, CallingWindow
from console.domain.money import CURRENCIES, DEFAULT_CURRENCY

# The campaign table's columns are sized by these (console.models.campaigns).
SLUG_LENGTH = 64
NAME_LENGTH = 120
SCRIPT_ID_LENGTH = 80
CADENCE_LENGTH = 120
SLUG = r"^[a-z0-9][a-z0-9-]{1,62}$"
FORM_NAME = re.compile(r"^[a-z0-9][a-z0-9 _-]{0,39}$")
MINUTES_A_DAY = 1440


class Form(Shape):
    """A form's fields: text arrives with the spaces people type around it, which go."""

    model_config = ConfigDict(str_strip_whitespace=True)


Name = Annotated[
    text(NAME_LENGTH, min_length=1),
    worded(f"give the campaign a name of 1 to {NAME_LENGTH} characters"),
]
Slug = Annotated[
    str,
    Field(pattern=SLUG, max_length=SLUG_LENGTH),
    worded("use 2 to 63 lowercase letters, digits and -, e.g. spring-webinar"),
]
ScriptId = Annotated[
    text(SCRIPT_ID_LENGTH, min_length=1), worded("choose a script from the library")
]


def _country(code: str) -> str:
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError("not a country")
    return code


Country = Annotated[
    str,
    BeforeValidator(lambda raw: str(raw).strip().upper()),
    Field(min_length=2, max_length=2),
    AfterValidator(_country),
    worded("give a two-letter country code, such as US or GB"),
]


def _caller_ids(raw: Any) -> Any:
    """A pool written one number per line (or comma-separated) as a list of E.164 numbers."""
    if isinstance(raw, str):
        raw = [part.strip().replace(" ", "") for part in re.split(r"[\n,;]", raw)]
    if not isinstance(raw, list):
        return raw
    numbers = [number for number in raw if number]
    if any(not re.fullmatch(E164, str(number)) for number in numbers):
        raise ValueError("not E.164")
    return list(dict.fromkeys(numbers))


CallerIds = Annotated[
    list[str],
    BeforeValidator(_caller_ids),
    Field(max_length=POOL_LIMIT),
    worded(f"give up to {POOL_LIMIT} numbers in E.164 form, one per line"),
]


def minutes(low: int, high: int) -> Any:
    """A whole number of minutes from `low` to `high`."""
    return Annotated[
        int,
        Field(ge=low, le=high, strict=False),
        worded(f"give a whole number of minutes from {low} to {high}"),
    ]


def _cadence(written: str) -> str:
    try:
        return str(Cadence.parse(written))
    except ValueError as problem:
        raise ValueError(str(problem).removeprefix("cadence: ")) from None


def _not_before_legal_start(start: time) -> time:
    if start < LEGAL_HOURS[0]:
        raise ValueError(f"calls may not start before {LEGAL_HOURS[0]:%H:%M} local")
    return start


def _not_after_legal_end(end: time) -> time:
    if end > LEGAL_HOURS[1]:
        raise ValueError(f"calls may not go on after {LEGAL_HOURS[1]:%H:%M} local")
    return end


LocalTime = Annotated[time, worded("give a local time as HH:MM, e.g. 09:00")]


class WindowForm(Form):
    """The calling window in the lead's local time: start, end and the days (0 is Monday)."""

    start: Annotated[LocalTime, AfterValidator(_not_before_legal_start)]
    end: Annotated[LocalTime, AfterValidator(_not_after_legal_end)]
    days: Annotated[
        list[Annotated[int, Field(ge=0, le=6)]],
        Field(min_length=1),
        worded("tick at least one day, Monday to Sunday"),
        AfterValidator(lambda days: sorted(set(days))),
    ]

    @check("end")
    @classmethod
    def _after_start(cls, end: time, info: ValidationInfo) -> time:
        if "start" in info.data:
            try:
                CallingWindow(info.data["start"], end)
            except ValueError as problem:
                raise ValueError(str(problem).removeprefix("calling window: ")) from None
        return end

    def as_stored(self) -> dict[str, Any]:
        """The window as a campaign stores it."""
        return CallingWindow(self.start, self.end, frozenset(self.days)).as_stored()


def _form_names(raw: Any, taken: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The form names in a comma-separated list; the first problem in it is the one told."""
    names: list[str] = []
    for written in str(raw or "").split(","):
        name = written.strip().lower()
        if not name:
            continue
        if not FORM_NAME.match(name):
            raise ValueError(f'"{written.strip()}" is not a form name: letters, digits, -')
        if name in taken:
            raise ValueError(f'"{name}" is listed as both need and interest: pick one')
        names.append(name)
    return tuple(names)


class IntentForm(Form):
    """Which marketing forms signal need and which interest; `other` is for any not listed."""

    need: tuple[str, ...] = ()
    interest: tuple[str, ...] = ()
    other: Annotated[Literal["need", "interest"], worded("choose need or interest")] = "interest"

    @check("need", mode="before")
    @classmethod
    def _need(cls, raw: Any) -> tuple[str, ...]:
        return _form_names(raw)

    @check("interest", mode="before")
    @classmethod
    def _interest(cls, raw: Any, info: ValidationInfo) -> tuple[str, ...]:
        return _form_names(raw, taken=info.data.get("need", ()))

    def as_stored(self) -> dict[str, str]:
        """The intent map as a campaign stores it ("*" holds the intent of unlisted forms)."""
        mapping = {name: "need" for name in self.need} | {n: "interest" for n in self.interest}
        return mapping | ({"*": "need"} if self.other == "need" else {})


def _known_script(script_id: str, info: ValidationInfo) -> str:
    if info.context is not None and script_id not in info.context["script_ids"]:
        raise ValueError("choose a script from the library")
    return script_id


class NewCampaign(Form):
    """A campaign to start: the rest takes the agreed defaults."""

    name: Name
    slug: Slug
    script_id: Annotated[ScriptId, AfterValidator(_known_script)]


class CampaignSettings(Form):
    """Everything an admin sets on a campaign's settings page, and who works it."""

    name: Name
    script_id: Annotated[ScriptId, AfterValidator(_known_script)]
    default_country: Country
    call_interest: bool = False
    follow_ups_first: bool = False  # due follow-ups before fresh need leads
    currency: Annotated[
        Literal[tuple(CURRENCIES)], worded(f"choose one of {', '.join(CURRENCIES)}")
    ] = DEFAULT_CURRENCY
    caller_ids: CallerIds = []
    acceptance_target: Annotated[
        int, Field(ge=50, le=100, strict=False), worded("give a percentage from 50 to 100")
    ] = DEFAULT_TARGET
    speed_to_lead_minutes: minutes(1, MINUTES_A_DAY)
    callback_grace_minutes: minutes(0, MINUTES_A_DAY)
    cadence: Annotated[
        str,
        Field(min_length=1, max_length=CADENCE_LENGTH),
        worded("give delays such as 10m,1h,1d"),
        AfterValidator(_cadence),
    ]
    recording: bool = False
    consent_states_recording: Annotated[
        Literal["disclose", "off"], worded("choose disclose or off")
    ] = "disclose"
    calling_window: WindowForm
    intent_map: IntentForm = IntentForm()
    members: Annotated[list[FormId], worded("tick people from the list")] = []

    @check("members")
    @classmethod
    def _people(cls, members: list[int], info: ValidationInfo) -> list[int]:
        unknown = [] if info.context is None else sorted(set(members) - set(info.context["people"]))
        if unknown:
            names = ", ".join(map(str, unknown))
            raise ValueError(f"no telecaller or sales rep with id {names}: tick people listed")
        return sorted(set(members))

    def stored(self) -> dict[str, Any]:
        """The settings as the campaign stores them (members apart)."""
        return {
            **self.model_dump(exclude={"calling_window", "intent_map", "members"}),
            "calling_window": self.calling_window.as_stored(),
            "intent_map": self.intent_map.as_stored(),
        }
