"""The floor's waiting fresh need leads: never dialled yet, each with its speed-to-lead clock."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from console import clock
from console.domain.queue import LeadStatus
from console.domain.reminders import SPEED_ALERT_FOR
from console.domain.speed import shown_from, speed_clock
from console.models import Campaign, Lead, User
from console.services.queue_facts import policy_of

SHOWN = 25  # the floor lists this many, most at risk first, and counts the rest


def waiting(*, session: Session, now: datetime | None = None) -> dict:
    """Fresh need leads no one has dialled yet, oldest first, with the instants their clocks
    turn amber and red against their campaign's speed-to-lead window."""
    now = now or clock.now()
    found = []
    for campaign in session.exec(select(Campaign).where(Campaign.active)):
        window = policy_of(campaign).speed_to_lead
        leads = session.exec(
            select(Lead, User.name)
            .outerjoin(User, User.id == Lead.lease_owner_id)
            .where(
                Lead.campaign_id == campaign.id,
                Lead.status == LeadStatus.queued.value,
                Lead.intent == "need",
                Lead.attempts == 0,
                Lead.callback_at.is_(None),
                Lead.follow_up_at.is_(None),
                ~Lead.dnc,
                Lead.arrived_at > shown_from(now, window, SPEED_ALERT_FOR),
                Lead.arrived_at <= now,
            )
        )
        found += [_row(lead, holder, campaign, speed_clock(lead.arrived_at, window), now)
                  for lead, holder in leads]  # fmt: skip
    found.sort(key=lambda row: (row["arrived_at"], row["id"]))
    return {"leads": found[:SHOWN], "more": max(0, len(found) - SHOWN)}


def _row(lead: Lead, holder: str | None, campaign: Campaign, clock_, now: datetime) -> dict:
    held = holder if lead.lease_expires_at and lead.lease_expires_at > now else None
    return {
        "id": lead.id,
        "name": lead.name,
        "company": lead.company,
        "campaign": campaign.name,
        "held_by": held,
        "arrived_at": clock_.arrived_at.isoformat(),
        "amber_at": clock_.amber_at.isoformat(),
        "red_at": clock_.red_at.isoformat(),
        "colour": clock_.colour(now).value,
    }
