"""The queue's counts: how many callable leads wait in each bucket, and why none can be called."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from console import clock
from console.domain.compliance import FLORIDA_ROLLING_PERIOD
from console.domain.queue import Bucket, nothing_to_call
from console.models import Campaign, CampaignMember, User
from console.services import queue_sql
from console.services.queue_facts import LIVE_STATUSES, newest_lead, parameters, policy_of


def empty_reasons(
    *, session: Session, campaigns: list[Campaign], agent: User, now: datetime
) -> dict[str, int]:
    """Why no lead can be called: counts by blocker across the telecaller's campaigns."""
    totals: dict[str, int] = {}
    newest = newest_lead(session)
    for campaign in campaigns:
        policy = policy_of(campaign)
        asked = parameters(session, campaign, policy, agent.id, now, newest)
        asked.update(day_ago=now - FLORIDA_ROLLING_PERIOD, live=LIVE_STATUSES)
        statement = queue_sql.blocker_statement(policy.call_interest)
        for name, count in session.execute(statement, asked):
            if name not in ("not_queued", "callable"):
                totals[name] = totals.get(name, 0) + count
    session.rollback()
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def empty_sentence(why: dict[str, int], campaigns: list[Campaign]) -> str:
    """Why the telecaller got no lead, in a sentence: the counts from empty_reasons in words."""
    if not campaigns:
        return "You are not on any campaign yet: ask your team lead to add you."
    if not why:
        return "The queue is empty: no leads are waiting. New leads appear here as they arrive."
    return nothing_to_call(why)


def bucket_counts(*, session: Session, agent: User, now: datetime | None = None) -> dict[str, int]:
    """How many callable leads wait in each bucket for this telecaller, live on the queue page."""
    now = now or clock.now()
    counts = {bucket.value: 0 for bucket in Bucket}
    newest = newest_lead(session)
    worked = (
        select(Campaign)
        .join(CampaignMember, CampaignMember.campaign_id == Campaign.id)
        .where(CampaignMember.user_id == agent.id, Campaign.active)
        .order_by(Campaign.id)
    )
    for campaign in session.exec(worked):
        policy = policy_of(campaign)
        asked = parameters(session, campaign, policy, agent.id, now, newest)
        row = session.execute(queue_sql.count_statement(policy.call_interest), asked).one()
        for (bucket, _condition, _order), count in zip(queue_sql.BUCKETS, row, strict=True):
            counts[bucket.value] += count
    return counts
