"""Leads held by telecallers, as a team lead sees them: who holds what, giving a lead back to the
queue (release), and handing one to another telecaller (reassign)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session, select

from console import clock
from console.domain.queue import LeadStatus
from console.domain.roles import AgentState, Role
from console.errors import Conflict, Forbidden, Invalid, NotFound
from console.models import AuditEntry, Call, CampaignMember, Lead, User
from console.services import races
from console.services.queue import LEASE
from console.services.queue_facts import LIVE_STATUSES, holder_working


def held_leads(*, session: Session, now: datetime | None = None) -> list[tuple[Lead, User]]:
    """Leads a telecaller holds right now, with the holder, the lease that ends first first."""
    now = now or clock.now()
    return list(
        session.exec(
            select(Lead, User)
            .join(User, User.id == Lead.lease_owner_id)
            .where(Lead.lease_expires_at > now, Lead.status == LeadStatus.queued)
            .order_by(Lead.lease_expires_at, Lead.id)
            .limit(200)
        )
    )


def release(*, session: Session, lead_id: int, user: User, publish: Callable[..., None]) -> Lead:
    """Give a claimed lead back to the queue (its claimer, or a team lead); refused while its
    holder's call on it is live or awaits its outcome (work in progress keeps its lead)."""
    lead = races.hold(session, Lead, lead_id)
    if lead is None:
        raise NotFound(f"No lead {lead_id}.")
    if lead.lease_owner_id != user.id and user.role not in (Role.LEAD, Role.ADMIN):
        raise Forbidden("Only the telecaller holding this lead, or a team lead, can release it.")
    if holder_working(session, lead):
        session.rollback()
        raise Conflict(
            f"Lead {lead.id} has a call that is live or waiting for its outcome: release it once "
            "the call has ended and its outcome is saved.",
            code="work_in_progress",
        )
    lead.lease_owner_id = lead.lease_expires_at = None
    session.commit()
    publish("queue.changed", {"campaign_id": lead.campaign_id}, room=f"campaign:{lead.campaign_id}")
    return lead


def reassign(
    *,
    session: Session,
    lead_id: int,
    to_user_id: int,
    by: User,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> Lead:
    """A team lead hands a lead to a telecaller of its campaign, who gets it leased at once.

    Refused for a telecaller who is offline, for a lead that is not waiting in the queue (a
    do-not-call lead never is) and for one on a live call. Audited; the new holder is told live,
    and queue pages refresh.
    """
    now = now or clock.now()
    if by.role not in (Role.LEAD, Role.ADMIN):
        raise Forbidden("Only team leads and admins hand leads over.")
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise NotFound(f"No lead {lead_id}.")
    target = session.get(User, to_user_id)
    works_it = session.get(CampaignMember, (lead.campaign_id, to_user_id)) is not None
    if target is None or target.role != Role.TELECALLER or not target.active or not works_it:
        raise Invalid(
            "The lead was not handed over.",
            fields={"to": "choose an active telecaller who works this lead's campaign"},
        )
    if target.state == AgentState.OFFLINE:
        raise Conflict(
            f"{target.name} is offline, so the lead was not handed over: choose someone who is "
            "on the floor now.",
            code="offline",
        )
    if lead.dnc or lead.status != LeadStatus.queued:
        raise Conflict(
            f"Lead {lead.id} is {lead.status}: only a lead waiting in the queue can be handed on.",
            code="not_queued",
        )
    live = session.exec(
        select(Call.id).where(Call.lead_id == lead.id, Call.status.in_(LIVE_STATUSES))
    ).first()
    if live is not None:
        raise Conflict(
            f"Lead {lead.id} is on a live call (call {live}): hand it over once the call ends.",
            code="call_live",
        )
    before = lead.lease_owner_id
    lead.lease_owner_id, lead.lease_expires_at = target.id, now + LEASE
    session.add(
        AuditEntry(
            actor_id=by.id,
            action="lead.reassign",
            entity="lead",
            entity_id=str(lead.id),
            before={"holder": before},
            after={"holder": target.id},
            at=now,
        )
    )
    session.commit()
    from console.services.intake import lead_card

    publish("lead.assigned", {"lead": lead_card(lead), "by": by.name}, room=f"user:{target.id}")
    publish("queue.changed", {"lead_id": lead.id}, room=f"campaign:{lead.campaign_id}")
    return lead


def hand_over(
    *,
    session: Session,
    lead_id: int,
    to_user_id: int,
    by: User,
    publish: Callable[..., None],
) -> str:
    """reassign(), answered with the sentence that confirms it, naming who has the lead now."""
    lead = reassign(session=session, lead_id=lead_id, to_user_id=to_user_id, by=by, publish=publish)
    receiver = session.get(User, lead.lease_owner_id)
    return f"{lead.name or 'The lead'} is now with {receiver.name}."
