"""The queue's SQL: the bucket conditions once, and the claim, count and blocker statements built
from them once per shape, so a claim costs one round trip and no statement building.

Each statement takes the same named parameters: `campaign`, `agent`, `now`, `hot_since` (now minus
the speed-to-lead window), `grace_since` (now minus the callback grace) and the two callable zone
lists `general` and `florida`. The pure policy in console.domain.queue stays the judge: these only
find its candidates fast, by index, and every claimed row is checked by it again.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import TextClause, TextualSelect, bindparam, text

from console.domain.queue import Bucket
from console.models import Lead
from console.models.types import UTCDateTime

_IN_FLORIDA = "(coalesce(country, '') = 'US' AND coalesce(region, '') = 'FL')"
# Florida's own calling hours apply to Florida leads; everyone else gets the campaign's window.
_CALLABLE_ZONE = (
    f"(({_IN_FLORIDA} AND timezone IN :florida) OR (NOT {_IN_FLORIDA} AND timezone IN :general))"
)
_LEASE_FREE = "(lease_owner_id IS NULL OR lease_expires_at <= :now OR lease_owner_id = :agent)"
_FRESH = (
    "callback_at IS NULL AND attempts = 0 AND intent = 'need'"
    " AND (next_attempt_at IS NULL OR next_attempt_at <= :now)"
)
_NOT_FRESH = "NOT (attempts = 0 AND intent = 'need')"

# (bucket, condition, order) in the policy's order; fresh need leads come twice: oldest first
# inside the speed-to-lead window, then newest first once past it.
BUCKETS: list[tuple[Bucket, str, str]] = [
    (Bucket.personal_callback, "callback_owner_id = :agent AND callback_at <= :now", "callback_at"),
    (Bucket.fresh_need, f"{_FRESH} AND arrived_at > :hot_since", "arrived_at"),
    (Bucket.fresh_need, f"{_FRESH} AND arrived_at <= :hot_since", "arrived_at DESC"),
    (
        Bucket.shared_callback,
        "callback_at <= :now AND (callback_owner_id IS NULL OR callback_at < :grace_since)",
        "callback_at",
    ),
    (
        Bucket.retry,
        f"callback_at IS NULL AND next_attempt_at <= :now AND {_NOT_FRESH}",
        "next_attempt_at",
    ),
    (
        Bucket.backlog,
        f"callback_at IS NULL AND next_attempt_at IS NULL AND {_NOT_FRESH}",
        "priority DESC, arrived_at",
    ),
]

_COLUMNS = ", ".join(column.name for column in Lead.__table__.c)


def _workable(call_interest: bool) -> str:
    """A lead of the campaign this telecaller may call now, whatever its bucket."""
    need_only = "" if call_interest else " AND intent = 'need'"
    return (
        "campaign_id = :campaign AND status = 'queued' AND NOT dnc"
        f" AND {_LEASE_FREE}{need_only} AND {_CALLABLE_ZONE}"
    )


def _typed(statement: TextClause) -> TextClause:
    """Bind the times as UTC timestamps and the zone lists as IN lists, on either database."""
    times = [
        bindparam(name, type_=UTCDateTime())
        for name in ("now", "hot_since", "grace_since", "expires")
        if f":{name}" in statement.text
    ]
    lists = [
        bindparam(name, expanding=True)
        for name in ("general", "florida", "refused")
        if f":{name}" in statement.text
    ]
    return statement.bindparams(*times, *lists)


@cache
def claim_statement(postgres: bool, call_interest: bool) -> TextualSelect:
    """Lease the first lead of the first bucket that has one, in one statement.

    COALESCE asks the buckets in order and stops at the first that answers, so the later ones
    never run. On PostgreSQL each bucket skips rows other claimers hold (FOR UPDATE SKIP LOCKED);
    SQLite runs the whole statement under its single write lock. `refused` lists leads the policy
    turned down this time, which the next try must skip.
    """
    lock = " FOR UPDATE SKIP LOCKED" if postgres else ""
    workable = _workable(call_interest)
    picks = ",\n".join(
        f"(SELECT id FROM lead WHERE {workable} AND {condition} AND id NOT IN :refused"
        f" ORDER BY {order}, id LIMIT 1{lock})"
        for _bucket, condition, order in BUCKETS
    )
    statement = text(
        "UPDATE lead SET lease_owner_id = :agent, lease_expires_at = :expires\n"
        f"WHERE id = COALESCE(\n{picks}) AND {_LEASE_FREE}\nRETURNING {_COLUMNS}"
    )
    return _typed(statement).columns(*Lead.__table__.c)


@cache
def count_statement(call_interest: bool) -> TextClause:
    """How many workable leads each bucket holds, in one pass (buckets can overlap)."""
    sums = ", ".join(
        f"coalesce(sum(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"
        for _bucket, condition, _order in BUCKETS
    )
    return _typed(text(f"SELECT {sums} FROM lead WHERE {_workable(call_interest)}"))


@cache
def blocker_statement(call_interest: bool) -> TextClause:
    """The campaign's leads counted by the first thing that keeps each from this telecaller."""
    interest = "1 = 0" if call_interest else "intent <> 'need'"
    blocker = (
        "CASE"
        " WHEN dnc OR status = 'dnc' THEN 'dnc'"
        " WHEN status <> 'queued' THEN 'not_queued'"
        f" WHEN {interest} THEN 'interest_only'"
        " WHEN lease_owner_id IS NOT NULL AND lease_owner_id <> :agent"
        " AND lease_expires_at > :now THEN 'claimed'"
        " WHEN callback_at IS NOT NULL AND callback_at > :now THEN 'callback_not_due'"
        " WHEN callback_at IS NULL AND next_attempt_at > :now THEN 'awaiting_retry'"
        f" WHEN NOT {_CALLABLE_ZONE} THEN 'outside_calling_hours'"
        " ELSE 'callable' END"
    )
    return _typed(
        text(
            f"SELECT {blocker} AS blocker, count(*) FROM lead WHERE campaign_id = :campaign"
            " GROUP BY 1"
        )
    )
