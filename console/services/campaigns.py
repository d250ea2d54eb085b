"""Campaigns: starting one with the agreed defaults, and finding one as the viewer may see it."""

from __future__ import annotations

from sqlmodel import Session, select

from console.contract.campaigns import NewCampaign
from console.contract.common import read
from console.domain.compliance import CallingWindow
from console.domain.dispositions import DEFAULT_DISPOSITIONS, to_dicts
from console.domain.handoff import HandoffRule
from console.domain.roles import Role
from console.errors import Invalid, NotFound
from console.models import Campaign, CampaignMember, User

NEED_FORMS = ("pricing", "demo", "quote", "contact-sales", "trial")
INTEREST_FORMS = ("whitepaper", "ebook", "webinar", "newsletter", "event")
DEFAULT_WINDOW = CallingWindow().as_stored()


def default_intent_map() -> dict[str, str]:
    """Which forms signal need and which only interest."""
    return {
        **{form: "need" for form in NEED_FORMS},
        **{form: "interest" for form in INTEREST_FORMS},
    }


def start_campaign(*, session: Session, new: NewCampaign) -> Campaign:
    """A new campaign from the admin's form (read with the library's scripts as its choices)."""
    return create_campaign(session=session, slug=new.slug, name=new.name, script_id=new.script_id)


def create_campaign(
    *, session: Session, slug: str, name: str, script_id: str, **settings: object
) -> Campaign:
    """A campaign with the default dispositions, handoff rule, window, cadence and intent map."""
    fields = {"slug": slug, "name": name, "script_id": script_id}
    read(NewCampaign, fields, message="The campaign was not created.")
    if session.exec(select(Campaign.id).where(Campaign.slug == slug)).first() is not None:
        taken = {"slug": f"{slug} already exists: pick another"}
        raise Invalid("The campaign was not created.", fields=taken)
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


def worked_by_slug(*, session: Session, slug: str, viewer: User) -> Campaign:
    """The campaign with this slug as the viewer may see it: team leads and admins any, others
    only a campaign they are on; to them any other is not found, exactly as a missing one."""
    if viewer.role in (Role.LEAD, Role.ADMIN):
        return by_slug(session=session, slug=slug)
    found = session.exec(
        select(Campaign)
        .join(CampaignMember, CampaignMember.campaign_id == Campaign.id)
        .where(Campaign.slug == slug, CampaignMember.user_id == viewer.id)
    ).first()
    if found is None:
        raise not_on_campaign(slug)
    return found


def not_on_campaign(slug: str) -> NotFound:
    """What a telecaller or sales rep hears of a campaign they are not on (or that is missing)."""
    return NotFound(f"You are not on a campaign called {slug!r}: ask your team lead to add you.")


def all_campaigns(*, session: Session) -> list[Campaign]:
    """Every campaign, by name."""
    return list(session.exec(select(Campaign).order_by(Campaign.name)))


def rule_of(campaign: Campaign) -> HandoffRule:
    """The campaign's agreed handoff rule (defaults fill settings it does not store)."""
    return HandoffRule.from_dict(campaign.handoff_rule or {})
