"""Deterministic demo population for Handoff: leads, staff logins and campaigns, no database."""

from console.demo_population.campaigns import (
    FORM_INTENT,
    INTEREST_FORMS,
    NEED_FORMS,
    DemoCampaignSpec,
    campaign_for,
    campaigns,
    intent_of,
)
from console.demo_population.leads import DemoPerson, arrival, population
from console.demo_population.phones import PhoneRangeExhausted
from console.demo_population.staff import DEMO_PASSWORD, DemoUser, staff

__all__ = [
    "DEMO_PASSWORD",
    "FORM_INTENT",
    "INTEREST_FORMS",
    "NEED_FORMS",
    "DemoCampaignSpec",
    "DemoPerson",
    "DemoUser",
    "PhoneRangeExhausted",
    "arrival",
    "campaign_for",
    "campaigns",
    "intent_of",
    "population",
    "staff",
]
