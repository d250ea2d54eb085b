"""Where demo leads live: countries, their regions, each region's time zone and phone ranges."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PhoneBlock:
    """A run of numbers: a fixed E.164 prefix followed by `free_digits` drawn at random."""

    prefix: str
    free_digits: int


@dataclass(frozen=True)
class Region:
    """A state or nation within a country, with its local zone and the numbers we dial there."""

    country: str
    code: str | None
    timezone: str
    weight: int
    blocks: tuple[PhoneBlock, ...]


# Share of the population per country; the brief asks for roughly 55/20/15/10.
COUNTRY_SHARE = {"US": 55, "GB": 20, "IN": 15, "AU": 10}


def _us(code: str, zone: str, weight: int, *area_codes: str) -> Region:
    # NXX-555-0100..0199 is reserved for fiction in every North American area code.
    blocks = tuple(PhoneBlock(f"+1{area}55501", 2) for area in area_codes)
    return Region("US", code, zone, weight, blocks)


def _ofcom(*prefixes: str) -> tuple[PhoneBlock, ...]:
    # Ofcom's drama ranges: the last three digits are free, e.g. 020 7946 0000-0999.
    return tuple(PhoneBlock(prefix, 3) for prefix in prefixes)


def _acma(trunk: str) -> tuple[PhoneBlock, ...]:
    # ACMA reserves (0x) 5550 xxxx and (0x) 7010 xxxx in each area for fiction.
    return (PhoneBlock(f"+61{trunk}5550", 4), PhoneBlock(f"+61{trunk}7010", 4))


_EASTERN, _CENTRAL = "America/New_York", "America/Chicago"
_MOUNTAIN, _PACIFIC = "America/Denver", "America/Los_Angeles"
_ENGLAND = _ofcom(
    "+442079460", "+441614960", "+441214960", "+441134960", "+441174960", "+441914980"
)
_SCOTLAND = _ofcom("+441314960", "+441414960")
# India has no fiction range, so demo leads get numbers from series that are mobile-only.
_INDIAN_MOBILES = tuple(
    PhoneBlock(f"+91{series}", 8) for series in ("98", "99", "97", "96", "94", "93", "90", "70")
)

REGIONS: dict[str, tuple[Region, ...]] = {
    "US": (
        _us("NY", _EASTERN, 10, "212", "646", "718", "518"),
        _us("FL", _EASTERN, 10, "305", "407", "813", "904", "561"),
        _us("GA", _EASTERN, 4, "404", "678"),
        _us("MA", _EASTERN, 4, "617", "508"),
        _us("NC", _EASTERN, 3, "704", "919"),
        _us("PA", _EASTERN, 3, "215", "412"),
        _us("NJ", _EASTERN, 3, "201", "973"),
        _us("OH", _EASTERN, 2, "614", "216"),
        _us("TX", _CENTRAL, 9, "512", "713", "214", "210"),
        _us("IL", _CENTRAL, 5, "312", "773"),
        _us("MN", _CENTRAL, 2, "612", "651"),
        _us("MO", _CENTRAL, 2, "314", "816"),
        _us("CO", _MOUNTAIN, 4, "303", "720"),
        _us("UT", _MOUNTAIN, 2, "801", "385"),
        # Arizona keeps standard time all year, so it has its own zone.
        _us("AZ", "America/Phoenix", 3, "602", "480"),
        _us("CA", _PACIFIC, 12, "415", "310", "213", "408", "619", "916", "949"),
        _us("WA", _PACIFIC, 4, "206", "425"),
        _us("OR", _PACIFIC, 2, "503", "971"),
    ),
    "GB": (
        Region("GB", "ENG", "Europe/London", 75, _ENGLAND),
        Region("GB", "SCT", "Europe/London", 15, _SCOTLAND),
        # Some forms never ask where in the UK the prospect is.
        Region("GB", None, "Europe/London", 10, _ENGLAND),
    ),
    "IN": tuple(
        Region("IN", code, "Asia/Kolkata", weight, _INDIAN_MOBILES)
        for code, weight in (("MH", 30), ("KA", 25), ("DL", 20), ("TN", 15), ("GJ", 10))
    ),
    "AU": (
        Region("AU", "NSW", "Australia/Sydney", 40, _acma("2")),
        Region("AU", "VIC", "Australia/Melbourne", 30, _acma("3")),
        Region("AU", "QLD", "Australia/Brisbane", 18, _acma("7")),
        Region("AU", "WA", "Australia/Perth", 7, _acma("8")),
        Region("AU", "SA", "Australia/Adelaide", 5, _acma("8")),
    ),
}


def country_quotas(count: int) -> dict[str, int]:
    """How many of `count` leads each country gets, summing exactly to `count`."""
    total = sum(COUNTRY_SHARE.values())
    exact = {country: count * share / total for country, share in COUNTRY_SHARE.items()}
    quotas = {country: int(value) for country, value in exact.items()}
    # Largest remainder, so small populations still round to the intended mix.
    by_remainder = sorted(exact, key=lambda country: quotas[country] - exact[country])
    for country in by_remainder[: count - sum(quotas.values())]:
        quotas[country] += 1
    return quotas
