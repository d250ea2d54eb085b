"""Which time zones a lead lives in, from an explicit zone, its region, or its phone number."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

# A state split across zones maps to the zone most of its people live in
# (FL, IN, KY: Eastern; TX, TN, KS, NE, ND, SD: Central; ID: Mountain; OR: Pacific).
_US_STATES_BY_ZONE = {
    "America/New_York": "CT DC DE FL GA KY MA MD ME NC NH NJ NY OH PA RI SC VA VT WV",
    "America/Chicago": "AL AR IA IL KS LA MN MO MS ND NE OK SD TN TX WI",
    "America/Denver": "CO ID MT NM UT WY",
    "America/Los_Angeles": "CA NV OR WA",
    "America/Phoenix": "AZ",
    "America/Anchorage": "AK",
    "Pacific/Honolulu": "HI",
    "America/Detroit": "MI",
    "America/Indiana/Indianapolis": "IN",
    "America/Puerto_Rico": "PR",
    "America/St_Thomas": "VI",
    "Pacific/Guam": "GU",
    "Pacific/Saipan": "MP",
    "Pacific/Pago_Pago": "AS",
}
US_STATE_ZONES: dict[str, str] = {
    state: zone for zone, states in _US_STATES_BY_ZONE.items() for state in states.split()
}

CANADA_PROVINCE_ZONES: dict[str, str] = {
    "AB": "America/Edmonton",
    "BC": "America/Vancouver",
    "MB": "America/Winnipeg",
    "NB": "America/Moncton",
    "NL": "America/St_Johns",
    "NS": "America/Halifax",
    "NT": "America/Yellowknife",
    "NU": "America/Iqaluit",
    "ON": "America/Toronto",
    "PE": "America/Halifax",
    "QC": "America/Toronto",
    "SK": "America/Regina",
    "YT": "America/Whitehorse",
}

AUSTRALIA_STATE_ZONES: dict[str, str] = {
    "ACT": "Australia/Sydney",
    "NSW": "Australia/Sydney",
    "NT": "Australia/Darwin",
    "QLD": "Australia/Brisbane",
    "SA": "Australia/Adelaide",
    "TAS": "Australia/Hobart",
    "VIC": "Australia/Melbourne",
    "WA": "Australia/Perth",
}

REGION_ZONES: dict[str, dict[str, str]] = {
    "US": US_STATE_ZONES,
    "CA": CANADA_PROVINCE_ZONES,
    "AU": AUSTRALIA_STATE_ZONES,
}

# Countries where one zone covers (nearly) everyone, so the region is not needed.
COUNTRY_ZONES: dict[str, str] = {
    "GB": "Europe/London",
    "IE": "Europe/Dublin",
    "IN": "Asia/Kolkata",
    "NZ": "Pacific/Auckland",
    "PT": "Europe/Lisbon",
    "ES": "Europe/Madrid",
    "FR": "Europe/Paris",
    "DE": "Europe/Berlin",
    "NL": "Europe/Amsterdam",
    "BE": "Europe/Brussels",
    "CH": "Europe/Zurich",
    "AT": "Europe/Vienna",
    "IT": "Europe/Rome",
    "DK": "Europe/Copenhagen",
    "SE": "Europe/Stockholm",
    "NO": "Europe/Oslo",
    "FI": "Europe/Helsinki",
    "PL": "Europe/Warsaw",
    "IL": "Asia/Jerusalem",
    "AE": "Asia/Dubai",
    "SG": "Asia/Singapore",
    "HK": "Asia/Hong_Kong",
    "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul",
    "PH": "Asia/Manila",
    "ZA": "Africa/Johannesburg",
    "PR": "America/Puerto_Rico",
}

# Files zoneinfo finds on disk that name no place a lead could live.
_NOT_LEAD_ZONES = frozenset({"localtime", "Factory"})


class UnknownTimeZone(ValueError):
    """An explicit time zone that the IANA database does not know."""

    field = "timezone"

    def __init__(self, zone: str) -> None:
        self.zone = zone
        super().__init__(
            f'timezone: "{zone}" is not a time zone we know. Use an IANA name such as '
            '"America/New_York" or "Asia/Kolkata", or leave it empty to take the zone '
            "from the lead's region or phone number."
        )


@cache
def _known_zones() -> dict[str, str]:
    """IANA zone names by their lower-case spelling, so "america/chicago" is accepted."""
    return {name.lower(): name for name in available_timezones() - _NOT_LEAD_ZONES}


def canonical_zone(zone: str) -> str | None:
    """The IANA spelling of `zone`, or None when the database does not know it."""
    return _known_zones().get(zone.strip().lower())


def _code(value: str | None) -> str:
    return (value or "").strip().upper()


def zone_for_country(country: str | None) -> str | None:
    """The zone of a country that has one zone for most of its people, else None."""
    return COUNTRY_ZONES.get(_code(country))


def zone_for_region(country: str | None, region: str | None) -> str | None:
    """The zone most of a region's people live in, falling back to the country's only zone."""
    country_code = _code(country)
    region_code = _code(region).removeprefix(f"{country_code}-")
    zone = REGION_ZONES.get(country_code, {}).get(region_code)
    return zone or zone_for_country(country_code)


def resolve_zones(
    explicit: str | None,
    country: str | None,
    region: str | None,
    number_zones: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """A lead's zones: the explicit zone, else its region's, else its phone number's, else ()."""
    if explicit and explicit.strip():
        zone = canonical_zone(explicit)
        if zone is None:
            raise UnknownTimeZone(explicit.strip())
        return (zone,)
    by_region = zone_for_region(country, region)
    if by_region:
        return (by_region,)
    # phonenumbers says "Etc/Unknown" when it cannot tell; such names are dropped here.
    known = (canonical_zone(zone) for zone in number_zones)
    return tuple(dict.fromkeys(zone for zone in known if zone))
