"""The simulator plays calls out like Twilio: the number table, <Dial>, signed callbacks, chaos."""

from __future__ import annotations

import socket
import time
from email.utils import parsedate_to_datetime

import pytest
import requests
from twilio.request_validator import RequestValidator

from console.simulator import SimulatorPortTaken, serve_in_background
from console.simulator.number_table import NUMBER_TABLE
from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID
from console.telephony.client import make_rest_client as rest_client

AGENT = "+14155550100"  # the telecaller's own phone: ends 00, picks up
LEAD = "+14155550123"  # ends 23: a person who talks for 45 s
EVERY_EVENT = ["initiated", "ringing", "answered", "completed"]
ANSWERED = ["initiated", "ringing", "in-progress", "completed"]


def bridge_twiml(lead: str, *, timeout: int = 30, number_attrs: str = "") -> str:
    """The bridge-mode TwiML: dial the lead, record both sides, report everything."""
    return (
        f'<Response><Dial answerOnBridge="true" callerId="{SIM_CALLER_ID}" timeout="{timeout}"'
        ' action="/dial-complete" record="record-from-answer-dual"'
        ' recordingStatusCallback="/recording">'
        '<Number statusCallback="/lead-status"'
        f' statusCallbackEvent="initiated ringing answered completed" {number_attrs}>'
        f"{lead}</Number></Dial></Response>"
    )


def place_bridge_call(
    rest, fake_app, simulator, lead: str = LEAD, agent: str = AGENT, **twiml
) -> str:
    """Ring the agent, dial the lead, and wait until every callback has been sent."""
    fake_app.twiml["/voice"] = bridge_twiml(lead, **twiml)
    fake_app.twiml["/dial-complete"] = "<Response><Hangup/></Response>"
    call = rest.calls.create(
        to=agent,
        from_=SIM_CALLER_ID,
        url=fake_app.url("/voice"),
        status_callback=fake_app.url("/agent-status"),
        status_callback_event=EVERY_EVENT,
    )
    assert simulator.wait(call.sid)
    return call.sid


def statuses(fake_app, path: str) -> list[str]:
    return [hit.params["CallStatus"] for hit in fake_app.hits_to(path)]


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


def test_every_number_ending_has_exactly_one_scenario():
    for ending in range(100):
        assert sum(ending in span for span in NUMBER_TABLE) == 1


@pytest.mark.parametrize(
    ("lead", "timeout", "dial_status", "lead_statuses", "talk"),
    [
        ("+14155550123", 30, "completed", ANSWERED, 45),
        ("+14155550155", 30, "no-answer", ["initiated", "ringing", "no-answer"], 0),
        ("+14155550161", 30, "busy", ["initiated", "busy"], 0),
        ("+14155550166", 30, "failed", ["initiated", "failed"], 0),
        ("+14155550172", 30, "completed", ANSWERED, 40),
        ("+14155550182", 30, "completed", ANSWERED, 4),
        ("+14155550187", 30, "completed", ANSWERED, 45),
        ("+14155550187", 20, "no-answer", ["initiated", "ringing", "no-answer"], 0),
        ("+14155550193", 30, "completed", ANSWERED, 30),
        ("+14155550199", 30, "no-answer", ["initiated", "ringing", "no-answer"], 0),
    ],
)
def test_the_number_table_decides_how_the_lead_leg_ends(
    rest, simulator, fake_app, lead, timeout, dial_status, lead_statuses, talk
):
    place_bridge_call(rest, fake_app, simulator, lead, timeout=timeout)
    assert statuses(fake_app, "/lead-status") == lead_statuses
    (dial,) = fake_app.hits_to("/dial-complete")
    assert (dial.params["DialCallStatus"], dial.params["DialCallDuration"]) == (
        dial_status,
        str(talk),
    )
    assert ("RecordingSid" in dial.params) == (talk > 0)
    assert len(fake_app.hits_to("/recording")) == (1 if talk else 0)
    assert statuses(fake_app, "/agent-status") == ANSWERED


@pytest.mark.parametrize(
    ("agent", "final"),
    [
        ("+14155550199", "no-answer"),
        ("+14155550155", "no-answer"),
        ("+14155550162", "busy"),
        ("+14155550167", "failed"),
    ],
)
def test_a_telecaller_who_does_not_pick_up_never_reaches_the_twiml(
    rest, simulator, fake_app, agent, final
):
    sid = place_bridge_call(rest, fake_app, simulator, agent=agent)
    assert statuses(fake_app, "/agent-status")[-1] == final
    assert fake_app.hits_to("/voice") == [] and fake_app.hits_to("/lead-status") == []
    assert rest.calls(sid).fetch().status == final


def test_a_bridge_call_reports_the_lead_leg_the_dial_result_and_the_recording(
    rest, simulator, fake_app
):
    parent = place_bridge_call(rest, fake_app, simulator)
    (child,) = simulator.calls.children(parent)
    lead_hits = fake_app.hits_to("/lead-status")
    assert [hit.params["SequenceNumber"] for hit in lead_hits] == ["0", "1", "2", "3"]
    for hit in lead_hits:
        assert hit.params["CallSid"] == child.sid and hit.params["ParentCallSid"] == parent
        assert hit.params["Direction"] == "outbound-dial"
        assert hit.params["CallbackSource"] == "call-progress-events"
        assert parsedate_to_datetime(hit.params["Timestamp"]).tzinfo is not None
    assert lead_hits[-1].params["CallDuration"] == "45"
    assert (lead_hits[-1].params["From"], lead_hits[-1].params["To"]) == (SIM_CALLER_ID, LEAD)
    (dial,) = fake_app.hits_to("/dial-complete")
    assert (dial.params["CallSid"], dial.params["DialCallSid"]) == (parent, child.sid)
    (recording,) = fake_app.hits_to("/recording")
    assert recording.params["RecordingSid"] == dial.params["RecordingSid"]
    assert recording.params["RecordingUrl"] == dial.params["RecordingUrl"]
    assert (recording.params["CallSid"], recording.params["RecordingStatus"]) == (
        parent,
        "completed",
    )
    assert (recording.params["RecordingDuration"], recording.params["RecordingChannels"]) == (
        "45",
        "2",
    )
    assert requests.get(recording.params["RecordingUrl"], timeout=5).content[:4] == b"RIFF"
    agent_done = fake_app.hits_to("/agent-status")[-1]
    assert agent_done is fake_app.hits[-1], "the telecaller's leg completes last"
    assert int(agent_done.params["CallDuration"]) >= 45


@pytest.mark.parametrize(
    ("lead", "mode", "answered_by"),
    [
        ("+14155550123", "Enable", "human"),
        ("+14155550172", "DetectMessageEnd", "machine_end_beep"),
        ("+14155550175", "Enable", "machine_start"),
        ("+14155550193", "Enable", "unknown"),
    ],
)
@pytest.mark.parametrize("asynchronous", [True, False])
def test_machine_detection_tells_people_from_voicemail(
    rest, simulator, fake_app, lead, mode, answered_by, asynchronous
):
    attrs = f'machineDetection="{mode}"' + (' amdStatusCallback="/amd"' if asynchronous else "")
    place_bridge_call(rest, fake_app, simulator, lead, number_attrs=attrs)
    completed = fake_app.hits_to("/lead-status")[-1]
    assert completed.params["AnsweredBy"] == answered_by
    amd = [hit.params["AnsweredBy"] for hit in fake_app.hits_to("/amd")]
    assert amd == ([answered_by] if asynchronous else [])


def test_every_callback_is_signed_for_its_exact_url(rest, simulator, fake_app):
    place_bridge_call(rest, fake_app, simulator, number_attrs='statusCallbackMethod="GET"')
    validator = RequestValidator(SIM_AUTH_TOKEN)
    assert {hit.method for hit in fake_app.hits} == {"GET", "POST"}
    for hit in fake_app.hits:
        assert validator.validate(hit.url, hit.body(), hit.signature), hit.url
        assert not validator.validate(fake_app.url("/elsewhere"), hit.body(), hit.signature)
        tampered = hit.body() | {"CallStatus": "tampered"} if hit.method == "POST" else {"x": "y"}
        assert not validator.validate(hit.url, tampered, hit.signature)


def test_hanging_up_the_telecaller_mid_call_ends_both_legs(start_simulator, fake_app):
    simulator = start_simulator(speed=0.03)  # the lead talks for 1.35 s
    rest = rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, simulator.base_url)
    fake_app.twiml["/voice"] = bridge_twiml(LEAD)
    parent = rest.calls.create(to=AGENT, from_=SIM_CALLER_ID, url=fake_app.url("/voice")).sid
    wait_until(lambda: [c.status for c in simulator.calls.children(parent)] == ["in-progress"])
    assert rest.calls(parent).update(status="completed").status == "completed"
    assert simulator.wait(parent)
    (child,) = simulator.calls.children(parent)
    assert child.status == "completed" and child.duration < 45
    (dial,) = fake_app.hits_to("/dial-complete")
    assert (dial.params["CallStatus"], dial.params["DialCallStatus"]) == ("completed", "completed")


def test_hanging_up_the_lead_leg_lets_the_telecaller_continue(start_simulator, fake_app):
    simulator = start_simulator(speed=0.03)
    rest = rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, simulator.base_url)
    fake_app.twiml["/voice"] = bridge_twiml(LEAD)
    fake_app.twiml["/dial-complete"] = "<Response><Say>Thanks</Say></Response>"
    parent = rest.calls.create(to=AGENT, from_=SIM_CALLER_ID, url=fake_app.url("/voice")).sid
    wait_until(lambda: [c.status for c in simulator.calls.children(parent)] == ["in-progress"])
    child = simulator.calls.children(parent)[0]
    assert rest.calls(child.sid).update(status="completed").status == "completed"
    assert simulator.wait(parent)
    (dial,) = fake_app.hits_to("/dial-complete")
    assert (dial.params["CallStatus"], dial.params["DialCallStatus"]) == (
        "in-progress",
        "completed",
    )
    assert simulator.calls[parent].status == "completed"


def normalized(fake_app, simulator) -> list[tuple]:
    """The callbacks in arrival order, minus what differs between runs: clock stamps, the port."""
    stamps = {"Timestamp", "RecordingStartTime"}
    return [
        (
            hit.path,
            frozenset(
                (name, value.replace(simulator.base_url, ""))
                for name, value in hit.params.items()
                if name not in stamps
            ),
        )
        for hit in fake_app.hits
    ]


def test_chaos_duplicates_and_shuffles_but_delivers_every_callback(start_simulator, start_fake_app):
    runs = []
    for chaos in (False, True):
        simulator, fake_app = start_simulator(seed=11, chaos=chaos), start_fake_app()
        rest = rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, simulator.base_url)
        place_bridge_call(rest, fake_app, simulator)
        runs.append(normalized(fake_app, simulator))
    calm, chaotic = runs
    assert set(chaotic) == set(calm)
    assert len(chaotic) > len(calm), "some callbacks arrive twice"
    assert list(dict.fromkeys(chaotic)) != calm, "and first deliveries come in another order"


def test_a_browser_call_runs_the_twiml_app_voice_url(start_simulator, fake_app):
    simulator = start_simulator(voice_url=fake_app.url("/voice"))
    fake_app.twiml["/voice"] = bridge_twiml(LEAD)
    form = {"From": "client:caller1", "To": LEAD, "LeadId": "42"}
    reply = requests.post(f"{simulator.base_url}/sim/client-calls", data=form, timeout=5)
    assert reply.status_code == 201
    parent = reply.json()["sid"]
    assert simulator.wait(parent)
    (voice,) = fake_app.hits_to("/voice")
    assert voice.params["LeadId"] == "42" and voice.params["CallStatus"] == "ringing"
    assert (voice.params["From"], voice.params["Direction"]) == ("client:caller1", "inbound")
    assert statuses(fake_app, "/lead-status") == ANSWERED
    legs = requests.get(f"{simulator.base_url}/sim/calls", timeout=5).json()
    assert [(leg["sid"], leg["status"]) for leg in legs][0] == (parent, "completed")
    assert legs[1]["parent_call_sid"] == parent and len(legs[1]["callbacks"]) == 4


def test_a_twiml_document_that_is_not_twiml_ends_the_call(rest, simulator, fake_app):
    fake_app.twiml["/voice"] = "this is not XML"
    call = rest.calls.create(to=AGENT, from_=SIM_CALLER_ID, url=fake_app.url("/voice"))
    simulator.wait(call.sid)
    assert rest.calls(call.sid).fetch().status == "completed"
    assert simulator.calls[call.sid].errors[0].startswith("12100")


def test_handoff_run_starts_a_simulator_on_the_configured_port(fake_app):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = {"TWILIO_API_BASE": f"http://127.0.0.1:{port}", "PUBLIC_BASE_URL": fake_app.url("")}
    assert serve_in_background(config) == port
    described = requests.get(f"http://127.0.0.1:{port}/", timeout=5).json()
    assert described["voice_url"] == fake_app.url("/twilio/voice")
    assert serve_in_background(config) == port, "a second start reuses the running simulator"


def test_handoff_run_refuses_a_port_taken_by_something_else():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = {"TWILIO_API_BASE": f"http://127.0.0.1:{port}", "PORT": 5000}
        with pytest.raises(SimulatorPortTaken, match=f"Port {port} is taken.*SIM_PORT"):
            serve_in_background(settings)


def test_handoff_run_refuses_a_simulator_that_calls_another_console_back(fake_app):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    theirs = {"TWILIO_API_BASE": f"http://127.0.0.1:{port}", "PUBLIC_BASE_URL": fake_app.url("")}
    assert serve_in_background(theirs) == port
    ours = {"TWILIO_API_BASE": f"http://127.0.0.1:{port}", "PORT": 5999}
    with pytest.raises(SimulatorPortTaken):
        serve_in_background(ours)
