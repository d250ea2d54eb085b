"""Phone numbers through libphonenumber: E.164, validity per country, the zones they ring in."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import timezone as number_zones

from console.domain.caller_ids import Line, local_line


@dataclass(frozen=True)
class Phone:
    """A valid number in E.164 with the country and zones it belongs to."""

    e164: str
    country: str | None
    zones: tuple[str, ...]


class BadPhone(ValueError):
    """The number cannot be called; the message says why and how to fix it."""


def normalize(raw: str, default_country: str | None) -> Phone:
    """Parse, validate and normalise a number; a bare national number uses the default country."""
    text = (raw or "").strip()
    if not text:
        raise BadPhone("is empty: give the number with its country code, such as +1 202 555 0143")
    region = (default_country or "US").upper()
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        raise BadPhone(
            f"{text!r} is not a phone number: use digits, such as +1 202 555 0143"
        ) from None
    if not phonenumbers.is_valid_number(number):
        country = phonenumbers.region_code_for_country_code(number.country_code)
        raise BadPhone(
            f"{text} is not a valid number for {country}: check the digits and the country code"
        )
    zones = tuple(z for z in number_zones.time_zones_for_number(number) if z != "Etc/Unknown")
    return Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        country=phonenumbers.region_code_for_number(number),
        zones=zones,
    )


def e164_or_none(raw: str, default_country: str | None = None) -> str | None:
    """The E.164 form of a number, or None when it is not valid."""
    try:
        return normalize(raw, default_country).e164
    except BadPhone:
        return None


def line(e164: str) -> Line:
    """Where an E.164 number rings: its country calling code and its area code (empty where
    the country has no geographic areas)."""
    parsed = phonenumbers.parse(e164, None)
    national = str(parsed.national_number)
    length = phonenumbers.length_of_geographical_area_code(parsed)
    return Line(number=e164, country=parsed.country_code, area=national[:length] if length else "")


def caller_id_for(pool: list[str], lead_phone: str) -> str | None:
    """Local presence: the campaign's number for this lead, or None for the account's own."""
    if not pool:
        return None
    return local_line([line(number) for number in pool], line(lead_phone))
