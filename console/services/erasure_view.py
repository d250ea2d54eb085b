"""What the admin's erasure pages show: leads found by id, phone, email or external id, and one
lead named in full before it is erased, with what erasing will touch."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from console.errors import NotFound
from console.ids import as_id
from console.models import Call, Campaign, Lead, Meeting
from console.services.phones import BadPhone, normalize

FOUND_AT_MOST = 50


@dataclass(frozen=True)
class Found:
    """A lead as the search lists it."""

    lead: Lead
    campaign: str


@dataclass(frozen=True)
class Confirmation:
    """A lead named in full, and what erasing it will touch."""

    lead: Lead
    campaign: str
    calls: int
    recordings: int
    meetings: int


def find(*, session: Session, wanted: str) -> list[Found]:
    """Leads whose id, phone (any format), email or external id is `wanted`; none for blank."""
    wanted = (wanted or "").strip()
    if not wanted:
        return []
    matches = [func.lower(Lead.email) == wanted.lower(), Lead.external_id == wanted]
    if number := as_id(wanted):
        matches.append(Lead.id == number)
    with suppress(BadPhone):  # not a number: found by the other fields, if at all
        matches.append(Lead.phone == normalize(wanted, None).e164)
    rows = session.exec(
        select(Lead, Campaign.name)
        .join(Campaign, Campaign.id == Lead.campaign_id)
        .where(or_(*matches))
        .order_by(Lead.id)
        .limit(FOUND_AT_MOST)
    )
    return [Found(lead, campaign) for lead, campaign in rows]


def confirmation(*, session: Session, lead_id: int) -> Confirmation:
    """The lead and counts of what erasing it touches; NotFound for an unknown id."""
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise NotFound(f"There is no lead {lead_id}.")
    campaign = session.get(Campaign, lead.campaign_id)
    calls = session.exec(
        select(func.count(Call.id), func.count(Call.recording_sid)).where(Call.lead_id == lead.id)
    ).one()
    meetings = session.exec(select(func.count(Meeting.id)).where(Meeting.lead_id == lead.id)).one()
    return Confirmation(lead, campaign.name if campaign else "", calls[0], calls[1], meetings)
