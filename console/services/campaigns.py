"""Campaigns: creation with the agreed defaults, lookup, members and reps, the handoff rule."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from console.domain.dispositions import DEFAULT_DISPOSITIONS, to_dicts
from console.domain.handoff import HandoffRule, RuleInvalid
from console.domain.meetings import round_robin
from console.domain.roles import Role
from console.models import AuditEntry, Campaign, CampaignMember, Meeting, User, utcnow
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


def sales_reps(*, session: Session, campaign: Campaign) -> list[User]:
    """The active sales reps who take this campaign's meetings, in a stable order (by id)."""
    return list(
        session.exec(
            select(User)
            .join(CampaignMember, CampaignMember.user_id == User.id)
            .where(
                CampaignMember.campaign_id == campaign.id,
                User.role == Role.SALES,
                User.active,
            )
            .order_by(User.id)
        )
    )


def rule_of(campaign: Campaign) -> HandoffRule:
    """The campaign's agreed handoff rule (defaults fill settings it does not store)."""
    return HandoffRule.from_dict(campaign.handoff_rule or {})


def update_rule(
    *, session: Session, campaign: Campaign, rule_dict: dict, actor: User
) -> HandoffRule:
    """Replace a campaign's handoff rule, audited; past outcomes keep the rule that judged them."""
    try:
        rule = HandoffRule.from_dict(rule_dict)
    except RuleInvalid as problem:
        raise Invalid("The handoff rule was not saved.", fields=problem.fields) from None
    before, after = dict(campaign.handoff_rule or {}), rule.to_dict()
    if before == after:
        return rule
    campaign.handoff_rule = after
    session.add(campaign)
    session.add(
        AuditEntry(
            actor_id=actor.id,
            action="handoff_rule.update",
            entity="campaign",
            entity_id=str(campaign.id),
            before=before,
            after=after,
            at=utcnow(),
        )
    )
    session.commit()
    return rule


def rule_history(*, session: Session, campaign: Campaign) -> list[tuple[AuditEntry, str]]:
    """Every change to the campaign's rule, newest first, with who made it."""
    rows = session.exec(
        select(AuditEntry, User.name)
        .join(User, User.id == AuditEntry.actor_id, isouter=True)
        .where(
            AuditEntry.entity == "campaign",
            AuditEntry.entity_id == str(campaign.id),
            AuditEntry.action == "handoff_rule.update",
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return [(entry, name or "someone removed") for entry, name in rows]


def rep_for_meeting(*, session: Session, campaign: Campaign, named: int | str | None) -> User:
    """The named sales rep of the campaign (id or email), else the next one round-robin."""
    reps = sales_reps(session=session, campaign=campaign)
    if named is not None:
        wanted = str(named).strip().lower()
        for rep in reps:
            if wanted in (str(rep.id), rep.email):
                return rep
        names = ", ".join(f"{r.name} ({r.email})" for r in reps) or "none yet"
        raise Invalid(
            "Pick a sales rep of this campaign.",
            fields={
                "meeting.sales_rep": f"{named} does not take this campaign's meetings: {names}"
            },
        )
    if not reps:
        raise Invalid(
            "Nobody takes this campaign's meetings.",
            fields={
                "meeting.sales_rep": "no sales rep is on this campaign: ask an admin to add one"
            },
        )
    last = session.exec(
        select(Meeting.sales_rep_id)
        .where(Meeting.campaign_id == campaign.id)
        .order_by(Meeting.created_at.desc(), Meeting.id.desc())
    ).first()
    chosen = round_robin([r.id for r in reps], last)
    return next(r for r in reps if r.id == chosen)
