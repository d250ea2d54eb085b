"""Lead intake: validate, normalise, classify intent, merge duplicates, honour do-not-call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, or_, select

from console import clock
from console.contract.common import read
from console.contract.leads import FIELDS, LeadIntake
from console.domain.follow_ups import FollowUpReason
from console.domain.handoff import HandoffRule
from console.domain.queue import LeadStatus
from console.domain.regions import resolve_zones
from console.errors import Invalid
from console.models import Campaign, Lead, LeadTouch
from console.services import queue, races
from console.services.dnc import is_listed
from console.services.phones import BadPhone, normalize


@dataclass
class LeadInput:
    """A lead as checked and normalised, ready to store."""

    values: dict[str, Any]
    zones: tuple[str, ...]
    intent: str


@dataclass
class Intake:
    """The result of taking one lead in."""

    lead: Lead
    duplicate: bool
    queued: bool = False
    updated: bool = False  # a duplicate that filled in the lead's blanks or raised it to need


def check(lead: LeadIntake, campaign: Campaign) -> LeadInput:
    """Normalise a lead read through its model: the number through the phone library (a bare
    national number takes the campaign's country) and the zones it rings in; every bad field is
    named with its fix."""
    errors: dict[str, str] = {}
    country = lead.country or None
    phone = None
    try:
        phone = normalize(lead.phone, country or campaign.default_country)
    except BadPhone as problem:
        errors["phone"] = str(problem)
    if phone and country and phone.country != country:
        errors["phone"] = f"{phone.e164} is a {phone.country} number but country says {country}"
    zones = resolve_zones(  # the model holds an explicit zone to the IANA names
        lead.timezone or None,
        country or (phone and phone.country),
        lead.region or None,
        phone.zones if phone else (),
    )
    if phone and not zones:
        errors["timezone"] = "cannot be worked out: give an IANA zone such as America/Chicago"
    if errors:
        raise Invalid("The lead was not accepted.", fields=errors)
    values = {
        **{name: getattr(lead, name) for name in FIELDS},
        **{name: getattr(lead, name) or None for name in ("source", "form", "external_id")},
        "phone": phone.e164,
        "country": country or phone.country,
        "region": lead.region or None,
        "email": lead.email or None,
        "timezone": " ".join(zones),
    }
    return LeadInput(values=values, zones=zones, intent=intent_of(campaign, lead.form, lead.source))


def read_row(row: Mapping[str, str], campaign: Campaign) -> LeadInput:
    """A CSV row as a lead. A row is fixed in a spreadsheet, in one go: when its fields are refused,
    its number is checked too, so the report names every field of the row at once."""
    try:
        lead = read(LeadIntake, row)
    except Invalid as refused:
        fields = dict(refused.fields)
        if "phone" not in fields:
            country = str(row.get("country") or "").strip().upper()
            try:
                normalize(str(row.get("phone") or ""), country or campaign.default_country)
            except BadPhone as problem:
                fields["phone"] = str(problem)
        raise Invalid(refused.message, fields=fields) from None
    return check(lead, campaign)


def intent_of(campaign: Campaign, form: str, source: str) -> str:
    """Need or interest, from the form (then the source) through the campaign's mapping."""
    mapping = campaign.intent_map or {}
    for key in (form, source):
        key = key.strip().lower()
        if key in mapping:
            return mapping[key]
    return mapping.get("*", "interest")


def find_duplicate(session: Session, campaign: Campaign, values: Mapping[str, Any]) -> Lead | None:
    """The lead in this campaign with the same phone or email."""
    match = Lead.phone == values["phone"]
    if values.get("email"):
        match = or_(match, Lead.email == values["email"])
    return session.exec(
        select(Lead).where(Lead.campaign_id == campaign.id, match).order_by(Lead.id)
    ).first()


def admit(
    session: Session,
    campaign: Campaign,
    checked: LeadInput,
    *,
    dnc: bool,
    existing: Lead | None,
    now: datetime,
) -> Intake:
    """Add the lead, or a touch on its duplicate; nothing is committed here."""
    values = checked.values
    touch_payload = {k: v for k, v in values.items() if v}
    if existing is not None:
        updated = _merge(existing, checked, campaign, now)
        session.add(
            LeadTouch(
                lead_id=existing.id,
                source=values["source"],
                form=values["form"],
                received_at=now,
                payload=touch_payload,
            )
        )
        queued = existing.status == LeadStatus.queued
        return Intake(lead=existing, duplicate=True, queued=queued, updated=updated)
    lead = Lead(
        campaign_id=campaign.id,
        intent=checked.intent,
        arrived_at=now,
        created_at=now,
        updated_at=now,
        **values,
    )
    _place(lead, campaign, dnc, now)
    session.add(lead)
    session.flush()
    session.add(
        LeadTouch(
            lead_id=lead.id,
            source=lead.source,
            form=lead.form,
            received_at=now,
            payload=touch_payload,
        )
    )
    return Intake(lead=lead, duplicate=False, queued=lead.status == LeadStatus.queued)


def _place(lead: Lead, campaign: Campaign, dnc: bool, now: datetime) -> None:
    """Queue need leads; interest goes to nurture unless the campaign calls it; DNC never queues."""
    if dnc:
        lead.dnc, lead.status = True, LeadStatus.dnc
    elif lead.intent == "need" or campaign.call_interest:
        lead.status = LeadStatus.queued
    else:
        days = HandoffRule.from_dict(campaign.handoff_rule).interest_follow_up_days
        lead.status, lead.follow_up_at = LeadStatus.nurture, now + timedelta(days=days)
        lead.follow_up_reason = FollowUpReason.interest


def _merge(lead: Lead, checked: LeadInput, campaign: Campaign, now: datetime) -> bool:
    """A new touch fills blanks, and a need form lifts an interest lead into the queue; whether
    the lead gained a detail or its need."""
    filled = [
        name for name, value in checked.values.items() if value and not getattr(lead, name, None)
    ]
    for name in filled:
        setattr(lead, name, checked.values[name])
    lead.touches += 1
    lead.updated_at = now
    lifted = checked.intent == "need" and lead.intent != "need"
    if lifted:
        lead.intent = "need"
        if lead.status == LeadStatus.nurture:
            lead.status, lead.follow_up_at, lead.arrived_at = LeadStatus.queued, None, now
            lead.follow_up_reason = None
    return bool(filled) or lifted


def take_in(
    *,
    session: Session,
    campaign: Campaign,
    lead: LeadIntake,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> Intake:
    """Create one lead (or touch its duplicate), commit, and push a fresh need lead to the floor."""
    now = now or clock.now()
    checked = check(lead, campaign)
    # The database keeps one lead per phone: if the same lead arrived through another request a
    # moment ago, this arrival becomes a touch on that one.
    result = races.once_more_if_beaten(session, lambda: _arrive(session, campaign, checked, now))
    announce(result, campaign, publish, session=session)
    return result


def _arrive(session: Session, campaign: Campaign, checked: LeadInput, now: datetime) -> Intake:
    """Admit the lead (or touch its duplicate) and commit."""
    existing = find_duplicate(session, campaign, checked.values)
    if existing is not None:  # touches on one lead are counted one at a time
        existing = races.hold(session, Lead, existing.id)
    dnc = is_listed(session, checked.values["phone"])
    result = admit(session, campaign, checked, dnc=dnc, existing=existing, now=now)
    session.commit()
    return result


def announce(
    result: Intake, campaign: Campaign, publish: Callable[..., None], *, session: Session
) -> None:
    """Tell the campaign's telecallers about a lead they can call now (speed to lead), and
    which of them Next lead (N) would give it to, so only they are told to press N."""
    if result.queued:
        takers = queue.takers(session=session, lead=result.lead, campaign=campaign)
        publish(
            "lead.arrived",
            {"lead": lead_card(result.lead), "duplicate": result.duplicate, "takers": takers},
            room=f"campaign:{campaign.id}",
        )
        publish("queue.changed", {"campaign": campaign.slug}, room=f"campaign:{campaign.id}")


def lead_card(lead: Lead) -> dict[str, Any]:
    """The lead as the API and live events show it (text only; pages escape it)."""
    return {
        "id": lead.id,
        "campaign_id": lead.campaign_id,
        "name": lead.name,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "company": lead.company,
        "title": lead.title,
        "phone": lead.phone,
        "email": lead.email,
        "country": lead.country,
        "region": lead.region,
        "timezone": lead.timezone,
        "zones": list(lead.zones),
        "source": lead.source,
        "form": lead.form,
        "intent": lead.intent,
        "status": lead.status,
        "dnc": lead.dnc,
        "notes": lead.notes,
        "external_id": lead.external_id,
        "attempts": lead.attempts,
        "touches": lead.touches,
        "arrived_at": lead.arrived_at.isoformat(),
        "next_attempt_at": _iso(lead.next_attempt_at),
        "follow_up_at": _iso(lead.follow_up_at),
        "callback_at": _iso(lead.callback_at),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
