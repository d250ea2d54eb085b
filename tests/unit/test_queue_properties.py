"""Properties of the queue policy that must hold for any leads at any time."""

from datetime import UTC, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain.compliance import (
    CallingWindow,
    florida_limit_reached,
    is_callable,
    next_opening,
)
from console.domain.queue import (
    Candidate,
    LeadStatus,
    QueuePolicy,
    pick_next,
    sort_key,
    why_not,
)

ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Mars/Base",
]
PLACES = [("US", "FL"), ("US", "NY"), ("US", None), ("GB", None), ("AU", "NSW")]
AGENTS = [1, 2, 3]

moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
)
offsets = st.timedeltas(min_value=timedelta(days=-3), max_value=timedelta(days=3))
past_offsets = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=2))
windows = st.sampled_from(
    [
        CallingWindow(),
        CallingWindow(time(0), time(23, 59), frozenset(range(7))),
        CallingWindow(time(12), time(14), frozenset({0, 2, 4})),
    ]
)
policies = st.builds(
    QueuePolicy,
    window=windows,
    speed_to_lead=st.sampled_from([timedelta(minutes=5), timedelta(hours=1)]),
    callback_grace=st.sampled_from([timedelta(0), timedelta(minutes=30)]),
    call_interest=st.booleans(),
    follow_ups_first=st.booleans(),
)


@st.composite
def candidates(draw, now: datetime, lead_id: int) -> Candidate:
    """Any lead, with times scattered around `now`."""
    maybe_time = st.none() | offsets.map(lambda offset: now + offset)
    country, region = draw(st.sampled_from(PLACES))
    return Candidate(
        id=lead_id,
        intent=draw(st.sampled_from(["need", "interest"])),
        arrived_at=now - draw(past_offsets),
        attempts=draw(st.integers(0, 6)),
        next_attempt_at=draw(maybe_time),
        callback_at=draw(maybe_time),
        callback_owner_id=draw(st.none() | st.sampled_from(AGENTS)),
        priority=draw(st.integers(-2, 5)),
        zones=tuple(draw(st.lists(st.sampled_from(ZONES), max_size=2, unique=True))),
        country=country,
        region=region,
        dnc=draw(st.booleans()),
        status=draw(st.sampled_from(list(LeadStatus))),
        lease_owner_id=draw(st.none() | st.sampled_from(AGENTS)),
        lease_expires_at=draw(maybe_time),
        recent_calls=tuple(now - offset for offset in draw(st.lists(past_offsets, max_size=4))),
        follow_up_at=draw(maybe_time),
    )


@st.composite
def queues(draw):
    """A moment, a telecaller, a policy, and the leads waiting at that moment."""
    now = draw(moments)
    size = draw(st.integers(0, 12))
    leads = [draw(candidates(now, lead_id)) for lead_id in range(size)]
    return now, draw(st.sampled_from(AGENTS)), draw(policies), leads


@settings(max_examples=300, deadline=None)
@given(queues())
def test_the_picked_lead_is_always_one_that_may_be_called(queue):
    now, agent, policy, leads = queue
    picked = pick_next(leads, agent, now, policy).lead
    if picked is None:
        return
    assert not picked.dnc
    # A lead in nurture comes only once its follow-up date has come.
    assert picked.status == LeadStatus.queued or (
        picked.status == LeadStatus.nurture and picked.follow_up_at <= now
    )
    assert is_callable(picked.zones, picked.country, picked.region, now, policy.window)
    assert not florida_limit_reached(picked.country, picked.region, picked.recent_calls, now)
    leased_by_other = (
        picked.lease_owner_id not in (None, agent)
        and picked.lease_expires_at is not None
        and picked.lease_expires_at > now
    )
    assert not leased_by_other
    # An interest lead the campaign does not call still gets its follow-up or callback.
    due_anyway = picked.follow_up_at is not None or picked.callback_at is not None
    assert picked.intent == "need" or policy.call_interest or due_anyway


@settings(max_examples=300, deadline=None)
@given(queues())
def test_the_picked_lead_comes_first_among_the_callable_ones(queue):
    now, agent, policy, leads = queue
    pick = pick_next(leads, agent, now, policy)
    eligible = [lead for lead in leads if why_not(lead, agent, now, policy) is None]
    if not eligible:
        assert pick.lead is None
        assert sum(pick.why.values()) == len(leads)
        return
    best = min(sort_key(lead, agent, now, policy) for lead in eligible)
    assert sort_key(pick.lead, agent, now, policy) == best
    assert pick.why == {}


@settings(max_examples=200, deadline=None)
@given(queues())
def test_the_order_the_leads_arrive_in_does_not_change_the_pick(queue):
    now, agent, policy, leads = queue
    forwards = pick_next(leads, agent, now, policy)
    backwards = pick_next(list(reversed(leads)), agent, now, policy)
    assert forwards == backwards


@settings(max_examples=200, deadline=None)
@given(
    moments,
    st.lists(st.sampled_from(ZONES[:-1]), min_size=1, max_size=2, unique=True),
    st.sampled_from(PLACES),
    windows,
)
def test_the_next_opening_is_callable_and_nothing_just_before_it_is(after, zones, place, window):
    country, region = place
    opening = next_opening(zones, country, region, after, window)
    if opening is None:
        return
    assert opening >= after
    assert is_callable(zones, country, region, opening, window)
    if opening > after:
        assert not is_callable(zones, country, region, opening - timedelta(seconds=1), window)
