"""The audit trail of a campaign's settings, people and handoff rule: each change, who made it."""

from __future__ import annotations

from sqlmodel import Session, select

from console import clock
from console.models import AuditEntry, Campaign, User


def record(
    session: Session, actor: User, campaign: Campaign, action: str, before: dict, after: dict
) -> AuditEntry:
    """Add an audit entry for a change to the campaign; the caller commits with the change."""
    entry = AuditEntry(
        actor_id=actor.id,
        action=action,
        entity="campaign",
        entity_id=str(campaign.id),
        before=before,
        after=after,
        at=clock.now(),
    )
    session.add(entry)
    return entry


def entries(session: Session, campaign: Campaign, action: str) -> list[tuple[AuditEntry, str]]:
    """The campaign's entries for one kind of change, newest first, with who made each."""
    rows = session.exec(
        select(AuditEntry, User.name)
        .join(User, User.id == AuditEntry.actor_id, isouter=True)
        .where(
            AuditEntry.entity == "campaign",
            AuditEntry.entity_id == str(campaign.id),
            AuditEntry.action == action,
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return [(entry, name or "someone removed") for entry, name in rows]
