"""The work queue: claim the next lead atomically under a lease, release it, explain an empty queue.

The pure policy in console.domain.queue decides; SQL only finds candidates fast. One statement per
campaign asks the buckets in order, each an indexed LIMIT 1 (FOR UPDATE SKIP LOCKED on PostgreSQL),
and leases the lead it finds; the domain checks that lead again before the commit, so the two can
never disagree about who may be called. The statements live in console.services.queue_sql.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from time import monotonic

from sqlalchemy import bindparam, func, or_
from sqlmodel import Session, select

from console import clock
from console.domain.calls import LIVE
from console.domain.compliance import (
    FLORIDA_ROLLING_PERIOD,
    CallingWindow,
    callable_zone_set,
    is_florida,
)
from console.domain.queue import (
    Blocker,
    Bucket,
    Candidate,
    LeadStatus,
    QueuePolicy,
    bucket_of,
    explain,
    why_not,
)
from console.domain.roles import Role
from console.errors import Conflict, Forbidden, Invalid, NotFound
from console.models import (
    AuditEntry,
    Call,
    Campaign,
    CampaignMember,
    Lead,
    Outcome,
    User,
)
from console.models.types import UTCDateTime
from console.services import queue_sql, races
from console.services.campaigns import not_on_campaign

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
LIVE_STATUSES = sorted(status.value for status in LIVE)
NOTES_LIMIT = 4000  # the lead's notes column


@dataclass
class Claim:
    """A lead leased to a telecaller, with its bucket and the reason it is next."""

    lead: Lead | None
    bucket: str | None = None
    reason: str = ""
    lease_expires_at: datetime | None = None
    why: dict[str, int] | None = None


def policy_of(campaign: Campaign) -> QueuePolicy:
    """The campaign's queue settings as the domain's policy."""
    return QueuePolicy(
        window=CallingWindow.from_stored(campaign.calling_window),
        speed_to_lead=timedelta(minutes=campaign.speed_to_lead_minutes),
        callback_grace=timedelta(minutes=campaign.callback_grace_minutes),
        call_interest=campaign.call_interest,
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


def candidate_of(lead: Lead, recent_calls: tuple[datetime, ...] = ()) -> Candidate:
    """A lead as the domain's queue sees it (with its recent dials where Florida's limit needs
    them)."""
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
        dnc=lead.dnc,
        status=lead.status,
        lease_owner_id=lead.lease_owner_id,
        lease_expires_at=lead.lease_expires_at,
        recent_calls=recent_calls,
    )


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


def _newest_lead(session: Session) -> int:
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


def _parameters(
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


def _preflight_statement(postgres: bool):  # noqa: ANN202
    """The agent's campaigns, each row carrying what a claim must know first: a call still
    waiting for its outcome, a lead already held, and the newest lead id (for the zone cache)."""
    agent, now = bindparam("agent"), bindparam("now", type_=UTCDateTime())
    pending = select(Call.id).where(
        Call.agent_id == agent,
        Call.ended_at.is_not(None),
        ~select(Outcome.id).where(Outcome.call_id == Call.id).exists(),
    )
    held = select(Lead.id).where(
        Lead.lease_owner_id == agent, Lead.lease_expires_at > now, Lead.status == LeadStatus.queued
    )
    columns = [
        pending.limit(1).scalar_subquery(),
        held.limit(1).scalar_subquery(),
        select(func.max(Lead.id)).scalar_subquery(),
    ]
    if postgres:
        # A lease is ephemeral (it expires by itself), so its commit need not wait for the disk.
        columns.append(func.set_config("synchronous_commit", "off", True))
    return (
        select(Campaign, *columns)
        .join(CampaignMember, CampaignMember.campaign_id == Campaign.id)
        .where(CampaignMember.user_id == agent, Campaign.active)
        .order_by(Campaign.id)
    )


_PREFLIGHT = {postgres: _preflight_statement(postgres) for postgres in (False, True)}


def _campaigns_for(session: Session, agent: User, slug: str | None) -> list[Campaign]:
    query = (
        select(Campaign)
        .join(CampaignMember, CampaignMember.campaign_id == Campaign.id)
        .where(CampaignMember.user_id == agent.id, Campaign.active)
    )
    return _chosen(list(session.exec(query.order_by(Campaign.id))), slug)


def _chosen(campaigns: list[Campaign], slug: str | None) -> list[Campaign]:
    if slug is None:
        return campaigns
    chosen = [c for c in campaigns if c.slug == slug]
    if not chosen:
        raise not_on_campaign(slug)
    return chosen


def held_lead(*, session: Session, agent: User, now: datetime | None = None) -> Lead | None:
    """A lead this telecaller already holds (the page reloaded, or a second tab asked)."""
    now = now or clock.now()
    return session.exec(
        select(Lead).where(
            Lead.lease_owner_id == agent.id,
            Lead.lease_expires_at > now,
            Lead.status == LeadStatus.queued,
        )
    ).first()


def _pending_wrap_up(session: Session, agent: User) -> int | None:
    """A finished call of this telecaller that still has no outcome."""
    return session.exec(
        select(Call.id).where(
            Call.agent_id == agent.id,
            Call.ended_at.is_not(None),
            ~select(Outcome.id).where(Outcome.call_id == Call.id).exists(),
        )
    ).first()


def claim_next(
    *,
    session: Session,
    agent: User,
    publish: Callable[..., None],
    campaign_slug: str | None = None,
    now: datetime | None = None,
) -> Claim:
    """Lease the next lead to this telecaller, or say why there is none.

    Four round trips when a lead is found: the telecaller's lock, the preflight, one claim
    statement, the commit.
    """
    now = now or clock.now()
    if agent.role != Role.TELECALLER:
        raise Forbidden("Only telecallers take leads from the queue.")
    postgres = session.get_bind().dialect.name == "postgresql"
    # One claim per telecaller at a time, or two tabs (or a double press) would each lease a lead.
    races.hold(session, User, agent.id)
    rows = session.execute(_PREFLIGHT[postgres], {"agent": agent.id, "now": now}).all()
    if rows:
        pending, held_id, newest = rows[0][1:4]
        newest = newest or 0  # no leads at all yet
    else:  # on no campaign: the same facts, asked one by one
        pending, held_id, newest = _pending_wrap_up(session, agent), None, 0
        held = held_lead(session=session, agent=agent, now=now)
        held_id = held.id if held else None
    if pending is not None:
        raise Conflict(
            f"Record the outcome of your last call (call {pending}) before the next lead.",
            code="wrap_up_pending",
        )
    if held_id is not None:
        held = session.get(Lead, held_id)
        return Claim(
            lead=held,
            bucket="held",
            reason="You already hold this lead: finish it or release it.",
            lease_expires_at=held.lease_expires_at,
        )
    campaigns = _chosen([row[0] for row in rows], campaign_slug)
    plans = [
        (campaign, policy, _parameters(session, campaign, policy, agent.id, now, newest))
        for campaign, policy in ((c, policy_of(c)) for c in campaigns)
    ]
    for campaign, policy, parameters in plans:
        claim = _claim_in(session, policy, parameters, agent, now, postgres)
        if claim is not None:
            publish("queue.changed", {"campaign": campaign.slug}, room=f"campaign:{campaign.id}")
            return claim
    why = empty_reasons(session=session, campaigns=campaigns, agent=agent, now=now)
    return Claim(lead=None, why=why, reason=_empty_sentence(why, campaigns))


def _claim_in(
    session: Session,
    policy: QueuePolicy,
    parameters: dict,
    agent: User,
    now: datetime,
    postgres: bool,
) -> Claim | None:
    """One statement picks and leases the lead; then the domain checks the pick."""
    parameters = {**parameters, "expires": now + LEASE, "refused": []}
    statement = select(Lead).from_statement(
        queue_sql.claim_statement(postgres, policy.call_interest)
    )
    while True:
        lead = session.scalars(
            statement, parameters, execution_options={"populate_existing": True}
        ).first()
        if lead is None:
            return None
        florida = is_florida(lead.country, lead.region)
        candidate = candidate_of(lead, tuple(recent_dials(session, lead, now)) if florida else ())
        blocker = why_not(candidate, agent.id, now, policy)
        if blocker is None:
            break
        # Never serve a lead the policy refuses: skip it and go on. Only Florida's call count is
        # the policy's alone; anything else means the SQL and the policy disagree.
        if blocker is not Blocker.florida_limit:
            log.error("queue SQL offered lead %s that the policy refuses (%s)", lead.id, blocker)
        session.rollback()
        races.hold(session, User, agent.id)  # the rollback ended this claim's turn: take it again
        parameters["refused"] = [*parameters["refused"], lead.id]
    session.commit()
    bucket = bucket_of(candidate, agent.id, now, policy)
    reason = explain(candidate, bucket, now, policy)
    return Claim(lead=lead, bucket=bucket.value, reason=reason, lease_expires_at=now + LEASE)


def empty_reasons(
    *, session: Session, campaigns: list[Campaign], agent: User, now: datetime
) -> dict[str, int]:
    """Why no lead can be called: counts by blocker across the telecaller's campaigns."""
    totals: dict[str, int] = {}
    newest = _newest_lead(session)
    for campaign in campaigns:
        policy = policy_of(campaign)
        parameters = _parameters(session, campaign, policy, agent.id, now, newest)
        parameters.update(day_ago=now - FLORIDA_ROLLING_PERIOD, live=LIVE_STATUSES)
        statement = queue_sql.blocker_statement(policy.call_interest)
        for name, count in session.execute(statement, parameters):
            if name not in ("not_queued", "callable"):
                totals[name] = totals.get(name, 0) + count
    session.rollback()
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


PHRASES = {
    "outside_calling_hours": "outside calling hours in the lead's time zone",
    "awaiting_retry": "waiting for their next attempt",
    "claimed": "held by another telecaller",
    "callback_not_due": "callbacks not due yet",
    "interest_only": "interest only (left to nurture)",
    "dnc": "on the do-not-call list",
    "florida_limit": "at Florida's limit of 3 calls in 24 hours",
}


def _empty_sentence(why: dict[str, int], campaigns: list[Campaign]) -> str:
    if not campaigns:
        return "You are not on any campaign yet: ask your team lead to add you."
    if not why:
        return "The queue is empty: no leads are waiting. New leads appear here as they arrive."
    parts = [f"{count} {PHRASES.get(name, name)}" for name, count in why.items()]
    return "No lead can be called right now: " + "; ".join(parts) + "."


def release(*, session: Session, lead_id: int, user: User, publish: Callable[..., None]) -> Lead:
    """Give a claimed lead back to the queue (its claimer, or a team lead)."""
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise NotFound(f"No lead {lead_id}.")
    if lead.lease_owner_id != user.id and user.role not in (Role.LEAD, Role.ADMIN):
        raise Forbidden("Only the telecaller holding this lead, or a team lead, can release it.")
    lead.lease_owner_id = lead.lease_expires_at = None
    session.commit()
    publish("queue.changed", {"campaign_id": lead.campaign_id}, room=f"campaign:{lead.campaign_id}")
    return lead


def drop_unplaced_calls(*, session: Session, lead: Lead, keep_agent_id: int) -> None:
    """Calls others prepared on this lead but never dialled go (nobody was called), when the lead
    has passed to keep_agent_id: released, or their lease ran out.

    Notes typed in one move to the lead's notes first, so the next telecaller reads them (clipped
    only if the lead's notes would outgrow their 4,000 characters). The caller commits.
    """
    has_outcome = select(Outcome.id).where(Outcome.call_id == Call.id).exists()
    unplaced = session.exec(
        select(Call, User.name)
        .join(User, User.id == Call.agent_id)
        .where(
            Call.lead_id == lead.id,
            Call.status == "preparing",
            Call.agent_id != keep_agent_id,
            ~has_outcome,
        )
        .order_by(Call.id)
    ).all()
    for call, name in unplaced:
        notes = str((call.draft or {}).get("notes") or "").strip()
        if notes:
            joined = "\n".join(filter(None, [lead.notes, f"{name} (not dialled): {notes}"]))
            lead.notes = joined if len(joined) <= NOTES_LIMIT else joined[: NOTES_LIMIT - 1] + "…"
        session.delete(call)


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

    Refused for a lead that is not waiting in the queue (a do-not-call lead never is) and for one
    on a live call. Audited; the new holder is told live, and queue pages refresh.
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


def renew(*, session: Session, lead: Lead, agent_id: int, now: datetime | None = None) -> None:
    """Extend the lease while the telecaller is working the lead (a live call, an autosave)."""
    now = now or clock.now()
    if lead.lease_owner_id == agent_id:
        lead.lease_expires_at = now + LEASE


def bucket_counts(*, session: Session, agent: User, now: datetime | None = None) -> dict[str, int]:
    """How many callable leads wait in each bucket for this telecaller, live on the queue page."""
    now = now or clock.now()
    counts = {bucket.value: 0 for bucket in Bucket}
    newest = _newest_lead(session)
    for campaign in _campaigns_for(session, agent, None):
        policy = policy_of(campaign)
        parameters = _parameters(session, campaign, policy, agent.id, now, newest)
        row = session.execute(queue_sql.count_statement(policy.call_interest), parameters).one()
        for (bucket, _condition, _order), count in zip(queue_sql.BUCKETS, row, strict=True):
            counts[bucket.value] += count
    return counts
