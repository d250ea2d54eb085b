"""The demo lead population: a seeded, repeatable crowd of prospects who filled in our forms."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.demo_population.campaigns import FORM_WEIGHTS, campaign_for, intent_of
from console.demo_population.companies import DemoCompany, draw_company
from console.demo_population.people import draw_name, draw_title, email_for
from console.demo_population.phones import draw_phone
from console.demo_population.places import REGIONS, country_quotas
from console.demo_population.staff import staff_phones

HISTORY = timedelta(weeks=6)
FRESH_WINDOW = timedelta(hours=1)
# A few leads arrive inside the last hour, so the queue opens with speed-to-lead work.
FRESH_SHARE = 0.04
# People fill in lead forms in their own working day, not at three in the morning, and mostly
# on weekdays: three in four weekend sign-ups move to the Friday before.
FORM_HOURS = (time(8), time(18))
WEEKEND_KEPT = 4  # one in this many weekend sign-ups stays on the weekend

SOURCE_WEIGHTS = {"website": 35, "paid-search": 25, "linkedin": 18, "partner": 10,
                  "referral": 7, "event": 5}  # fmt: skip
NOTE_CHANCE = {"need": 0.35, "interest": 0.2}
NOTES = {
    "need": (
        "Need pricing for about 40 seats before end of quarter.",
        "Please call after 3pm my time.",
        "Comparing two vendors, decision within a month.",
        "Our current dialer contract ends in June.",
        "Can you demo for our ops team next week?",
        "Replacing spreadsheets our callers use today.",
    ),
    "interest": (
        "Just want the webinar recording.",
        "Researching options for next year's budget.",
        "Please send the slides.",
        "Student project, not buying anything.",
        "Interested in the case studies.",
    ),
}
# Typed by prospects, so they must come out escaped on every page and in every export.
AWKWARD_NOTES = (
    'Budget is <$10k/yr & we need it live by "Q3" - can you do that?',
    'Our IT team\'s rule: "no plugins" & no <iframe> widgets. Will that work?',
)


@dataclass(frozen=True)
class DemoPerson:
    """A prospect as a lead form delivered them, ready to be seeded as a lead."""

    external_id: str
    first_name: str
    last_name: str
    company: str
    industry: str
    employees: int
    title: str
    authority: str
    phone: str
    email: str
    country: str
    region: str | None
    timezone: str
    source: str
    form: str
    intent: str
    campaign: str
    arrived_offset: timedelta
    notes: str


@dataclass
class _Taken:
    phones: set[str] = field(default_factory=staff_phones)
    emails: set[str] = field(default_factory=set)
    companies: dict[str, DemoCompany] = field(default_factory=dict)


def population(seed: int = 7, count: int = 300) -> list[DemoPerson]:
    """`count` demo leads, oldest arrival first; the same seed always gives the same list."""
    if count < 0:
        raise ValueError(f"count must be zero or more, not {count}")
    rng = random.Random(seed)
    quotas = country_quotas(count)
    countries = [country for country, quota in quotas.items() for _ in range(quota)]
    rng.shuffle(countries)
    offsets = _arrival_offsets(rng, count)
    awkward_at = rng.sample(range(count), min(len(AWKWARD_NOTES), count))
    awkward = dict(zip(awkward_at, AWKWARD_NOTES, strict=False))
    taken = _Taken()
    return [
        _person(rng, country, offset, f"demo-{seed}-{index + 1:04d}", awkward.get(index), taken)
        for index, (country, offset) in enumerate(zip(countries, offsets, strict=True))
    ]


def arrival(person: DemoPerson, now: datetime) -> datetime:
    """When the person's form arrived, for a demo ending at `now`, to the second.

    The last hour's leads arrive `arrived_offset` before now; every other lead arrives on the same
    local day as that offset gives (or the Friday before a weekend), its clock time squeezed into
    FORM_HOURS of the lead's zone.
    """
    at = now - person.arrived_offset
    if person.arrived_offset < FRESH_WINDOW:
        return at.replace(microsecond=0)
    zone = ZoneInfo(person.timezone)
    local = at.astimezone(zone)
    day = local.date()
    share = (local - datetime.combine(day, time(), zone)) / timedelta(days=1)
    if day.weekday() >= 5 and int(person.arrived_offset.total_seconds()) % WEEKEND_KEPT:
        day -= timedelta(days=day.weekday() - 4)
    opens, closes = (datetime.combine(day, hour, zone) for hour in FORM_HOURS)
    moved = (opens + (closes - opens) * share).astimezone(UTC).replace(microsecond=0)
    return moved if moved <= now - FRESH_WINDOW else at.replace(microsecond=0)


def _arrival_offsets(rng: random.Random, count: int) -> list[timedelta]:
    fresh = max(1, round(count * FRESH_SHARE)) if count else 0
    window, history = int(FRESH_WINDOW.total_seconds()), int(HISTORY.total_seconds())
    seconds = [rng.randint(60, window - 60) for _ in range(fresh)]
    seconds += [rng.randint(window, history) for _ in range(count - fresh)]
    return sorted((timedelta(seconds=s) for s in seconds), reverse=True)


def _person(
    rng: random.Random,
    country: str,
    arrived_offset: timedelta,
    external_id: str,
    awkward_note: str | None,
    taken: _Taken,
) -> DemoPerson:
    regions = REGIONS[country]
    region = rng.choices(regions, weights=[r.weight for r in regions])[0]
    form = rng.choices(list(FORM_WEIGHTS), weights=list(FORM_WEIGHTS.values()))[0]
    intent = intent_of(form)
    first_name, last_name = draw_name(rng, country)
    company = draw_company(rng, country, taken.companies)
    title, authority = draw_title(rng, intent)
    return DemoPerson(
        external_id=external_id,
        first_name=first_name,
        last_name=last_name,
        company=company.name,
        industry=company.industry,
        employees=company.employees,
        title=title,
        authority=authority,
        phone=draw_phone(rng, region, taken.phones),
        email=email_for(first_name, last_name, company.domain, taken.emails),
        country=country,
        region=region.code,
        timezone=region.timezone,
        source=_source(rng, form),
        form=form,
        intent=intent,
        campaign=campaign_for(form),
        arrived_offset=arrived_offset,
        notes=awkward_note or _note(rng, intent),
    )


def _source(rng: random.Random, form: str) -> str:
    # Event sign-ups come from the event itself; every other form arrives through any channel.
    if form == "event":
        return "event"
    return rng.choices(list(SOURCE_WEIGHTS), weights=list(SOURCE_WEIGHTS.values()))[0]


def _note(rng: random.Random, intent: str) -> str:
    return rng.choice(NOTES[intent]) if rng.random() < NOTE_CHANCE[intent] else ""
