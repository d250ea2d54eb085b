"""The work queue: claim the next lead atomically under a lease, release it, explain an empty queue.

The pure policy in console.domain.queue decides; SQL only finds candidates fast. Each bucket is one
indexed query (LIMIT 1, FOR UPDATE SKIP LOCKED on PostgreSQL), and the row it finds is checked by
the domain again before the lease is written, so the two can never disagree about who may be called.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import and_, case, false, func, not_, or_, text, update
from sqlmodel import Session, select

from console.domain.compliance import CallingWindow, is_callable
from console.domain.queue import Bucket, Candidate, LeadStatus, QueuePolicy, explain, why_not
from console.domain.roles import Role
from console.models import Call, Campaign, CampaignMember, Lead, User, utcnow
from console.services.errors import Conflict, Forbidden, NotFound

LEASE = timedelta(minutes=10)


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
    window = campaign.calling_window or {}
    return QueuePolicy(
        window=CallingWindow(
            start=time.fromisoformat(window.get("start", "09:00")),
            end=time.fromisoformat(window.get("end", "20:00")),
            days=frozenset(window.get("days", range(5))),
        ),
        speed_to_lead=timedelta(minutes=campaign.speed_to_lead_minutes),
        callback_grace=timedelta(minutes=campaign.callback_grace_minutes),
        call_interest=campaign.call_interest,
    )


def candidate_of(lead: Lead) -> Candidate:
    """A lead as the domain's queue sees it."""
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
    )


class _ZonesInUse:
    """Distinct zone strings per campaign, topped up from leads added since the last look.

    Reading max(id) is one index probe, and only newer rows are scanned, so the set is never
    stale and never costs a full scan after the first call.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, int], tuple[int, frozenset[str]]] = {}

    def get(self, session: Session, campaign_id: int) -> frozenset[str]:
        key = (str(session.get_bind().url), campaign_id)
        newest = session.exec(select(func.max(Lead.id))).one() or 0
        with self._lock:
            last, zones = self._seen.get(key, (0, frozenset()))
        if newest < last:  # the table was emptied and refilled: start over
            last, zones = 0, frozenset()
        if newest > last:
            added = session.exec(
                select(Lead.timezone)
                .where(Lead.id > last, Lead.campaign_id == campaign_id)
                .distinct()
            )
            zones = zones | frozenset(added)
            with self._lock:
                self._seen[key] = (newest, zones)
        return zones


zones_in_use = _ZonesInUse()


def _callable_clause(session: Session, campaign: Campaign, policy: QueuePolicy, now: datetime):  # noqa: ANN202
    """SQL: the lead's zones are all inside the window now (Florida's hours for Florida)."""
    zones = zones_in_use.get(session, campaign.id)
    general = [z for z in zones if is_callable(tuple(z.split()), None, None, now, policy.window)]
    florida = [z for z in zones if is_callable(tuple(z.split()), "US", "FL", now, policy.window)]
    # coalesce: a lead with no country or region is simply not in Florida (not NULL, not unknown)
    in_florida = and_(
        func.coalesce(Lead.country, "") == "US", func.coalesce(Lead.region, "") == "FL"
    )
    return or_(
        and_(in_florida, Lead.timezone.in_(florida)),
        and_(not_(in_florida), Lead.timezone.in_(general)),
    )


def _workable(campaign: Campaign, policy: QueuePolicy, agent_id: int, now: datetime, zones_ok):  # noqa: ANN001, ANN202
    clauses = [
        Lead.campaign_id == campaign.id,
        Lead.status == LeadStatus.queued,
        Lead.dnc == false(),
        or_(
            Lead.lease_owner_id.is_(None),
            Lead.lease_expires_at <= now,
            Lead.lease_owner_id == agent_id,
        ),
        zones_ok,
    ]
    if not policy.call_interest:
        clauses.append(Lead.intent == "need")
    return and_(*clauses)


def _bucket_queries(policy: QueuePolicy, agent_id: int, now: datetime):  # noqa: ANN202
    """(bucket, extra where, order) in the policy's order."""
    fresh = and_(
        Lead.callback_at.is_(None),
        Lead.attempts == 0,
        Lead.intent == "need",
        or_(Lead.next_attempt_at.is_(None), Lead.next_attempt_at <= now),
    )
    hot_since = now - policy.speed_to_lead
    not_fresh = not_(and_(Lead.attempts == 0, Lead.intent == "need"))
    return [
        (
            Bucket.personal_callback,
            and_(Lead.callback_owner_id == agent_id, Lead.callback_at <= now),
            [Lead.callback_at],
        ),
        (Bucket.fresh_need, and_(fresh, Lead.arrived_at > hot_since), [Lead.arrived_at]),
        (Bucket.fresh_need, and_(fresh, Lead.arrived_at <= hot_since), [Lead.arrived_at.desc()]),
        (
            Bucket.shared_callback,
            and_(
                Lead.callback_at <= now,
                or_(
                    Lead.callback_owner_id.is_(None), Lead.callback_at < now - policy.callback_grace
                ),
            ),
            [Lead.callback_at],
        ),
        (
            Bucket.retry,
            and_(Lead.callback_at.is_(None), Lead.next_attempt_at <= now, not_fresh),
            [Lead.next_attempt_at],
        ),
        (
            Bucket.backlog,
            and_(Lead.callback_at.is_(None), Lead.next_attempt_at.is_(None), not_fresh),
            [Lead.priority.desc(), Lead.arrived_at],
        ),
    ]


def _campaigns_for(session: Session, agent: User, slug: str | None) -> list[Campaign]:
    query = (
        select(Campaign)
        .join(CampaignMember, CampaignMember.campaign_id == Campaign.id)
        .where(CampaignMember.user_id == agent.id, Campaign.active)
    )
    campaigns = list(session.exec(query.order_by(Campaign.id)))
    if slug is None:
        return campaigns
    chosen = [c for c in campaigns if c.slug == slug]
    if not chosen:
        raise NotFound(f"You are not on a campaign called {slug!r}: ask your team lead to add you.")
    return chosen


def held_lead(*, session: Session, agent: User, now: datetime | None = None) -> Lead | None:
    """A lead this telecaller already holds (the page reloaded, or a second tab asked)."""
    now = now or utcnow()
    return session.exec(
        select(Lead).where(
            Lead.lease_owner_id == agent.id,
            Lead.lease_expires_at > now,
            Lead.status == LeadStatus.queued,
        )
    ).first()


def _pending_wrap_up(session: Session, agent: User) -> Call | None:
    """A finished call of this telecaller that still has no outcome."""
    from console.models import Outcome

    return session.exec(
        select(Call).where(
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
    """Lease the next lead to this telecaller, or say why there is none."""
    now = now or utcnow()
    if agent.role != Role.TELECALLER:
        raise Forbidden("Only telecallers take leads from the queue.")
    pending = _pending_wrap_up(session, agent)
    if pending is not None:
        raise Conflict(
            f"Record the outcome of your last call (call {pending.id}) before the next lead.",
            code="wrap_up_pending",
        )
    held = held_lead(session=session, agent=agent, now=now)
    if held is not None:
        return Claim(
            lead=held,
            bucket="held",
            reason="You already hold this lead: finish it or release it.",
            lease_expires_at=held.lease_expires_at,
        )
    campaigns = _campaigns_for(session, agent, campaign_slug)
    for campaign in campaigns:
        claim = _claim_in(session, campaign, agent, now)
        if claim is not None:
            publish("queue.changed", {"campaign": campaign.slug}, room=f"campaign:{campaign.id}")
            return claim
    why = empty_reasons(session=session, campaigns=campaigns, agent=agent, now=now)
    return Claim(lead=None, why=why, reason=_empty_sentence(why, campaigns))


def _claim_in(session: Session, campaign: Campaign, agent: User, now: datetime) -> Claim | None:
    """One statement per bucket picks and leases the lead (a skip-locked subquery on PostgreSQL;
    SQLite runs the whole statement under its write lock), then the domain checks the pick."""
    policy = policy_of(campaign)
    zones_ok = _callable_clause(session, campaign, policy, now)
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        # A lease is ephemeral (it expires by itself), so its commit need not wait for the disk.
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    else:
        session.commit()  # SQLite: the claim must start a fresh transaction to take the write lock
    workable = _workable(campaign, policy, agent.id, now, zones_ok)
    lease_free = or_(
        Lead.lease_owner_id.is_(None), Lead.lease_expires_at <= now, Lead.lease_owner_id == agent.id
    )
    expires = now + LEASE
    for bucket, extra, order in _bucket_queries(policy, agent.id, now):
        pick = select(Lead.id).where(workable, extra).order_by(*order, Lead.id).limit(1)
        if postgres:
            pick = pick.with_for_update(skip_locked=True)
        claim = (
            update(Lead)
            .where(Lead.id == pick.scalar_subquery(), lease_free)
            .values(lease_owner_id=agent.id, lease_expires_at=expires)
            .returning(Lead.id)
            .execution_options(synchronize_session=False)
        )
        lead_id = session.execute(claim).scalar()
        if lead_id is None:
            continue
        lead = session.get(Lead, lead_id, populate_existing=True)
        if why_not(candidate_of(lead), agent.id, now, policy) is not None:
            session.rollback()  # SQL and the policy disagree: never serve a lead the policy refuses
            continue
        session.commit()
        reason = explain(candidate_of(lead), bucket, now, policy)
        return Claim(lead=lead, bucket=bucket.value, reason=reason, lease_expires_at=expires)
    return None


def empty_reasons(
    *, session: Session, campaigns: list[Campaign], agent: User, now: datetime
) -> dict[str, int]:
    """Why no lead can be called: counts by blocker across the telecaller's campaigns."""
    totals: dict[str, int] = {}
    for campaign in campaigns:
        policy = policy_of(campaign)
        zones_ok = _callable_clause(session, campaign, policy, now)
        claimed = and_(
            Lead.lease_owner_id.is_not(None),
            Lead.lease_owner_id != agent.id,
            Lead.lease_expires_at > now,
        )
        blocker = case(
            (or_(Lead.dnc, Lead.status == LeadStatus.dnc), "dnc"),
            (Lead.status != LeadStatus.queued, "not_queued"),
            (and_(Lead.intent != "need", not policy.call_interest), "interest_only"),
            (claimed, "claimed"),
            (and_(Lead.callback_at.is_not(None), Lead.callback_at > now), "callback_not_due"),
            (and_(Lead.callback_at.is_(None), Lead.next_attempt_at > now), "awaiting_retry"),
            (not_(zones_ok), "outside_calling_hours"),
            else_="callable",
        )
        rows = session.exec(
            select(blocker, func.count()).where(Lead.campaign_id == campaign.id).group_by(blocker)
        )
        for name, count in rows:
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


def reassign(
    *,
    session: Session,
    lead_id: int,
    to_user_id: int,
    by: User,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> Lead:
    """A team lead hands a lead to a named telecaller, who gets it leased at once."""
    now = now or utcnow()
    lead, target = session.get(Lead, lead_id), session.get(User, to_user_id)
    if lead is None:
        raise NotFound(f"No lead {lead_id}.")
    if target is None or target.role != Role.TELECALLER:
        raise NotFound(f"No telecaller {to_user_id}.", fields={"to": "choose a telecaller"})
    lead.lease_owner_id, lead.lease_expires_at = target.id, now + LEASE
    session.commit()
    from console.services.intake import lead_card

    publish("lead.assigned", {"lead": lead_card(lead), "by": by.name}, room=f"user:{target.id}")
    return lead


def renew(*, session: Session, lead: Lead, agent_id: int, now: datetime | None = None) -> None:
    """Extend the lease while the telecaller is working the lead (a live call, an autosave)."""
    now = now or utcnow()
    if lead.lease_owner_id == agent_id:
        lead.lease_expires_at = now + LEASE


def bucket_counts(*, session: Session, agent: User, now: datetime | None = None) -> dict[str, int]:
    """How many callable leads wait in each bucket for this telecaller, live on the queue page."""
    now = now or utcnow()
    counts = {bucket.value: 0 for bucket in Bucket}
    for campaign in _campaigns_for(session, agent, None):
        policy = policy_of(campaign)
        workable = _workable(
            campaign, policy, agent.id, now, _callable_clause(session, campaign, policy, now)
        )
        for bucket, extra, _order in _bucket_queries(policy, agent.id, now):
            counts[bucket.value] += session.exec(
                select(func.count()).select_from(Lead).where(workable, extra)
            ).one()
    return counts
