"""Local presence end to end: the lead's phone shows the campaign's number from their own area
code (else their country, else the account's), and the floor sees each number's connect rate."""

from __future__ import annotations

import pytest

from console.models import Campaign
from console.simulator_account import SIM_CALLER_ID

POOL = ["+12125550100", "+14155550100", "+442071230000"]


@pytest.mark.parametrize(
    ("lead_phone", "shown"),
    [
        ("+14155550123", "+14155550100"),  # San Francisco: the 415 number
        ("+13125550123", "+12125550100"),  # Chicago: no 312 number, the first US one
    ],
)
def test_the_lead_sees_the_pools_local_number(start_floor, lead_phone, shown):
    floor = start_floor()
    with floor.session() as session:
        session.get(Campaign, floor.campaign_id).caller_ids = POOL
        session.commit()
    agent = floor.telecallers[0]
    placed = floor.dial(agent, floor.hold(agent, lead_phone))
    floor.settle()
    call = floor.call(placed["id"])
    (lead_leg,) = floor.simulator.calls.children(call.twilio_sid)
    assert (call.caller_id, lead_leg.from_) == (shown, shown)


def test_without_a_pool_the_accounts_number_is_shown(start_floor):
    floor = start_floor()
    agent = floor.telecallers[0]
    placed = floor.dial(agent, floor.hold(agent, "+14155550123"))
    floor.settle()
    call = floor.call(placed["id"])
    (lead_leg,) = floor.simulator.calls.children(call.twilio_sid)
    assert (call.caller_id, lead_leg.from_) == (None, SIM_CALLER_ID)
