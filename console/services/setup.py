"""What an admin sees configured: campaigns, users, keys, do-not-call entries."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

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
