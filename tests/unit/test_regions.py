"""Which time zones a lead lives in."""

from zoneinfo import available_timezones

import pytest

from console.domain.regions import (
    AUSTRALIA_STATE_ZONES,
    CANADA_PROVINCE_ZONES,
    COUNTRY_ZONES,
    US_STATE_ZONES,
    UnknownTimeZone,
    resolve_zones,
    zone_for_country,
    zone_for_region,
)

_US_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
US_STATES_AND_DC = _US_CODES.split()


@pytest.mark.parametrize(
    ("country", "region", "zone"),
    [
        ("US", "NY", "America/New_York"),
        ("US", "CA", "America/Los_Angeles"),
        ("US", "AZ", "America/Phoenix"),
        ("US", "HI", "Pacific/Honolulu"),
        ("US", "DC", "America/New_York"),
        ("CA", "BC", "America/Vancouver"),
        ("CA", "QC", "America/Toronto"),
        ("CA", "SK", "America/Regina"),
        ("AU", "NSW", "Australia/Sydney"),
        ("AU", "QLD", "Australia/Brisbane"),
        ("AU", "WA", "Australia/Perth"),
    ],
)
def test_a_region_maps_to_its_zone(country, region, zone):
    assert zone_for_region(country, region) == zone


@pytest.mark.parametrize(
    ("region", "zone"),
    [
        ("FL", "America/New_York"),
        ("TX", "America/Chicago"),
        ("IN", "America/Indiana/Indianapolis"),
        ("KY", "America/New_York"),
        ("TN", "America/Chicago"),
        ("ID", "America/Denver"),
        ("OR", "America/Los_Angeles"),
        ("MI", "America/Detroit"),
    ],
)
def test_a_state_split_across_zones_takes_the_zone_most_people_live_in(region, zone):
    assert zone_for_region("US", region) == zone


def test_every_us_state_and_dc_has_a_real_zone():
    zones = {state: zone_for_region("US", state) for state in US_STATES_AND_DC}
    assert set(zones.values()) <= available_timezones(), zones


@pytest.mark.parametrize(
    ("country", "codes"),
    [
        ("CA", "AB BC MB NB NL NS NT NU ON PE QC SK YT"),
        ("AU", "ACT NSW NT QLD SA TAS VIC WA"),
    ],
)
def test_every_canadian_province_and_australian_state_has_a_zone(country, codes):
    assert all(zone_for_region(country, code) for code in codes.split())


@pytest.mark.parametrize(
    ("country", "region", "zone"),
    [
        ("GB", None, "Europe/London"),
        ("GB", "ENG", "Europe/London"),
        ("IE", None, "Europe/Dublin"),
        ("IN", "MH", "Asia/Kolkata"),
        ("NZ", "AUK", "Pacific/Auckland"),
    ],
)
def test_a_single_zone_country_needs_no_region(country, region, zone):
    assert zone_for_region(country, region) == zone
    assert zone_for_country(country) == zone


@pytest.mark.parametrize(
    ("country", "region"), [("US", None), ("US", "ZZ"), ("CA", None), ("AU", ""), (None, None)]
)
def test_a_country_with_several_zones_and_no_known_region_has_no_zone(country, region):
    assert zone_for_region(country, region) is None


@pytest.mark.parametrize(("country", "region"), [("us", "fl"), (" US ", "US-FL"), ("US", "fl ")])
def test_codes_are_read_whatever_their_case_or_country_prefix(country, region):
    assert zone_for_region(country, region) == "America/New_York"


@pytest.mark.parametrize(
    "table", [US_STATE_ZONES, CANADA_PROVINCE_ZONES, AUSTRALIA_STATE_ZONES, COUNTRY_ZONES]
)
def test_every_zone_in_the_tables_is_a_real_iana_zone(table):
    assert set(table.values()) <= available_timezones()


def test_an_explicit_zone_wins_over_region_and_number():
    zones = resolve_zones("Europe/London", "US", "CA", ("America/Chicago",))
    assert zones == ("Europe/London",)


def test_an_explicit_zone_is_read_in_any_case():
    assert resolve_zones(" america/new_york ", "US", None, ()) == ("America/New_York",)


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_explicit_zone_falls_back_to_the_region(blank):
    assert resolve_zones(blank, "US", "TX", ("America/New_York",)) == ("America/Chicago",)


def test_without_a_region_the_phone_numbers_zones_are_used_in_order_once_each():
    number_zones = ("America/Chicago", "America/Denver", "America/Chicago")
    assert resolve_zones(None, "US", None, number_zones) == ("America/Chicago", "America/Denver")


def test_zones_the_database_does_not_know_are_dropped_from_the_numbers_zones():
    assert resolve_zones(None, "US", None, ("Etc/Unknown", "America/Denver")) == ("America/Denver",)


def test_with_nothing_to_go_on_a_lead_has_no_zones():
    assert resolve_zones(None, "US", None, ()) == ()


def test_an_unknown_explicit_zone_is_refused_with_a_message_naming_the_field_and_the_fix():
    with pytest.raises(UnknownTimeZone) as refused:
        resolve_zones("Mars/Olympus_Mons", "US", "FL", ("America/New_York",))
    assert isinstance(refused.value, ValueError)
    assert refused.value.field == "timezone"
    message = str(refused.value)
    assert message.startswith("timezone:")
    assert "Mars/Olympus_Mons" in message
    assert "America/New_York" in message
