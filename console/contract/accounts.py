"""People as an admin (or the CLI) adds them, and the intake keys they issue. Lengths are the
columns'; what needs the database (an address already taken) or the password policy's lists stays
with the accounts service."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StringConstraints

from console.contract.common import Shape, text, worded
from console.domain.addresses import is_email
from console.domain.regions import canonical_zone
from console.domain.roles import Role
from console.passwords import MAX_LENGTH

E164 = r"^\+[1-9]\d{6,14}$"  # a phone as Twilio dials it


def _blank_is_none(value: Any) -> Any:
    return None if value in ("", None) else value


def _an_address(email: Any) -> Any:
    if isinstance(email, str) and not is_email(email.strip().lower()):
        raise ValueError("not an email address")
    return email.strip().lower() if isinstance(email, str) else email


def _a_zone(zone: Any) -> Any:
    if isinstance(zone, str) and canonical_zone(zone) is None:
        raise ValueError("not a zone")
    return canonical_zone(zone) if isinstance(zone, str) else zone


RoleField = Annotated[Role, worded("must be one of telecaller, lead, sales, admin")]
TeamField = Annotated[text(80) | None, BeforeValidator(_blank_is_none)]
PhoneField = Annotated[
    Annotated[str, StringConstraints(pattern=E164)] | None,
    BeforeValidator(_blank_is_none),
    worded("must be in E.164 form, such as +12025550143"),
]
ZoneField = Annotated[
    str,
    BeforeValidator(_a_zone),
    Field(max_length=64),
    worded("is not an IANA time zone such as America/New_York"),
]


class NewUser(Shape):
    """An account: who, in which role, signing in with which password, reached on which phone."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    email: Annotated[
        str,
        BeforeValidator(_an_address),
        Field(max_length=254),
        worded("is not an email address: use name@company.com"),
    ]
    name: Annotated[
        text(120, min_length=1), worded("is empty or too long: give the person's full name")
    ]
    role: RoleField
    password: Annotated[str, Field(max_length=1024)]  # the policy (console.passwords) says more
    team: TeamField = None
    phone: PhoneField = None
    timezone: ZoneField = "UTC"


class UserChanges(Shape):
    """What an admin changes of someone's account: role, team, phone, zone and how they call."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    role: RoleField
    team: TeamField = None
    phone: PhoneField = None
    timezone: ZoneField = "UTC"
    call_mode: Annotated[
        Literal["bridge", "browser"],
        worded("must be bridge (their phone rings first) or browser (the softphone)"),
    ] = "bridge"


class NewKey(Shape):
    """An intake key for a marketing system, named for the system that will use it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Annotated[
        text(120, min_length=1),
        worded("give the key a name of up to 120 characters, such as the system that will use it"),
    ]


def _typed_password(password: str) -> str:
    """Any characters, up to the same ceiling as choosing one (no maxlength on the field: the
    browser would cut a pasted password short without a word)."""
    if not password:
        raise ValueError("Enter your password.")
    if len(password) > MAX_LENGTH:
        raise ValueError(f"Passwords are at most {MAX_LENGTH} characters: check this one.")
    return password


class SignIn(Shape):
    """The sign-in form: email, password, and whether to stay signed in on this device."""

    model_config = ConfigDict(extra="ignore", frozen=True)  # the form's csrf_token, the button

    email: Annotated[
        str, BeforeValidator(_an_address), Field(max_length=254), worded("Enter an email address.")
    ] = Field(default="", validate_default=True)
    password: Annotated[str, AfterValidator(_typed_password)] = Field(
        default="", validate_default=True
    )
    remember: bool = False
