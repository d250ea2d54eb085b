"""Campaigns: creation with the agreed defaults, lookup by slug, membership."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from console.domain.dispositions import DEFAULT_DISPOSITIONS, to_dicts
from console.domain.handoff import HandoffRule
from console.models import Campaign, CampaignMember, User
from console.services.errors import Invalid, NotFound

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
NEED_FORMS = ("pricing", "demo", "quote", "contact-sales", "trial")
INTEREST_FORMS = ("whitepaper", "ebook", "webinar", "newsletter", "event")
DEFAULT_WINDOW = {"start": "09:00", "end": "20:00", "days": [0, 1, 2, 3, 4]}


def default_intent_map() -> dict[str, str]:
    """Which forms signal need and which only interest."""
    return {
        **{form: "need" for form in NEED_FORMS},
        **{form: "interest" for form in INTEREST_FORMS},
    }


def create_campaign(
    *, session: Session, slug: str, name: str, script_id: str, **settings: object
) -> Campaign:
    """A campaign with the default dispositions, handoff rule, window, cadence and intent map."""
    if not SLUG.match(slug):
        raise Invalid("Bad campaign slug.", fields={"slug": "use lowercase letters, digits and -"})
    if session.exec(select(Campaign).where(Campaign.slug == slug)).first():
        raise Invalid("Slug taken.", fields={"slug": f"{slug} already exists: pick another"})
    campaign = Campaign(
        slug=slug,
        name=name,
        script_id=script_id,
        handoff_rule=HandoffRule().to_dict(),
        calling_window=dict(DEFAULT_WINDOW),
        dispositions=to_dicts(DEFAULT_DISPOSITIONS),
        intent_map=default_intent_map(),
        **settings,
    )
    session.add(campaign)
    session.commit()
    return campaign


def by_slug(*, session: Session, slug: str) -> Campaign:
    """The campaign with this slug, or NotFound naming it."""
    campaign = session.exec(select(Campaign).where(Campaign.slug == slug)).first()
    if campaign is None:
        raise NotFound(f"No campaign {slug!r}: check the slug on the setup page.")
    return campaign


def all_campaigns(*, session: Session) -> list[Campaign]:
    """Every campaign, by name."""
    return list(session.exec(select(Campaign).order_by(Campaign.name)))


def add_members(*, session: Session, campaign: Campaign, users: list[User]) -> None:
    """Put telecallers (who work it) and sales reps (who take its meetings) on a campaign."""
    existing = set(
        session.exec(
            select(CampaignMember.user_id).where(CampaignMember.campaign_id == campaign.id)
        )
    )
    for user in users:
        if user.id not in existing:
            session.add(CampaignMember(campaign_id=campaign.id, user_id=user.id))
    session.commit()
