"""What an admin sees configured: campaigns, users, keys, do-not-call entries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from console.errors import NotFound
from console.models import ApiToken, Campaign, DncEntry, Team, User


def overview(*, session: Session) -> dict:
    """Campaigns, users with their teams, live keys and the size of the DNC list."""
    teams = {team.id: team.name for team in session.exec(select(Team))}
    return {
        "campaigns": list(session.exec(select(Campaign).order_by(Campaign.name))),
        "users": [
            (user, teams.get(user.team_id, ""))
            for user in session.exec(select(User).order_by(User.role, User.name))
        ],
        "keys": list(
            session.exec(
                select(ApiToken).where(ApiToken.revoked_at.is_(None)).order_by(ApiToken.created_at)
            )
        ),
        "dnc_count": session.exec(select(func.count()).select_from(DncEntry)).one(),
    }


@dataclass(frozen=True)
class Person:
    """One account as the admin's edit page shows it."""

    user: User
    team: str


def person(*, session: Session, user_id: int) -> Person:
    """The account and its team's name; NotFound (404) for an id nobody has."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("There is nobody with that account: they may have been removed.")
    team = session.get(Team, user.team_id) if user.team_id else None
    return Person(user=user, team=team.name if team else "")
