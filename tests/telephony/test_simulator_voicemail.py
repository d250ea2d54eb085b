"""The simulator plays a voicemail drop as Twilio does: a REST update gives the dialled leg new
TwiML, the telecaller's <Dial> ends at once (its action is asked what comes next), and the leg
alone fetches its <Play> audio with a plain GET, plays it and hangs up."""

from __future__ import annotations

import requests

from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID
from console.telephony.client import make_rest_client as rest_client
from tests.telephony.test_simulator import AGENT, bridge_twiml, wait_until

MACHINE = "+14155550172"  # ends 72: an answering machine picks up after 20 s


def test_redirecting_the_dialled_leg_releases_the_caller_and_plays_the_message(
    start_simulator, fake_app
):
    simulator = start_simulator(speed=0.02)
    rest = rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, simulator.base_url)
    fake_app.twiml["/voice"] = bridge_twiml(
        MACHINE, number_attrs='machineDetection="Enable" amdStatusCallback="/amd"'
    )
    fake_app.twiml["/dial-complete"] = "<Response><Hangup/></Response>"
    parent = rest.calls.create(to=AGENT, from_=SIM_CALLER_ID, url=fake_app.url("/voice")).sid
    wait_until(lambda: fake_app.hits_to("/amd"))
    (amd,) = fake_app.hits_to("/amd")
    assert amd.params["AnsweredBy"] == "machine_start"
    message = fake_app.url("/message.wav")  # the fake app answers text/xml: not audio
    child = rest.calls(amd.params["CallSid"]).update(
        twiml=f"<Response><Play>{message}</Play><Hangup/></Response>"
    )
    assert simulator.wait(parent)

    (dial,) = fake_app.hits_to("/dial-complete")
    assert dial.params["DialCallStatus"] == "completed"
    agent_leg, lead_leg = simulator.calls[parent], simulator.calls[child.sid]
    assert agent_leg.ended_at <= lead_leg.ended_at and lead_leg.status == "completed"
    (fetched,) = fake_app.hits_to("/message.wav")
    assert fetched.method == "GET" and not fetched.signature  # media is fetched, not signed
    (played,) = lead_leg.played
    assert (played["url"], played["status_code"], played["content_type"]) == (
        message,
        200,
        "text/xml",
    )
    assert any(error.startswith("11200") for error in lead_leg.errors), lead_leg.errors
    log = requests.get(f"{simulator.base_url}/sim/calls", timeout=5).json()
    assert next(leg for leg in log if leg["sid"] == child.sid)["played"] == [played]


def test_a_dialled_leg_still_ringing_cannot_be_redirected(start_simulator, fake_app):
    simulator = start_simulator(speed=0.05)
    rest = rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, simulator.base_url)
    fake_app.twiml["/voice"] = bridge_twiml(MACHINE)
    parent = rest.calls.create(to=AGENT, from_=SIM_CALLER_ID, url=fake_app.url("/voice")).sid
    wait_until(lambda: [c.status for c in simulator.calls.children(parent)] == ["ringing"])
    ringing = simulator.calls.children(parent)[0]
    answer = requests.post(
        f"{simulator.base_url}/2010-04-01/Accounts/{SIM_ACCOUNT_SID}/Calls/{ringing.sid}.json",
        data={"Twiml": "<Response><Hangup/></Response>"},
        auth=(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN),
        timeout=5,
    )
    assert answer.status_code == 400 and answer.json()["code"] == 21220
    rest.calls(parent).update(status="completed")
