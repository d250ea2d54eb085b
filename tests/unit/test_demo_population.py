"""The demo population is repeatable, mixed like a real inbound funnel, and dialable."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from phonenumbers import timezone as phone_zones

from console.demo_population import (
    DEMO_PASSWORD,
    INTEREST_FORMS,
    NEED_FORMS,
    arrival,
    campaigns,
    population,
    staff,
)
from console.demo_population.phones import PhoneRangeExhausted, draw_phone
from console.demo_population.places import PhoneBlock, Region

PEOPLE = population()
FRESH = timedelta(hours=1)

# Written out independently of the generator, so a slip in its tables shows up here.
EXPECTED_ZONE = {
    "NY": "America/New_York", "FL": "America/New_York", "GA": "America/New_York",
    "MA": "America/New_York", "NC": "America/New_York", "PA": "America/New_York",
    "NJ": "America/New_York", "OH": "America/New_York", "TX": "America/Chicago",
    "IL": "America/Chicago", "MN": "America/Chicago", "MO": "America/Chicago",
    "CO": "America/Denver", "UT": "America/Denver", "AZ": "America/Phoenix",
    "CA": "America/Los_Angeles", "WA": "America/Los_Angeles", "OR": "America/Los_Angeles",
    "NSW": "Australia/Sydney", "VIC": "Australia/Melbourne", "QLD": "Australia/Brisbane",
    "WA-AU": "Australia/Perth", "SA": "Australia/Adelaide",
    "MH": "Asia/Kolkata", "KA": "Asia/Kolkata", "DL": "Asia/Kolkata", "TN": "Asia/Kolkata",
    "GJ": "Asia/Kolkata", "ENG": "Europe/London", "SCT": "Europe/London", None: "Europe/London",
}  # fmt: skip
AU_TRUNK = {"NSW": "2", "VIC": "3", "QLD": "7", "WA": "8", "SA": "8"}
US_ZONES = {"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
            "America/Los_Angeles"}  # fmt: skip


def _zone_key(person) -> str | None:
    # "WA" is both Washington and Western Australia.
    return "WA-AU" if (person.country, person.region) == ("AU", "WA") else person.region


def test_the_same_seed_gives_the_same_population():
    assert population(seed=7) == PEOPLE
    assert population(seed=42, count=50) == population(seed=42, count=50)


def test_a_different_seed_gives_a_different_population():
    assert population(seed=8) != PEOPLE


def test_generating_leaves_the_global_random_state_alone():
    random.seed(1234)
    expected = random.random()
    random.seed(1234)
    population(count=20)
    assert random.random() == expected


@pytest.mark.parametrize("count", [0, 1, 2, 17, 300, 1000])
def test_the_population_has_exactly_the_requested_size(count):
    assert len(population(seed=3, count=count)) == count


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="count"):
        population(count=-1)


def test_countries_follow_the_55_20_15_10_mix():
    assert Counter(person.country for person in PEOPLE) == {
        "US": 165, "GB": 60, "IN": 45, "AU": 30,
    }  # fmt: skip


@pytest.mark.parametrize("seed", [1, 7, 99])
def test_us_leads_spread_over_every_us_time_zone_with_florida_and_california(seed):
    americans = [person for person in population(seed=seed) if person.country == "US"]
    assert {person.timezone for person in americans} == US_ZONES
    states = Counter(person.region for person in americans)
    assert states["FL"] >= 5 and states["CA"] >= 5


@pytest.mark.parametrize("seed", [7, 11])
def test_every_phone_is_a_valid_e164_number_in_the_leads_country(seed):
    for person in population(seed=seed):
        number = phonenumbers.parse(person.phone)
        assert phonenumbers.is_valid_number(number), person
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == (
            person.phone
        )
        assert phonenumbers.region_code_for_number(number) == person.country


def test_phones_are_unique_and_never_a_staff_members():
    people = population(count=1000)
    phones = [person.phone for person in people]
    assert len(set(phones)) == len(phones)
    assert not set(phones) & {user.phone for user in staff()}


def test_time_zones_match_each_leads_region():
    for person in PEOPLE:
        assert person.timezone == EXPECTED_ZONE[_zone_key(person)], person
        assert ZoneInfo(person.timezone)


@pytest.mark.parametrize("country", ["US", "GB", "IN"])
def test_phone_numbers_ring_in_the_leads_time_zone(country):
    aliases = {"Asia/Calcutta": "Asia/Kolkata"}
    for person in (p for p in PEOPLE if p.country == country):
        zones = phone_zones.time_zones_for_number(phonenumbers.parse(person.phone))
        assert person.timezone in {aliases.get(zone, zone) for zone in zones}, person


def test_australian_numbers_carry_their_states_trunk_code():
    for person in (p for p in PEOPLE if p.country == "AU"):
        assert person.phone.startswith("+61" + AU_TRUNK[person.region]), person


@pytest.mark.parametrize(("forms", "intent", "campaign"), [
    (NEED_FORMS, "need", "inbound-demo-requests"),
    (("whitepaper", "ebook", "newsletter"), "interest", "inbound-demo-requests"),
    (("webinar", "event"), "interest", "webinar-followup"),
])  # fmt: skip
def test_intent_follows_the_form_and_the_form_picks_the_campaign(forms, intent, campaign):
    matching = [person for person in PEOPLE if person.form in forms]
    assert matching
    assert {(person.intent, person.campaign) for person in matching} == {(intent, campaign)}


def test_every_form_feeds_exactly_one_campaign():
    fed = [form for spec in campaigns() for form in spec.forms]
    assert sorted(fed) == sorted(NEED_FORMS + INTEREST_FORMS)


def test_every_form_and_both_intents_appear():
    assert {person.form for person in PEOPLE} == set(NEED_FORMS) | set(INTEREST_FORMS)


def test_arrivals_span_six_weeks_oldest_first_with_some_in_the_last_hour():
    offsets = [person.arrived_offset for person in PEOPLE]
    assert offsets == sorted(offsets, reverse=True)
    assert all(timedelta(0) < offset <= timedelta(weeks=6) for offset in offsets)
    assert sum(offset < timedelta(hours=1) for offset in offsets) >= 5
    assert max(offsets) > timedelta(weeks=5)


@pytest.mark.parametrize("now", [
    datetime(2026, 11, 25, 15, 30, tzinfo=UTC),  # a Wednesday afternoon in New York
    datetime(2026, 12, 5, 2, 30, tzinfo=UTC),  # small hours of a Saturday
    datetime(2027, 3, 14, 7, 30, tzinfo=UTC),  # the US clocks go forward
    datetime(2028, 2, 29, 23, 30, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
])  # fmt: skip
def test_forms_arrive_in_the_prospects_working_day_and_the_last_hour_is_left_alone(now):
    arrivals = {person.external_id: arrival(person, now) for person in PEOPLE}
    for person in PEOPLE:
        at = arrivals[person.external_id]
        assert at <= now and at.microsecond == 0
        if person.arrived_offset < timedelta(hours=1):
            assert now - at < timedelta(hours=1), person
        else:
            assert timedelta(hours=1) <= now - at <= timedelta(weeks=6, days=2), person
    local = [arrivals[p.external_id].astimezone(ZoneInfo(p.timezone)) for p in PEOPLE]
    settled = [at for at, p in zip(local, PEOPLE, strict=True) if p.arrived_offset >= FRESH]
    assert sum(time(8) <= at.time() < time(18) for at in settled) >= 0.95 * len(settled)
    assert sum(at.weekday() >= 5 for at in settled) <= 0.15 * len(settled)


def test_emails_are_unique_ascii_addresses_at_the_companys_domain():
    emails = [person.email for person in PEOPLE]
    assert len(set(emails)) == len(emails)
    for person in PEOPLE:
        local, domain = person.email.split("@")
        assert person.email.isascii() and local
        first_word = "".join(ch for ch in person.company.split()[0].lower() if ch.isalnum())
        assert domain.startswith(first_word), person


def test_a_company_always_has_the_same_industry_and_headcount():
    profiles = {(p.company, p.industry, p.employees) for p in PEOPLE}
    assert len(profiles) == len({p.company for p in PEOPLE})
    assert all(p.employees > 0 and p.industry for p in PEOPLE)


def test_titles_span_decision_makers_influencers_and_information_gatherers():
    assert {person.authority for person in PEOPLE} == {
        "decision-maker", "influencer", "information-gatherer",
    }  # fmt: skip
    assert len({person.title for person in PEOPLE}) >= 15


@pytest.mark.parametrize("country", ["US", "GB", "IN", "AU"])
def test_names_are_varied_within_each_country(country):
    people = [person for person in PEOPLE if person.country == country]
    assert len({(p.first_name, p.last_name) for p in people}) >= 0.8 * len(people)


def test_some_notes_are_empty_and_some_need_escaping():
    notes = [person.notes for person in PEOPLE]
    assert "" in notes and len({note for note in notes if note}) >= 5
    joined = "".join(notes)
    assert all(ch in joined for ch in "<>&\"'")


def test_external_ids_are_unique():
    assert len({person.external_id for person in PEOPLE}) == len(PEOPLE)


def test_a_demo_person_cannot_be_changed():
    with pytest.raises(FrozenInstanceError):
        PEOPLE[0].phone = "+12125550100"


def test_a_full_phone_range_is_walked_then_refused():
    tiny = Region("US", "NY", "America/New_York", 1, (PhoneBlock("+1212555010", 1),))
    taken: set[str] = set()
    drawn = [draw_phone(random.Random(5), tiny, taken) for _ in range(10)]
    assert sorted(drawn) == [f"+1212555010{digit}" for digit in range(10)]
    with pytest.raises(PhoneRangeExhausted):
        draw_phone(random.Random(5), tiny, taken)


def test_staff_logins_are_exactly_the_contracts():
    assert [(user.email, user.role) for user in staff()] == [
        ("admin@demo.test", "admin"),
        ("lead@demo.test", "lead"),
        ("caller1@demo.test", "telecaller"),
        ("caller2@demo.test", "telecaller"),
        ("caller3@demo.test", "telecaller"),
        ("caller4@demo.test", "telecaller"),
        ("sales1@demo.test", "sales"),
        ("sales2@demo.test", "sales"),
    ]
    assert DEMO_PASSWORD == "handoff-demo"


def test_callers_and_their_lead_are_team_north_and_sales_is_sales():
    teams = {user.email: user.team for user in staff()}
    assert {teams[f"caller{n}@demo.test"] for n in range(1, 5)} | {teams["lead@demo.test"]} == {
        "Team North"
    }
    assert teams["sales1@demo.test"] == teams["sales2@demo.test"] == "Sales"


def test_staff_have_names_zones_and_unique_valid_phones():
    users = staff()
    assert all(len(user.name.split()) >= 2 for user in users)
    assert all(ZoneInfo(user.timezone) for user in users)
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(user.phone)) for user in users)
    assert len({user.phone for user in users}) == len(users)


def test_the_two_campaigns_are_need_and_interest():
    assert [(c.slug, c.name, c.script_id, c.intent) for c in campaigns()] == [
        ("inbound-demo-requests", "Inbound demo & pricing requests", "inbound-demo-requests",
         "need"),
        ("webinar-followup", "Webinar follow-up", "webinar-followup", "interest"),
    ]  # fmt: skip
    assert {person.campaign for person in PEOPLE} == {c.slug for c in campaigns()}
