"""Invented B2B companies for demo leads: a name, a web domain, an industry and a headcount."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCompany:
    """A prospect's employer as the lead form and enrichment describe it."""

    name: str
    domain: str
    industry: str
    employees: int
    country: str


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


# Invented stems: unusual enough not to be mistaken for a well-known brand.
STEMS = _words(
    "Kestrelgate Northbeam Quillstone Fernmoor Ambergate Larkfield Tidemark Copperline "
    "Halcyon Brackenridge Silverfen Orchardly Ravensmere Bluewick Stonehaven Marlowe "
    "Thistledown Wrenford Cobaltia Heronsgate Ashcombe Lindenvale Pellucid Brightmoor "
    "Corvina Juniperlane Ostrava Meridale Saffronhill Keelson Tallowmere Varenne Glenholt "
    "Pinecrest Driftwell Oakhaven Sunnivale Harrowby Westerly Vantor"
)
# A few stems per country that sound local there.
LOCAL_STEMS = {
    "US": _words("Sawtooth Chesapeake Mesquite Cascadia Shenandoah Prairiefield"),
    "GB": _words("Pennine Cotswold Fenwick Tynedale Malvern Lochside"),
    "IN": _words("Sahyadri Kaveri Nilgiri Aravali Suryoday Navrang Tungabhadra Devika"),
    "AU": _words("Ironbark Coolabah Jarrah Wattlebrook Banksia Kurrajong"),
}

INDUSTRY_NOUNS = {
    "Software": ("Systems", "Software", "Labs", "Cloud"),
    "Logistics": ("Freight", "Logistics", "Distribution", "Haulage"),
    "Healthcare": ("Health", "Clinics", "Medical Group", "Care"),
    "Manufacturing": ("Manufacturing", "Fabrication", "Industries", "Components"),
    "Financial services": ("Capital", "Financial", "Wealth Partners"),
    "Professional services": ("Consulting", "Advisory", "Partners"),
    "Retail": ("Retail Group", "Outfitters", "Supply"),
    "Construction": ("Builders", "Construction", "Contracting"),
    "Education": ("Learning", "Academy", "Education"),
    "Hospitality": ("Hotels", "Hospitality"),
}

# Headcount bands, weighted toward the small and mid-sized firms that fill inbound queues.
EMPLOYEE_BANDS = (
    ((5, 19), 15),
    ((20, 49), 20),
    ((50, 199), 30),
    ((200, 999), 20),
    ((1000, 4999), 10),
    ((5000, 20000), 5),
)

SUFFIXES = {
    "US": ("", " Inc.", " LLC", " Corp."),
    "GB": ("", " Ltd", " Ltd"),
    "IN": (" Pvt Ltd", " Pvt Ltd", ""),
    "AU": ("", " Pty Ltd", " Pty Ltd"),
}
TOP_LEVEL_DOMAINS = {"US": ".com", "GB": ".co.uk", "IN": ".in", "AU": ".com.au"}

# How often a new lead works at a company that already sent one: colleagues do fill in forms.
COLLEAGUE_CHANCE = 0.12


def draw_company(rng: random.Random, country: str, known: dict[str, DemoCompany]) -> DemoCompany:
    """A company in `country`: sometimes one in `known` (keyed by domain), else a new one."""
    compatriots = [company for company in known.values() if company.country == country]
    if compatriots and rng.random() < COLLEAGUE_CHANCE:
        return rng.choice(compatriots)
    industry = rng.choice(list(INDUSTRY_NOUNS))
    stem = rng.choice(STEMS + LOCAL_STEMS[country])
    noun = rng.choice(INDUSTRY_NOUNS[industry])
    domain = _domain(stem, noun, country)
    if domain in known:
        return known[domain]
    company = DemoCompany(
        name=_unclaimed_name(f"{stem} {noun}", rng.choice(SUFFIXES[country]), country, known),
        domain=domain,
        industry=industry,
        employees=_headcount(rng),
        country=country,
    )
    known[domain] = company
    return company


def _unclaimed_name(base: str, suffix: str, country: str, known: dict[str, DemoCompany]) -> str:
    # A namesake abroad keeps its name; ours takes the first legal suffix still free.
    in_use = {company.name for company in known.values()}
    for candidate in (suffix, *SUFFIXES[country]):
        if base + candidate not in in_use:
            return base + candidate
    raise ValueError(f"every form of the name {base!r} is taken")


def _domain(stem: str, noun: str, country: str) -> str:
    return re.sub(r"[^a-z0-9]", "", f"{stem}{noun}".lower()) + TOP_LEVEL_DOMAINS[country]


def _headcount(rng: random.Random) -> int:
    bands = [band for band, _ in EMPLOYEE_BANDS]
    low, high = rng.choices(bands, weights=[weight for _, weight in EMPLOYEE_BANDS])[0]
    return rng.randint(low, high)
