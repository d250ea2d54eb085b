"""Who works a campaign: its telecallers and sales reps, and which rep takes the next meeting."""

from __future__ import annotations

from collections.abc import Collection

from sqlmodel import Session, select

from console.domain.meetings import round_robin
from console.domain.roles import AgentState, Role
from console.errors import Invalid
from console.models import Campaign, CampaignMember, Meeting, User


def members_of(*, session: Session, campaign: Campaign) -> set[int]:
    """The ids of the campaign's telecallers and sales reps."""
    rows = select(CampaignMember.user_id).where(CampaignMember.campaign_id == campaign.id)
    return set(session.exec(rows))


def workers(*, session: Session) -> list[User]:
    """Everyone who can be put on a campaign: active telecallers and sales reps, by name."""
    rows = select(User).where(User.role.in_([Role.TELECALLER, Role.SALES]), User.active)
    return list(session.exec(rows.order_by(User.role, User.name)))


def checked_members(session: Session, user_ids: Collection[int]) -> set[int]:
    """The ids, when each is a telecaller or sales rep; Invalid names the others."""
    people = select(User.id).where(User.role.in_([Role.TELECALLER, Role.SALES]))
    unknown = sorted(set(user_ids) - set(session.exec(people)))
    if unknown:
        names = ", ".join(map(str, unknown))
        raise Invalid(
            "The campaign was not saved.",
            fields={"members": f"no telecaller or sales rep with id {names}: tick people listed"},
        )
    return set(user_ids)


def add_members(*, session: Session, campaign: Campaign, users: list[User]) -> None:
    """Put telecallers (who work it) and sales reps (who take its meetings) on a campaign."""
    existing = members_of(session=session, campaign=campaign)
    for user in users:
        if user.id not in existing:
            session.add(CampaignMember(campaign_id=campaign.id, user_id=user.id))
    session.commit()


def telecallers_by_campaign(*, session: Session) -> dict[int, list[User]]:
    """Each campaign's active telecallers who are on (not offline), by name: who a lead of it
    can be handed to."""
    rows = session.exec(
        select(CampaignMember.campaign_id, User)
        .join(User, User.id == CampaignMember.user_id)
        .where(User.role == Role.TELECALLER, User.active, User.state != AgentState.OFFLINE)
        .order_by(User.name)
    )
    found: dict[int, list[User]] = {}
    for campaign_id, user in rows:
        found.setdefault(campaign_id, []).append(user)
    return found


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
    chosen = round_robin([r.id for r in reps], last_assigned(session=session, campaign=campaign))
    return next(r for r in reps if r.id == chosen)


def last_assigned(*, session: Session, campaign: Campaign) -> int | None:
    """The sales rep who took the campaign's latest meeting, whose turn has passed."""
    return session.exec(
        select(Meeting.sales_rep_id)
        .where(Meeting.campaign_id == campaign.id)
        .order_by(Meeting.created_at.desc(), Meeting.id.desc())
    ).first()
