"""A lead's record as people read it: card, local time, touches, attempts, outcomes, meetings."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from console import clock
from console.domain.roles import Role
from console.errors import NotFound
from console.models import Call, CampaignMember, Lead, LeadTouch, Meeting, Outcome, User
from console.services import follow_ups
from console.services.intake import lead_card


def local_time(lead: Lead, now: datetime | None = None) -> dict:
    """The lead's local time and zone, derived (never stored)."""
    now = now or clock.now()
    if not lead.zones:
        return {"time": None, "zone": None, "label": "unknown time zone"}
    here = now.astimezone(ZoneInfo(lead.zones[0]))
    label = f"{here:%H:%M} {here.tzname()} ({lead.zones[0]})"
    if len(lead.zones) > 1:
        label += f" and {len(lead.zones) - 1} more zones"
    return {"time": here.isoformat(), "zone": lead.zones[0], "label": label}


def may_see(session: Session, lead: Lead, viewer: User) -> bool:
    """Team leads and admins see every lead; telecallers their campaigns'; sales their meetings'."""
    if viewer.role in (Role.LEAD, Role.ADMIN):
        return True
    if viewer.role == Role.SALES:
        query = select(Meeting.id).where(
            Meeting.lead_id == lead.id, Meeting.sales_rep_id == viewer.id
        )
        return session.exec(query).first() is not None
    member = select(CampaignMember).where(
        CampaignMember.campaign_id == lead.campaign_id, CampaignMember.user_id == viewer.id
    )
    return session.exec(member).first() is not None


def attempts(session: Session, lead: Lead) -> list[dict]:
    """Every call made to the lead, newest first, with who called and how it ended."""
    rows = session.exec(
        select(Call, User.name, Outcome.disposition)
        .join(User, User.id == Call.agent_id)
        .join(Outcome, Outcome.call_id == Call.id, isouter=True)
        .where(Call.lead_id == lead.id)
        .order_by(Call.started_at.desc())
    )
    return [
        {
            "call_id": call.id,
            "at": call.started_at.isoformat(),
            "by": name,
            "status": call.status,
            "duration_seconds": call.duration_seconds,
            "disposition": disposition,
        }
        for call, name, disposition in rows
    ]


def preview(*, session: Session, lead: Lead, viewer: User | None = None) -> dict:
    """What a telecaller sees before dialling; a lead back from nurture says why it left and
    what changed (days counted in the viewer's zone)."""
    zone = viewer.timezone if viewer is not None else None
    touches = session.exec(
        select(LeadTouch).where(LeadTouch.lead_id == lead.id).order_by(LeadTouch.received_at)
    )
    return {
        **lead_card(lead),
        "local_time": local_time(lead),
        "history": attempts(session, lead),
        "touch_history": [
            {"at": t.received_at.isoformat(), "source": t.source, "form": t.form} for t in touches
        ],
        "came_back": follow_ups.came_back_sentence(session=session, lead=lead, zone=zone),
    }


def record(*, session: Session, lead_id: int, viewer: User) -> dict:
    """The whole record of a lead, for anyone allowed to see it."""
    lead = session.get(Lead, lead_id)
    if lead is None or not may_see(session, lead, viewer):
        raise NotFound(f"No lead {lead_id} that you can see.")
    outcomes = session.exec(
        select(Outcome).where(Outcome.lead_id == lead.id).order_by(Outcome.created_at)
    )
    meetings = session.exec(
        select(Meeting).where(Meeting.lead_id == lead.id).order_by(Meeting.created_at)
    )
    return {
        **preview(session=session, lead=lead, viewer=viewer),
        "outcomes": [
            {
                "id": o.id,
                "call_id": o.call_id,
                "disposition": o.disposition,
                "decision": o.decision,
                "reasons": o.reasons,
                "scores": o.scores,
                "at": o.created_at.isoformat(),
            }
            for o in outcomes
        ],
        "meetings": [
            {
                "id": m.id,
                "starts_at": m.starts_at.isoformat(),
                "status": m.status,
                "sales_rep_id": m.sales_rep_id,
            }
            for m in meetings
        ],
    }
