"""What a page needs to be current: the snapshot sent on every (re)connect."""

from __future__ import annotations

from sqlmodel import Session, select

from console import clock
from console.domain.roles import Role
from console.models import Campaign, CampaignMember, User
from console.services.accounts import agent_card


def campaign_ids_for(*, session: Session, user: User) -> list[int]:
    """Campaigns a user works (telecallers, reps) or oversees (leads, admins: all)."""
    if user.role in (Role.LEAD, Role.ADMIN):
        return list(session.exec(select(Campaign.id)))
    return list(
        session.exec(select(CampaignMember.campaign_id).where(CampaignMember.user_id == user.id))
    )


def snapshot(*, session: Session, user: User) -> dict:
    """The state a page starts from, so nothing missed while offline stays missing."""
    body: dict = {"type": "snapshot", "at": clock.now().isoformat(), "me": _me(user)}
    if user.role in (Role.LEAD, Role.ADMIN):
        agents = session.exec(
            select(User).where(User.role == Role.TELECALLER, User.active).order_by(User.name)
        )
        body["floor"] = [agent_card(agent) for agent in agents]
    return body


def _me(user: User) -> dict:
    return {"id": user.id, "name": user.name, "role": user.role.value, **_state(user)}


def _state(user: User) -> dict:
    return {"state": user.state.value, "since": user.state_since.isoformat()}
