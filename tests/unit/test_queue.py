"""Which lead a telecaller gets next, and why."""

import ast
import sys
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from itertools import count
from pathlib import Path

import pytest

from console.domain.compliance import CallingWindow
from console.domain.queue import (
    Blocker,
    Bucket,
    Candidate,
    LeadStatus,
    QueuePolicy,
    bucket_of,
    pick_next,
    why_not,
)

# Monday 2024-06-03 15:00 UTC: 11:00 in New York, 08:00 (before the window) in Los Angeles.
NOW = datetime(2024, 6, 3, 15, tzinfo=UTC)
ME, COLLEAGUE = 7, 8
POLICY = QueuePolicy()
_ids = count(1)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def lead(**changes) -> Candidate:
    """A queued need lead in New York, two days old and tried once, with nothing due."""
    base = Candidate(
        id=next(_ids),
        intent="need",
        arrived_at=NOW - timedelta(days=2),
        attempts=1,
        zones=("America/New_York",),
        country="US",
        region="NY",
    )
    return replace(base, **changes)


def personal_callback(**changes) -> Candidate:
    return lead(**{"callback_at": NOW - minutes(5), "callback_owner_id": ME, **changes})


def fresh_need(**changes) -> Candidate:
    return lead(**{"attempts": 0, "arrived_at": NOW - minutes(3), **changes})


def shared_callback(**changes) -> Candidate:
    return lead(**{"callback_at": NOW - minutes(5), **changes})


def retry(**changes) -> Candidate:
    return lead(**{"attempts": 2, "next_attempt_at": NOW - minutes(1), **changes})


def order_of(candidates, policy=POLICY) -> list[Candidate]:
    """The leads in the order this telecaller would be given them."""
    remaining, order = list(candidates), []
    while (pick := pick_next(remaining, ME, NOW, policy)).lead is not None:
        order.append(pick.lead)
        remaining.remove(pick.lead)
    return order


def follow_up(**changes) -> Candidate:
    """A lead in nurture whose follow-up date came an hour ago."""
    due = {"status": LeadStatus.nurture, "attempts": 6, "follow_up_at": NOW - minutes(60)}
    return lead(**{**due, **changes})


def test_the_buckets_are_worked_in_order():
    backlog = lead()
    leads = [backlog, follow_up(), retry(), shared_callback(), fresh_need(), personal_callback()]
    buckets = [bucket_of(chosen, ME, NOW, POLICY) for chosen in order_of(leads)]
    assert buckets == list(Bucket)
    assert buckets[-2:] == [Bucket.follow_up, Bucket.backlog]


def test_fresh_need_leads_jump_ahead_of_shared_callbacks_and_retries():
    pick = pick_next([retry(), shared_callback(), fresh_need()], ME, NOW, POLICY)
    assert pick.bucket is Bucket.fresh_need


def test_inside_the_speed_to_lead_window_the_oldest_fresh_lead_goes_first():
    newer, older = fresh_need(arrived_at=NOW - minutes(2)), fresh_need(arrived_at=NOW - minutes(40))
    assert order_of([newer, older]) == [older, newer]


def test_past_the_speed_to_lead_window_the_newest_fresh_lead_goes_first():
    day_old = fresh_need(arrived_at=NOW - timedelta(days=1))
    two_hours_old = fresh_need(arrived_at=NOW - timedelta(hours=2))
    assert order_of([day_old, two_hours_old]) == [two_hours_old, day_old]


def test_fresh_leads_inside_the_window_come_before_those_past_it():
    inside, past = (
        fresh_need(arrived_at=NOW - minutes(59)),
        fresh_need(arrived_at=NOW - minutes(61)),
    )
    assert order_of([past, inside]) == [inside, past]


def test_a_shorter_speed_to_lead_window_moves_the_flip():
    policy = QueuePolicy(speed_to_lead=minutes(5))
    older, newer = (
        fresh_need(arrived_at=NOW - minutes(20)),
        fresh_need(arrived_at=NOW - minutes(10)),
    )
    assert order_of([older, newer], policy) == [newer, older]


def test_the_most_overdue_callback_goes_first():
    recent, overdue = personal_callback(), lead(callback_at=NOW - minutes(20), callback_owner_id=ME)
    assert order_of([recent, overdue]) == [overdue, recent]


def test_retries_go_earliest_due_first():
    later, earlier = retry(), retry(next_attempt_at=NOW - timedelta(hours=3))
    assert order_of([later, earlier]) == [earlier, later]


def test_the_backlog_goes_by_priority_then_oldest():
    low, high_new = lead(priority=1), lead(priority=5, arrived_at=NOW - timedelta(days=1))
    high_old = lead(priority=5, arrived_at=NOW - timedelta(days=3))
    assert order_of([low, high_new, high_old]) == [high_old, high_new, low]


@pytest.mark.parametrize(
    ("overdue", "owner", "expected"),
    [
        (minutes(5), ME, Bucket.personal_callback),
        (minutes(45), ME, Bucket.personal_callback),
        (minutes(5), None, Bucket.shared_callback),
        (minutes(31), COLLEAGUE, Bucket.shared_callback),
    ],
)
def test_a_due_callback_is_personal_to_its_owner_and_shared_when_unowned_or_stale(
    overdue, owner, expected
):
    callback = lead(callback_at=NOW - overdue, callback_owner_id=owner)
    assert why_not(callback, ME, NOW, POLICY) is None
    assert bucket_of(callback, ME, NOW, POLICY) is expected


def test_a_colleagues_callback_is_theirs_until_the_grace_period_passes():
    callback = lead(callback_at=NOW - minutes(29), callback_owner_id=COLLEAGUE)
    assert why_not(callback, ME, NOW, POLICY) is Blocker.callback_for_someone_else
    assert why_not(callback, ME, NOW + minutes(2), POLICY) is None
    assert bucket_of(callback, ME, NOW + minutes(2), POLICY) is Bucket.shared_callback


def test_a_longer_grace_period_keeps_a_colleagues_callback_theirs_for_longer():
    callback = lead(callback_at=NOW - minutes(45), callback_owner_id=COLLEAGUE)
    policy = QueuePolicy(callback_grace=timedelta(hours=1))
    assert why_not(callback, ME, NOW, policy) is Blocker.callback_for_someone_else


@pytest.mark.parametrize(
    ("candidate", "blocker"),
    [
        (lead(dnc=True), Blocker.dnc),
        (lead(status=LeadStatus.dnc), Blocker.dnc),
        (lead(status=LeadStatus.nurture), Blocker.not_queued),
        (follow_up(follow_up_at=NOW + minutes(1)), Blocker.awaiting_follow_up),
        (lead(status=LeadStatus.meeting), Blocker.not_queued),
        (lead(status=LeadStatus.disqualified), Blocker.not_queued),
        (lead(intent="interest"), Blocker.interest_only),
        (lead(lease_owner_id=COLLEAGUE, lease_expires_at=NOW + minutes(1)), Blocker.claimed),
        (lead(callback_at=NOW + minutes(10), callback_owner_id=ME), Blocker.callback_not_due),
        (
            lead(callback_at=NOW + minutes(10), callback_owner_id=COLLEAGUE),
            Blocker.callback_for_someone_else,
        ),
        (lead(next_attempt_at=NOW + minutes(10)), Blocker.awaiting_retry),
        (lead(zones=("America/Los_Angeles",), region="CA"), Blocker.outside_calling_hours),
        (lead(zones=("America/New_York", "America/Los_Angeles")), Blocker.outside_calling_hours),
        (lead(zones=()), Blocker.outside_calling_hours),
        (
            lead(region="FL", recent_calls=(NOW - minutes(1), NOW - minutes(2), NOW - minutes(3))),
            Blocker.florida_limit,
        ),
    ],
)
def test_a_lead_that_cannot_be_called_says_why(candidate, blocker):
    assert why_not(candidate, ME, NOW, POLICY) is blocker
    assert pick_next([candidate], ME, NOW, POLICY).lead is None


@pytest.mark.parametrize(
    "candidate",
    [
        lead(lease_owner_id=ME, lease_expires_at=NOW + minutes(5)),
        lead(lease_owner_id=COLLEAGUE, lease_expires_at=NOW),
        lead(lease_owner_id=COLLEAGUE, lease_expires_at=NOW - minutes(1)),
    ],
)
def test_my_own_lease_or_an_expired_one_does_not_block_me(candidate):
    assert why_not(candidate, ME, NOW, POLICY) is None
    assert pick_next([candidate], ME, NOW, POLICY).lead == candidate


def test_a_florida_lead_with_two_calls_today_may_have_a_third():
    florida = lead(region="FL", recent_calls=(NOW - minutes(60), NOW - minutes(120)))
    assert pick_next([florida], ME, NOW, POLICY).lead == florida


def test_interest_leads_are_called_only_when_the_campaign_says_so():
    interest = lead(intent="interest", attempts=0)
    assert why_not(interest, ME, NOW, POLICY) is Blocker.interest_only
    calling_interest = QueuePolicy(call_interest=True)
    assert why_not(interest, ME, NOW, calling_interest) is None
    assert bucket_of(interest, ME, NOW, calling_interest) is Bucket.backlog


def test_the_campaign_window_decides_who_is_callable():
    late_shift = QueuePolicy(window=CallingWindow(time(14), time(20)))
    assert why_not(lead(), ME, NOW, late_shift) is Blocker.outside_calling_hours


def test_an_empty_pick_counts_what_blocked_each_lead():
    leads = [lead(dnc=True), lead(next_attempt_at=NOW + minutes(9)), lead(zones=())]
    leads.append(lead(next_attempt_at=NOW + minutes(30)))
    pick = pick_next(leads, ME, NOW, POLICY)
    assert (pick.lead, pick.bucket) == (None, None)
    assert pick.why == {"awaiting_retry": 2, "dnc": 1, "outside_calling_hours": 1}
    assert pick.reason == (
        "No lead can be called right now: 2 waiting for their next attempt; "
        "1 on the do-not-call list; 1 outside calling hours in the lead's time zone."
    )


def test_a_queue_with_no_leads_says_it_is_empty():
    pick = pick_next([], ME, NOW, POLICY)
    assert (pick.lead, pick.why) == (None, {})
    assert pick.reason == "The queue is empty: no leads are waiting."


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        (personal_callback(), "Your callback, due 5 minutes ago: call back as you promised."),
        (
            fresh_need(),
            "Fresh need lead, 3 minutes old: call inside the speed-to-lead window (60 minutes).",
        ),
        (
            fresh_need(arrived_at=NOW - timedelta(hours=5)),
            "Need lead never called, 5 hours old: the freshest of those past speed-to-lead.",
        ),
        (shared_callback(), "Callback due 5 minutes ago, open to anyone: call back now."),
        (
            lead(callback_at=NOW - minutes(40), callback_owner_id=COLLEAGUE),
            "Another telecaller's callback is 40 minutes overdue, so it is anyone's now: "
            "call back before it goes stale.",
        ),
        (retry(), "Retry due 1 minute ago: this is attempt 3."),
        (lead(priority=2), "Nothing more urgent is waiting: priority 2, arrived 2 days ago."),
    ],
)
def test_the_pick_tells_the_telecaller_why_this_lead_is_next(candidate, reason):
    assert pick_next([candidate], ME, NOW, POLICY).reason == reason


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        pick_next([lead()], ME, datetime(2024, 6, 3, 12), POLICY)


QUEUE_MODULES = ["regions", "compliance", "cadence", "queue"]


@pytest.mark.parametrize("module", QUEUE_MODULES)
def test_the_queue_policy_imports_only_the_standard_library_and_the_domain(module):
    source = Path(__file__).parents[2] / "console" / "domain" / f"{module}.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    outside_stdlib = {
        name for name in imported if name.split(".")[0] not in sys.stdlib_module_names
    }
    assert all(name.startswith("console.domain.") for name in outside_stdlib)
