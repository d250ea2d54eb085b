"""The queue's SQL: the bucket conditions once, and the claim, count and blocker statements built
from them once per shape, so a claim costs one round trip and no statement building.

Each statement takes the same named parameters: `campaign`, `agent`, `now`, `hot_since` (now minus
the speed-to-lead window), `grace_since` (now minus the callback grace), the two callable zone
lists `general` and `florida`, and `zones`, both lists together; the blocker statement also
takes `day_ago` and `live` (the statuses of a call in progress) to count Florida's dials. The pure
policy in console.domain.queue stays the judge: these only find its candidates fast, by index, and
every claimed row is checked by it again.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Integer, String, TextClause, TextualSelect, bindparam, text

from console.domain.calls import LIVE
from console.domain.compliance import FLORIDA_CALLS_PER_DAY
from console.domain.queue import Bucket, QueuePolicy, bucket_order
from console.models import Lead
from console.models.types import UTCDateTime

_IN_FLORIDA = "(coalesce(country, '') = 'US' AND coalesce(region, '') = 'FL')"
# Florida's own calling hours apply to Florida leads; everyone else gets the campaign's window.
_CALLABLE_ZONE = (
    f"(({_IN_FLORIDA} AND timezone IN :florida) OR (NOT {_IN_FLORIDA} AND timezone IN :general))"
)
# Dials in the last day that count toward Florida's limit (as queue_facts.recent_dials counts them).
_FLORIDA_DIALS = (
    "(SELECT count(*) FROM call WHERE call.lead_id = lead.id AND call.started_at > :day_ago"
    " AND (call.lead_call_sid IS NOT NULL OR call.status IN :live))"
)
_LIVE = ", ".join(f"'{status.value}'" for status in sorted(LIVE))
# Work in progress keeps a lapsed lease: its holder's call on the lead that is live, or over and
# still awaiting its outcome (console.domain.queue.is_leased_by_someone_else says the same).
HOLDER_WORKING = (
    "EXISTS (SELECT 1 FROM call WHERE call.lead_id = lead.id"
    " AND call.agent_id = lead.lease_owner_id"
    f" AND (call.status IN ({_LIVE}) OR (call.ended_at IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM outcome WHERE outcome.call_id = call.id))))"
)
_LEASE_FREE = (
    "(lease_owner_id IS NULL OR lease_owner_id = :agent"
    f" OR (lease_expires_at <= :now AND NOT {HOLDER_WORKING}))"
)
# A queued lead in its usual round; one taken back from nurture keeps its follow-up date until
# the round's first outcome, and waits among the follow-ups until then.
_QUEUED = "status = 'queued' AND follow_up_at IS NULL"
_FRESH = (
    f"{_QUEUED} AND callback_at IS NULL AND attempts = 0 AND intent = 'need'"
    " AND (next_attempt_at IS NULL OR next_attempt_at <= :now)"
)
_NOT_FRESH = "NOT (attempts = 0 AND intent = 'need')"
_CALLBACK = "status = 'queued' AND callback_at <= :now"

# (bucket, condition, order) in the policy's default order; fresh need leads come twice: oldest
# first inside the speed-to-lead window, then newest first once past it; follow-ups too: those
# taken back already (and released) first, then those still in nurture. An order is
# (column, DESC?).
BUCKETS: list[tuple[Bucket, str, list[tuple[str, bool]]]] = [
    (
        Bucket.personal_callback,
        f"{_CALLBACK} AND callback_owner_id = :agent",
        [("callback_at", False)],
    ),
    (Bucket.fresh_need, f"{_FRESH} AND arrived_at > :hot_since", [("arrived_at", False)]),
    (Bucket.fresh_need, f"{_FRESH} AND arrived_at <= :hot_since", [("arrived_at", True)]),
    (
        Bucket.shared_callback,
        f"{_CALLBACK} AND (callback_owner_id IS NULL OR callback_at < :grace_since)",
        [("callback_at", False)],
    ),
    (
        Bucket.retry,
        f"{_QUEUED} AND callback_at IS NULL AND next_attempt_at <= :now AND {_NOT_FRESH}",
        [("next_attempt_at", False)],
    ),
    (
        Bucket.follow_up,
        "status = 'queued' AND callback_at IS NULL AND follow_up_at <= :now",
        [("follow_up_at", False)],
    ),
    (Bucket.follow_up, "status = 'nurture' AND follow_up_at <= :now", [("follow_up_at", False)]),
    (
        Bucket.backlog,
        f"{_QUEUED} AND callback_at IS NULL AND next_attempt_at IS NULL AND {_NOT_FRESH}",
        [("priority", True), ("arrived_at", False)],
    ),
]


def buckets(follow_ups_first: bool) -> list[tuple[Bucket, str, list[tuple[str, bool]]]]:
    """BUCKETS in the campaign's order (the domain's bucket_order says where follow-ups go)."""
    order = bucket_order(QueuePolicy(follow_ups_first=follow_ups_first))
    return sorted(BUCKETS, key=lambda entry: order.index(entry[0]))  # stable: pairs stay in order


# The distinct zone strings of a campaign's leads: a skip scan, one index probe per zone.
ZONES = text(
    "WITH RECURSIVE zone(name) AS ("
    " SELECT min(timezone) FROM lead WHERE campaign_id = :campaign"
    " UNION ALL"
    " SELECT (SELECT min(timezone) FROM lead"
    " WHERE campaign_id = :campaign AND timezone > zone.name)"
    " FROM zone WHERE zone.name IS NOT NULL"
    ") SELECT name FROM zone WHERE name IS NOT NULL"
)

_COLUMNS = ", ".join(column.name for column in Lead.__table__.c)
# The statements' IN lists: zone strings, call statuses, lead ids.
LISTS = {"general": String(), "florida": String(), "refused": Integer(), "live": String()}


def _workable(call_interest: bool) -> str:
    """A lead of the campaign this telecaller may call now, whatever its bucket (each bucket
    names the status it takes). An interest lead the campaign does not call is still called
    when its follow-up or a callback is due."""
    need_only = (
        ""
        if call_interest
        else " AND (intent = 'need' OR follow_up_at IS NOT NULL OR callback_at IS NOT NULL)"
    )
    return f"campaign_id = :campaign AND NOT dnc AND {_LEASE_FREE}{need_only} AND {_CALLABLE_ZONE}"


def _typed(statement: TextClause) -> TextClause:
    """Bind the times as UTC timestamps and the zone lists as IN lists, on either database."""
    times = [
        bindparam(name, type_=UTCDateTime())
        for name in ("now", "hot_since", "grace_since", "expires", "day_ago")
        if f":{name}" in statement.text
    ]
    lists = [
        bindparam(name, expanding=True, type_=kind)  # typed, so an empty list compares too
        for name, kind in LISTS.items()
        if f":{name}" in statement.text
    ]
    return statement.bindparams(*times, *lists)


def _order(order: list[tuple[str, bool]], table: str = "") -> str:
    return ", ".join(f"{table}{column}{' DESC' if desc else ''}" for column, desc in order)


def _pick(workable: str, condition: str, order: list[tuple[str, bool]], postgres: bool) -> str:
    """The id of the bucket's first lead, or NULL.

    On PostgreSQL the bucket is read one callable zone at a time: each zone is one range of the
    bucket's index, already in order, so leads in zones that are closed now are never even read
    (a single scan would step over every one of them, on every claim). The best lead of each zone
    is locked, skipping leads other claimers hold, and the best of those is taken. SQLite, the
    single-user development database, reads the bucket in one scan under its write lock.
    """
    where = f"{workable} AND {condition} AND id NOT IN :refused"
    if not postgres:
        return f"(SELECT id FROM lead WHERE {where} ORDER BY {_order(order)}, id LIMIT 1)"
    columns = ", ".join(column for column, _desc in order)
    return (
        "(SELECT pick.id FROM unnest(CAST(:zones AS text[])) AS zone(name)"
        f" CROSS JOIN LATERAL (SELECT id, {columns} FROM lead"
        f" WHERE timezone = zone.name AND {where}"
        f" ORDER BY {_order(order)}, id LIMIT 1 FOR UPDATE SKIP LOCKED) AS pick"
        f" ORDER BY {_order(order, 'pick.')}, pick.id LIMIT 1)"
    )


@cache
def claim_statement(postgres: bool, call_interest: bool, follow_ups_first: bool) -> TextualSelect:
    """Lease the first lead of the first bucket that has one, in one statement.

    COALESCE asks the buckets in order and stops at the first that answers, so the later ones
    never run. `zones` lists every zone string callable now (for Florida or elsewhere); `refused`
    lists leads the policy turned down this time, which the next try must skip.
    """
    workable = _workable(call_interest)
    picks = ",\n".join(
        _pick(workable, condition, order, postgres)
        for _bucket, condition, order in buckets(follow_ups_first)
    )
    statement = text(
        "UPDATE lead SET lease_owner_id = :agent, lease_expires_at = :expires\n"
        f"WHERE id = COALESCE(\n{picks}) AND {_LEASE_FREE}\nRETURNING {_COLUMNS}"
    )
    return _typed(statement).columns(*Lead.__table__.c)


@cache
def peek_statement(call_interest: bool, follow_ups_first: bool) -> TextClause:
    """The id of the lead a claim would lease now, leasing and locking nothing: the claim's
    buckets in the same order, each read in one scan (on either database)."""
    workable = _workable(call_interest)
    picks = ",\n".join(
        _pick(workable, condition, order, postgres=False)
        for _bucket, condition, order in buckets(follow_ups_first)
    )
    return _typed(text(f"SELECT COALESCE(\n{picks}) AS id"))


@cache
def count_statement(call_interest: bool) -> TextClause:
    """How many workable leads each bucket holds, in one pass (buckets can overlap)."""
    sums = ", ".join(
        f"coalesce(sum(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"
        for _bucket, condition, _ordering in BUCKETS
    )
    return _typed(text(f"SELECT {sums} FROM lead WHERE {_workable(call_interest)}"))


@cache
def blocker_statement(call_interest: bool) -> TextClause:
    """The campaign's leads counted by the first thing that keeps each from this telecaller."""
    interest = (
        "1 = 0"
        if call_interest
        else "intent <> 'need' AND follow_up_at IS NULL AND callback_at IS NULL"
    )
    blocker = (
        "CASE"
        " WHEN dnc OR status = 'dnc' THEN 'dnc'"
        " WHEN NOT (status = 'queued' OR (status = 'nurture' AND follow_up_at IS NOT NULL))"
        " THEN 'not_queued'"
        " WHEN follow_up_at > :now THEN 'awaiting_follow_up'"
        f" WHEN {interest} THEN 'interest_only'"
        f" WHEN NOT {_LEASE_FREE} THEN 'claimed'"
        " WHEN callback_at IS NOT NULL AND callback_at > :now THEN 'callback_not_due'"
        " WHEN callback_at IS NULL AND follow_up_at IS NULL AND next_attempt_at > :now"
        " THEN 'awaiting_retry'"
        f" WHEN NOT {_CALLABLE_ZONE} THEN 'outside_calling_hours'"
        f" WHEN {_IN_FLORIDA} AND {_FLORIDA_DIALS} >= {FLORIDA_CALLS_PER_DAY} THEN 'florida_limit'"
        " ELSE 'callable' END"
    )
    return _typed(
        text(
            f"SELECT {blocker} AS blocker, count(*) FROM lead WHERE campaign_id = :campaign"
            " GROUP BY 1"
        )
    )
