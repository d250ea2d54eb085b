"""What the queue's rule is asked with: a campaign's policy, a lead as a candidate (with its
recent dials where Florida's limit needs them), and the time zones callable this minute, which
every queue statement takes as parameters (see console.services.queue_sql)."""

from __future__ import annotations

import math
import threading
from datetime import datetime, timedelta
from functools import lru_cache
from time import monotonic

from sqlalchemy import func, or_, text
from sqlmodel import Session, select

from console.domain.calls import LIVE
from console.domain.compliance import FLORIDA_ROLLING_PERIOD, CallingWindow, callable_zone_set
from console.domain.queue import Candidate, QueuePolicy
from console.models import Call, Campaign, Lead
from console.services import queue_sql

LIVE_STATUSES = sorted(status.value for status in LIVE)


def policy_of(campaign: Campaign) -> QueuePolicy:
    """The campaign's queue settings as the domain's policy."""
    return QueuePolicy(
        window=CallingWindow.from_stored(campaign.calling_window),
        speed_to_lead=timedelta(minutes=campaign.speed_to_lead_minutes),
        callback_grace=timedelta(minutes=campaign.callback_grace_minutes),
        call_interest=campaign.call_interest,
        follow_ups_first=campaign.follow_ups_first,
    )


def recent_dials(session: Session, lead: Lead, now: datetime) -> list[datetime]:
    """When the lead's phone was dialled in the last 24 hours, as Florida's limit counts them
    (a try that never reached the lead's line is not a call to the lead)."""
    rows = session.exec(
        select(Call.started_at).where(
            Call.lead_id == lead.id,
            Call.started_at > now - FLORIDA_ROLLING_PERIOD,
            or_(Call.lead_call_sid.is_not(None), Call.status.in_(LIVE_STATUSES)),
        )
    )
    return list(rows)


def candidate_of(
    lead: Lead,
    recent_calls: tuple[datetime, ...] = (),
    dnc: bool = False,
    holder_working: bool = False,
) -> Candidate:
    """A lead as the domain's queue sees it (with its recent dials where Florida's limit needs
    them; `dnc` when its number is on the do-not-call list though the lead is not yet marked;
    `holder_working` when its lease holder's call on it is live or awaits its outcome)."""
    return Candidate(
        id=lead.id,
        intent=lead.intent,
        arrived_at=lead.arrived_at,
        attempts=lead.attempts,
        next_attempt_at=lead.next_attempt_at,
        callback_at=lead.callback_at,
        callback_owner_id=lead.callback_owner_id,
        priority=lead.priority,
        zones=lead.zones,
        country=lead.country,
        region=lead.region,
        dnc=lead.dnc or dnc,
        status=lead.status,
        lease_owner_id=lead.lease_owner_id,
        lease_expires_at=lead.lease_expires_at,
        recent_calls=recent_calls,
        holder_working=holder_working,
        follow_up_at=lead.follow_up_at,
    )


def holder_working(session: Session, lead: Lead) -> bool:
    """Whether the lead's lease holder has a call on it that is live or awaits its outcome
    (the condition queue_sql.HOLDER_WORKING puts to each lead in the queue's statements)."""
    if lead.lease_owner_id is None:
        return False
    found = session.execute(
        text(f"SELECT 1 FROM lead WHERE lead.id = :lead AND {queue_sql.HOLDER_WORKING}"),
        {"lead": lead.id},
    )
    return found.first() is not None


class _ZonesInUse:
    """Distinct zone strings per campaign, cached per process.

    A full look is a skip scan over (campaign_id, timezone): one index probe per zone, so a cold
    process pays about a millisecond, once, under the lock. Between full looks, which come every
    minute, only leads newer than the last look are read (the caller passes the newest lead id,
    read in the claim's first round trip); the minute bounds how long a lead whose insert committed
    out of id order can hide a new zone. A lead's zone is set when it arrives and never changes.
    """

    FULL_LOOK_EVERY = 60.0  # seconds

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, int], tuple[int, float, frozenset[str]]] = {}

    def get(self, session: Session, campaign_id: int, newest: int) -> frozenset[str]:
        key = (str(session.get_bind().engine.url), campaign_id)  # bound to an engine or connection
        with self._lock:
            last, looked_at, zones = self._seen.get(key, (-1, -math.inf, frozenset()))
            stale = monotonic() - looked_at >= self.FULL_LOOK_EVERY
            if newest == last and not stale:
                return zones
            if stale or newest < last:
                found = session.execute(queue_sql.ZONES, {"campaign": campaign_id}).scalars()
                zones, looked_at = frozenset(found), monotonic()
            else:
                added = session.exec(
                    select(Lead.timezone)
                    .where(Lead.id > last, Lead.id <= newest, Lead.campaign_id == campaign_id)
                    .distinct()
                )
                zones = zones | frozenset(added)
            self._seen[key] = (newest, looked_at, zones)
            return zones


zones_in_use = _ZonesInUse()


def newest_lead(session: Session) -> int:
    """The newest lead's id (0 before any): how far the zone cache has looked."""
    return session.exec(select(func.max(Lead.id))).one() or 0


@lru_cache(maxsize=1024)
def _callable_zones(
    zones: frozenset[str], window: CallingWindow, minute: datetime
) -> tuple[list[str], list[str]]:
    """The zone strings callable in this minute: for most leads, and for Florida's.

    Every calling-hours edge falls on a whole minute, so one answer serves the whole minute.
    """
    general = callable_zone_set(zones, None, None, minute, window)
    florida = callable_zone_set(zones, "US", "FL", minute, window)
    return sorted(general), sorted(florida)


def parameters(
    session: Session,
    campaign: Campaign,
    policy: QueuePolicy,
    agent_id: int,
    now: datetime,
    newest: int,
) -> dict:
    """The named parameters every queue statement takes (see console.services.queue_sql)."""
    zones = zones_in_use.get(session, campaign.id, newest)
    general, florida = _callable_zones(zones, policy.window, now.replace(second=0, microsecond=0))
    return {
        "campaign": campaign.id,
        "agent": agent_id,
        "now": now,
        "hot_since": now - policy.speed_to_lead,
        "grace_since": now - policy.callback_grace,
        "general": general,
        "florida": florida,
        "zones": sorted({*general, *florida}),
    }
