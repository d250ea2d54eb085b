"""The work queue's lease: claim the next lead atomically, extend the lease while working it, and
clear what a lapsed holder left on it.

The pure policy in console.domain.queue decides; SQL only finds candidates fast. One statement per
campaign asks the buckets in order, each an indexed LIMIT 1 (FOR UPDATE SKIP LOCKED on PostgreSQL),
and leases the lead it finds; the domain checks that lead again before the commit, so the two can
never disagree about who may be called. The statements live in console.services.queue_sql, their
parameters in console.services.queue_facts, the counts and "why empty" in queue_counts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, text, true
from sqlmodel import Session, select

from console import clock
from console.domain.compliance import is_florida
from console.domain.queue import (
    Blocker,
    LeadStatus,
    QueuePolicy,
    bucket_of,
    explain,
    take_back,
    why_not,
)
from console.domain.roles import AgentState, Role
from console.errors import Conflict, Forbidden
from console.models import Call, Campaign, CampaignMember, Lead, Outcome, User
from console.models.types import UTCDateTime
from console.services import queue_sql, races
from console.services.campaigns import not_on_campaign
from console.services.queue_counts import empty_reasons, empty_sentence
from console.services.queue_facts import (
    candidate_of,
    holder_working,
    newest_lead,
    parameters,
    policy_of,
    recent_dials,
)

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
NOTES_LIMIT = 4000  # the lead's notes column
OFFLINE = (
    "You are offline, so no lead comes to you: choose Available (on My queue), "
    "then take the next lead."
)


@dataclass
class Claim:
    """A lead leased to a telecaller, with its bucket and the reason it is next."""

    lead: Lead | None
    bucket: str | None = None
    reason: str = ""
    lease_expires_at: datetime | None = None
    why: dict[str, int] | None = None


def _preflight_statement(postgres: bool):
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


def pending_wrap_up(session: Session, agent: User) -> int | None:
    """The call of this telecaller that ended without its outcome, if any."""
    return _pending_wrap_up(session, agent)


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
    skip: Sequence[int] = (),
) -> Claim:
    """Lease the next lead to this telecaller, or say why there is none; `skip` names leads
    not to offer (a call session's skipped previews).

    Four round trips when a lead is found: the telecaller's lock, the preflight, one claim
    statement, the commit.
    """
    now = now or clock.now()
    if agent.role != Role.TELECALLER:
        raise Forbidden("Only telecallers take leads from the queue.")
    postgres = session.get_bind().dialect.name == "postgresql"
    # One claim per telecaller at a time, or two tabs (or a double press) would each lease a lead.
    now_held = races.hold(session, User, agent.id)  # as it is now: a sweep may have just run
    if (now_held or agent).state == AgentState.OFFLINE:
        session.rollback()
        raise Conflict(OFFLINE, code="offline")
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
        (campaign, policy, parameters(session, campaign, policy, agent.id, now, newest))
        for campaign, policy in ((c, policy_of(c)) for c in campaigns)
    ]
    for campaign, policy, asked in plans:
        claim = _claim_in(session, policy, asked, agent, now, postgres, skip)
        if claim is not None:
            publish("queue.changed", {"campaign": campaign.slug}, room=f"campaign:{campaign.id}")
            return claim
    why = empty_reasons(session=session, campaigns=campaigns, agent=agent, now=now)
    return Claim(lead=None, why=why, reason=empty_sentence(why, campaigns))


def takers(
    *, session: Session, lead: Lead, campaign: Campaign, now: datetime | None = None
) -> list[int]:
    """The telecallers of the campaign whose Next lead (N) would give them this lead now: the
    top of their queue as a claim would take it, read without leasing anything. A telecaller
    who is offline, holds a lead or owes a wrap-up gets something else from N."""
    now = now or clock.now()
    members = session.exec(
        select(User)
        .join(CampaignMember, CampaignMember.user_id == User.id)
        .where(CampaignMember.campaign_id == campaign.id, User.role == Role.TELECALLER)
        .where(User.state != AgentState.OFFLINE)
        .order_by(User.id)
    ).all()
    newest = newest_lead(session)
    return [
        agent.id
        for agent in members
        if _pending_wrap_up(session, agent) is None
        and held_lead(session=session, agent=agent, now=now) is None
        and _top_of_queue(session, agent, now, newest) == lead.id
    ]


def _top_of_queue(session: Session, agent: User, now: datetime, newest: int) -> int | None:
    """The lead claim_next would lease this telecaller now (campaign by campaign, as it asks)."""
    campaigns = session.exec(
        select(Campaign)
        .join(CampaignMember, CampaignMember.campaign_id == Campaign.id)
        .where(CampaignMember.user_id == agent.id, Campaign.active)
        .order_by(Campaign.id)
    ).all()
    for campaign in campaigns:
        policy = policy_of(campaign)
        asked = {**parameters(session, campaign, policy, agent.id, now, newest), "refused": []}
        statement = queue_sql.peek_statement(policy.call_interest, policy.follow_ups_first)
        top = session.execute(statement, asked).scalar()
        if top is not None:
            return top
    return None


def _claim_in(
    session: Session,
    policy: QueuePolicy,
    asked: dict,
    agent: User,
    now: datetime,
    postgres: bool,
    skip: Sequence[int] = (),
) -> Claim | None:
    """One statement picks and leases the lead; then the domain checks the pick."""
    asked = {**asked, "expires": now + LEASE, "refused": list(skip)}
    statement = select(Lead).from_statement(
        queue_sql.claim_statement(postgres, policy.call_interest, policy.follow_ups_first)
    )
    while True:
        lead = session.scalars(
            statement, asked, execution_options={"populate_existing": True}
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
        asked["refused"] = [*asked["refused"], lead.id]
    for name, value in take_back(candidate).items():  # back from nurture for a new round
        setattr(lead, name, value)
    session.commit()
    bucket = bucket_of(candidate, agent.id, now, policy)
    reason = explain(candidate, bucket, now, policy)
    return Claim(lead=lead, bucket=bucket.value, reason=reason, lease_expires_at=now + LEASE)


def drop_unplaced_calls(*, session: Session, lead: Lead, keep_agent_id: int | None) -> None:
    """Calls others prepared on this lead but never dialled go (nobody was called), when the lead
    has passed to keep_agent_id (or to nobody, None): released, or their lease ran out.

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
            Call.agent_id != keep_agent_id if keep_agent_id is not None else true(),
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


def renew(*, session: Session, lead: Lead, agent_id: int, now: datetime | None = None) -> None:
    """Extend the lease while the telecaller is working the lead (a live call, an autosave)."""
    now = now or clock.now()
    if lead.lease_owner_id == agent_id:
        lead.lease_expires_at = now + LEASE


_LAPSED = text(
    "SELECT id FROM lead WHERE lease_owner_id IS NOT NULL AND lease_expires_at <= :now"
    f" AND NOT {queue_sql.HOLDER_WORKING} ORDER BY lease_expires_at, id LIMIT :batch"
).bindparams(bindparam("now", type_=UTCDateTime()))


def release_lapsed_leases(
    *, session: Session, publish: Callable[..., None], now: datetime | None = None, batch: int = 500
) -> int:
    """Give back to the queue each lead whose lease ran out while its holder had no work in
    progress on it (no call live or awaiting its outcome); calls prepared on it and never dialled
    go, their notes kept on the lead. The number of leads released (the job for the scheduler)."""
    now = now or clock.now()
    lapsed = session.execute(_LAPSED, {"now": now, "batch": batch}).scalars().all()
    session.rollback()
    released, campaigns = 0, set()
    for lead_id in lapsed:
        lead = races.hold(session, Lead, lead_id)  # a claim or a renewal may have come meanwhile
        expires = lead.lease_expires_at if lead is not None else None
        if expires is None or expires > now or holder_working(session, lead):
            session.rollback()
            continue
        lead.lease_owner_id = lead.lease_expires_at = None
        drop_unplaced_calls(session=session, lead=lead, keep_agent_id=None)
        session.commit()
        released += 1
        campaigns.add(lead.campaign_id)
    for campaign_id in sorted(campaigns):
        publish("queue.changed", {"campaign_id": campaign_id}, room=f"campaign:{campaign_id}")
    return released
