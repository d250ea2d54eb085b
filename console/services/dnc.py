"""The internal do-not-call list: honoured at once, and every lead with the number stops."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import false, func, or_, update
from sqlmodel import Session, select

from console import clock
from console.contract.dnc import DncAddition
from console.domain.queue import LeadStatus
from console.errors import Invalid
from console.models import AuditEntry, DncEntry, Lead, User
from console.services import races
from console.services.phones import BadPhone, normalize


@dataclass
class Blocked:
    """The entry for a number, whether this request added it, and how many leads it stopped."""

    entry: DncEntry
    created: bool
    leads_stopped: int


def e164(raw: str, default_country: str | None = None) -> str:
    """The number in E.164, or Invalid naming the phone field and the fix."""
    try:
        return normalize(str(raw or ""), default_country).e164
    except BadPhone as problem:
        raise Invalid(
            "That is not a number we can block.", fields={"phone": str(problem)}
        ) from None


def block(
    session: Session,
    phone: str,
    *,
    reason: str,
    source: str,
    actor_id: int | None,
    now: datetime,
) -> Blocked:
    """Put an E.164 number on the list and stop its leads; the caller commits (same transaction)."""
    # Insert-or-nothing in one statement: ten people blocking one number at once add one entry.
    values = {"phone": phone, "reason": reason[:200], "source": source, "added_by_id": actor_id}
    created = races.insert_new(session, DncEntry, {**values, "created_at": now}, unique=["phone"])
    if created:
        session.add(
            AuditEntry(
                actor_id=actor_id,
                action="dnc.add",
                entity="dnc_entry",
                entity_id=phone,
                after={"phone": phone, "reason": values["reason"], "source": source},
                at=now,
            )
        )
    entry = session.exec(select(DncEntry).where(DncEntry.phone == phone)).one()
    stopped = session.exec(
        update(Lead)
        .where(Lead.phone == phone, or_(Lead.status != LeadStatus.dnc, Lead.dnc == false()))
        .values(
            dnc=True,
            status=LeadStatus.dnc,
            lease_owner_id=None,
            lease_expires_at=None,
            callback_at=None,
            callback_owner_id=None,
            next_attempt_at=None,
            updated_at=now,
        )
    )
    return Blocked(entry, created, stopped.rowcount or 0)


def add(
    *,
    session: Session,
    addition: DncAddition,
    actor: User,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> Blocked:
    """Add a number to the list (idempotent), stop every lead with it, audit who did it."""
    now = now or clock.now()
    number = e164(addition.phone)
    result = block(
        session,
        number,
        reason=addition.reason or "asked not to be called",
        source=addition.source,
        actor_id=actor.id,
        now=now,
    )
    session.commit()
    if result.leads_stopped:
        publish("queue.changed", {"dnc": number}, room="floor")
    return result


def is_listed(session: Session, phone: str) -> bool:
    """Whether a number (in E.164) is on the list: the one check intake and dialling make."""
    return session.exec(select(DncEntry.id).where(DncEntry.phone == phone)).first() is not None


def lookup(*, session: Session, phone: str) -> dict:
    """Whether a number is blocked, since when and why, and how many leads carry it."""
    number = e164(phone)
    entry = session.exec(select(DncEntry).where(DncEntry.phone == number)).first()
    leads = session.exec(select(func.count()).select_from(Lead).where(Lead.phone == number)).one()
    return {"phone": number, "dnc": entry is not None, "entry": card(entry), "leads": leads}


def recent(*, session: Session, limit: int = 200) -> list[DncEntry]:
    """The newest entries first, for the admin page."""
    query = select(DncEntry).order_by(DncEntry.created_at.desc(), DncEntry.id.desc()).limit(limit)
    return list(session.exec(query))


def card(entry: DncEntry | None) -> dict | None:
    """An entry as the API shows it."""
    if entry is None:
        return None
    return {
        "phone": entry.phone,
        "reason": entry.reason,
        "source": entry.source,
        "added_by_id": entry.added_by_id,
        "created_at": entry.created_at.isoformat(),
    }
