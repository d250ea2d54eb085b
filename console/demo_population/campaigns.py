"""The two demo campaigns, the lead forms behind them and which campaign works which form.

The website's forms all feed inbound-demo-requests, which calls need and leaves the content
downloads (interest) to nurture; webinar and event sign-ups feed webinar-followup, which calls
its interest leads.
"""

from __future__ import annotations

from dataclasses import dataclass

NEED, INTEREST = "need", "interest"

# A form that asks for a conversation signals need; a content download signals interest.
NEED_FORMS = ("pricing", "demo", "quote", "contact-sales", "trial")
INTEREST_FORMS = ("whitepaper", "ebook", "webinar", "newsletter", "event")
FORM_INTENT = {form: NEED for form in NEED_FORMS} | {form: INTEREST for form in INTEREST_FORMS}

# How often each form arrives; interest slightly outnumbers need, as in most inbound funnels.
FORM_WEIGHTS = {
    "demo": 14, "pricing": 12, "contact-sales": 8, "trial": 8, "quote": 6,
    "webinar": 16, "whitepaper": 12, "ebook": 10, "event": 8, "newsletter": 6,
}  # fmt: skip


@dataclass(frozen=True)
class DemoCampaignSpec:
    """A campaign to create for the demo: its name, its script, the intent it calls, its forms."""

    slug: str
    name: str
    script_id: str
    intent: str  # need: calls need leads only; interest: calls its interest leads too
    forms: tuple[str, ...]


INBOUND_DEMO_REQUESTS = DemoCampaignSpec(
    slug="inbound-demo-requests",
    name="Inbound demo & pricing requests",
    script_id="inbound-demo-requests",
    intent=NEED,
    forms=NEED_FORMS + ("whitepaper", "ebook", "newsletter"),
)
WEBINAR_FOLLOWUP = DemoCampaignSpec(
    slug="webinar-followup",
    name="Webinar follow-up",
    script_id="webinar-followup",
    intent=INTEREST,
    forms=("webinar", "event"),
)


def campaigns() -> list[DemoCampaignSpec]:
    """The demo campaigns, need first."""
    return [INBOUND_DEMO_REQUESTS, WEBINAR_FOLLOWUP]


def intent_of(form: str) -> str:
    """The intent (need or interest) a lead form signals; KeyError for an unknown form."""
    return FORM_INTENT[form]


def campaign_for(form: str) -> str:
    """The slug of the campaign that `form` feeds; KeyError for an unknown form."""
    for spec in campaigns():
        if form in spec.forms:
            return spec.slug
    raise KeyError(form)
