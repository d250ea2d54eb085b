"""What the admin's erasure pages show: leads found by id, phone, email or external id, and one
lead named in full before it is erased, with what erasing will touch."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from console.domain.calendar import wall_time_dated
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
    erased_on: str | None = None  # when it was erased, in the viewer's zone


@dataclass(frozen=True)
class Confirmation:
    """A lead named in full, and what erasing it will touch."""

    lead: Lead
    campaign: str
    calls: int
    recordings: int
    meetings: int
    erased_on: str | None = None  # when it was erased, in the viewer's zone


def find(*, session: Session, wanted: str, zone: str = "UTC") -> list[Found]:
    """Leads whose id, phone (any format), email or external id is `wanted`; none for blank.
    When each was erased reads in `zone` (the viewer's)."""
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
    return [Found(lead, campaign, _erased_on(lead, zone)) for lead, campaign in rows]


def confirmation(*, session: Session, lead_id: int, zone: str = "UTC") -> Confirmation:
    """The lead and counts of what erasing it touches (when it was erased, in `zone`);
    NotFound for an unknown id."""
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise NotFound(f"There is no lead {lead_id}.")
    campaign = session.get(Campaign, lead.campaign_id)
    calls = session.exec(
        select(func.count(Call.id), func.count(Call.recording_sid)).where(Call.lead_id == lead.id)
    ).one()
    meetings = session.exec(select(func.count(Meeting.id)).where(Meeting.lead_id == lead.id)).one()
    name = campaign.name if campaign else ""
    return Confirmation(lead, name, calls[0], calls[1], meetings, _erased_on(lead, zone))


def _erased_on(lead: Lead, zone: str) -> str | None:
    return wall_time_dated(lead.erased_at, zone) if lead.erased_at else None
