"""Reconciling calls Twilio cannot tell more about: never placed, unknown to it, or out of reach.
(Calls it can tell about are reconciled end to end in tests/e2e/test_reconcile_e2e.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest

from console import clock, ticker
from console.domain.roles import AgentState
from console.models import Call, Lead
from console.services import accounts
from console.services.call_reconcile import QUIET, reconcile_after_restart, reconcile_calls
from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID
from console.telephony.twilio_adapter import TwilioAdapter
from tests.handoffs import Spy, add_lead
from tests.telephony.test_provider_errors import nobody_listening


def twilio(api_base: str) -> TwilioAdapter:
    return TwilioAdapter(
        account_sid=SIM_ACCOUNT_SID,
        auth_token=SIM_AUTH_TOKEN,
        caller_id=SIM_CALLER_ID,
        api_base=api_base,
    )


@pytest.fixture
def live_call(session, campaign, users):
    """Make a call of the telecaller (on a call) on a new lead, last heard of `quiet` ago."""
    agent = users["telecaller"]
    accounts.set_agent_state(session=session, user=agent, state=AgentState.ON_CALL, publish=Spy())

    def make(*, sid: str | None, lead_sid: str | None = None, quiet=QUIET * 2) -> Call:
        lead = add_lead(session, campaign, attempts=1)  # the dial counted it
        heard = clock.now() - quiet
        call = Call(
            lead_id=lead.id,
            agent_id=agent.id,
            campaign_id=campaign.id,
            mode="bridge",
            status="in-progress" if lead_sid else "initiated",
            twilio_sid=sid,
            lead_call_sid=lead_sid,
            started_at=heard,
            updated_at=heard,
        )
        session.add(call)
        session.commit()
        return call

    return make


def run(session, telephony, spy=None) -> int:
    return reconcile_calls(session=session, telephony=telephony, publish=spy or Spy())


def test_a_quiet_call_twilio_never_named_ends_not_connected(session, users, live_call, simulator):
    call = live_call(sid=None)
    recent = live_call(sid=None, quiet=timedelta(seconds=5))  # a softphone may still connect
    assert (
        reconcile_after_restart(
            session=session, telephony=twilio(simulator.base_url), publish=Spy()
        )
        == 1
    )
    session.refresh(call)
    session.refresh(recent)
    assert (call.status, call.ended_at) == ("canceled", None)
    assert recent.status == "initiated"
    assert session.get(Lead, call.lead_id).attempts == 0, "the lead was never rung"


def test_a_call_twilio_has_no_record_of_ends_and_frees_the_telecaller(
    session, users, live_call, simulator
):
    call = live_call(sid="CA" + "0" * 32)
    spy = Spy()
    assert run(session, twilio(simulator.base_url), spy) == 1
    session.refresh(call)
    assert (call.status, call.ended_at) == ("canceled", None), "nothing says the lead was rung"
    assert users["telecaller"].state == AgentState.AVAILABLE
    assert spy.rooms("call.updated") == {f"user:{users['telecaller'].id}", "floor"}
    assert run(session, twilio(simulator.base_url)) == 0, "nothing is left live"


def test_a_call_stays_live_while_twilio_is_out_of_reach(session, users, live_call):
    call = live_call(sid="CA" + "2" * 32, lead_sid="CA" + "3" * 32)
    assert run(session, twilio(nobody_listening())) == 0
    session.refresh(call)
    assert call.status == "in-progress" and call.ended_at is None
    assert users["telecaller"].state == AgentState.ON_CALL, "the next run asks again"


def test_a_process_start_reconciles_before_its_first_tick(app, session, live_call, simulator):
    call = live_call(sid=None)
    app.extensions["handoff.telephony"] = twilio(simulator.base_url)
    assert ticker.after_start(app) == 1
    session.refresh(call)
    assert call.status == "canceled"


def test_a_process_start_goes_on_when_twilio_is_out_of_reach(app, session, live_call):
    call = live_call(sid="CA" + "4" * 32, lead_sid="CA" + "5" * 32)
    app.extensions["handoff.telephony"] = twilio(nobody_listening())
    assert ticker.after_start(app) == 0
    session.refresh(call)
    assert call.status == "in-progress"
