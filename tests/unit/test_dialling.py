"""May this lead be dialled now: the one rule the queue and the dial both ask."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from console.domain.cadence import Cadence
from console.domain.compliance import CallingWindow
from console.domain.dialling import Bar, Caller, barred, may_dial
from console.domain.queue import Blocker, Candidate, LeadStatus, why_not

# Monday 2024-06-03 15:00 UTC: 11:00 in New York and in Miami.
NOW = datetime(2024, 6, 3, 15, tzinfo=UTC)
ME, COLLEAGUE = 7, 8
WINDOW = CallingWindow()
CADENCE = Cadence.parse("10m,1h,1d")
ME_ON_THE_BROWSER = Caller(id=ME, mode="browser")


def held(**changes) -> Candidate:
    """A queued need lead in New York, held by me, tried once."""
    base = Candidate(
        id=1,
        intent="need",
        arrived_at=NOW - timedelta(days=2),
        attempts=1,
        zones=("America/New_York",),
        country="US",
        region="NY",
        lease_owner_id=ME,
        lease_expires_at=NOW + timedelta(minutes=5),
    )
    return replace(base, **changes)


def three_dials_today() -> tuple[datetime, ...]:
    return tuple(NOW - timedelta(hours=hours) for hours in (1, 2, 3))


def refusal(lead: Candidate, caller: Caller = ME_ON_THE_BROWSER) -> Bar | None:
    refused = may_dial(lead, caller, NOW, WINDOW, CADENCE)
    return None if refused is None else refused.code


def test_a_held_lead_in_calling_hours_may_be_dialled():
    assert may_dial(held(), ME_ON_THE_BROWSER, NOW, WINDOW, CADENCE) is None


@pytest.mark.parametrize(
    ("lead", "caller", "code"),
    [
        (held(lease_owner_id=COLLEAGUE), ME_ON_THE_BROWSER, Bar.not_claimed),
        (held(lease_owner_id=None), ME_ON_THE_BROWSER, Bar.not_claimed),
        (held(dnc=True), ME_ON_THE_BROWSER, Bar.dnc),
        (held(status=LeadStatus.dnc), ME_ON_THE_BROWSER, Bar.dnc),
        (
            held(zones=("America/Los_Angeles",), region="CA"),
            ME_ON_THE_BROWSER,
            Bar.outside_calling_hours,
        ),
        (
            held(zones=("America/New_York",), region="FL", recent_calls=three_dials_today()),
            ME_ON_THE_BROWSER,
            Bar.florida_limit,
        ),
        (held(attempts=3), ME_ON_THE_BROWSER, Bar.attempt_limit),
        (held(), Caller(id=ME, mode="bridge", has_phone=False), Bar.no_agent_phone),
        (held(), Caller(id=ME, mode="browser", on_call=True), Bar.already_on_call),
    ],
)
def test_each_reason_a_dial_is_refused_has_its_code(lead, caller, code):
    assert refusal(lead, caller) is code


def test_a_due_callback_may_be_dialled_after_the_last_attempt():
    assert refusal(held(attempts=3, callback_at=NOW - timedelta(minutes=1))) is None


def test_a_bridge_call_from_a_telecaller_with_a_phone_may_ring():
    assert refusal(held(), Caller(id=ME, mode="bridge", has_phone=True)) is None


def test_the_first_refusal_is_told_when_several_apply():
    assert refusal(held(lease_owner_id=COLLEAGUE, dnc=True)) is Bar.not_claimed
    assert refusal(held(dnc=True, zones=("America/Los_Angeles",))) is Bar.dnc


def test_a_refusal_says_what_to_do_in_the_telecallers_words():
    closed = barred(held(zones=("America/Los_Angeles",), region="CA"), NOW, WINDOW)
    assert closed.message.startswith("Outside calling hours. It is 08:00 on Monday")
    florida = barred(held(region="FL", recent_calls=three_dials_today()), NOW, WINDOW)
    assert "call again after Tue 08:00 their time" in florida.message


def test_the_queue_and_the_dial_agree_on_what_bars_a_lead():
    for lead in (
        held(dnc=True),
        held(zones=("America/Los_Angeles",), region="CA"),
        held(region="FL", recent_calls=three_dials_today()),
    ):
        assert why_not(lead, ME, NOW) == Blocker(refusal(lead).value)
