"""Which rooms a signed-in user listens to."""

from __future__ import annotations

from console.domain.roles import Role


def rooms_for(user, campaign_ids: list[int]) -> list[str]:
    """A user's rooms: their own, their team's, their role's, their campaigns', the floor."""
    rooms = [f"user:{user.id}", f"role:{user.role.value}"]
    if user.team_id:
        rooms.append(f"team:{user.team_id}")
    if user.role in (Role.TELECALLER, Role.LEAD, Role.ADMIN):
        rooms += [f"campaign:{cid}" for cid in campaign_ids]
    if user.role in (Role.LEAD, Role.ADMIN):
        rooms.append("floor")
    if user.role == Role.SALES:
        rooms.append(f"rep:{user.id}")
    return rooms
