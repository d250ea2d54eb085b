"""The /twilio/ webhooks feed the call record: TwiML to dial, callbacks folded, events pushed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import format_datetime
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select
from twilio.request_validator import RequestValidator

from console import clock
from console.domain.roles import AgentState
from console.models import Call, CallEvent, Lead
from console.realtime import publish
from console.services import accounts
from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID
from tests.conftest import WORKING_ZONE

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours

AGENT_SID, LEAD_SID = "CA" + "a" * 32, "CA" + "b" * 32
LEAD_PHONE = "+14155550123"
T0 = clock.now().replace(microsecond=0)


def stamp(seconds: int) -> str:
    return format_datetime(T0 + timedelta(seconds=seconds))


def agent_status(status: str, n: int, sid: str = AGENT_SID, **more) -> tuple[str, dict]:
    params = {"CallSid": sid, "CallStatus": status, "SequenceNumber": str(n)}
    return "status", params | {"Timestamp": stamp(n * 3)} | more


def lead_status(status: str, n: int, second: int, sids=(AGENT_SID, LEAD_SID), **more):
    params = {"CallSid": sids[1], "ParentCallSid": sids[0], "CallStatus": status}
    return "status", params | {"SequenceNumber": str(n), "Timestamp": stamp(second)} | more


def conversation(agent_sid: str = AGENT_SID, lead_sid: str = LEAD_SID) -> list[tuple[str, dict]]:
    """Every callback Twilio sends about a 45-second, recorded conversation, in order."""
    sids, recording = (agent_sid, lead_sid), "RE" + lead_sid[2:]
    return [
        agent_status("initiated", 0, agent_sid),
        agent_status("ringing", 1, agent_sid),
        agent_status("in-progress", 2, agent_sid),
        lead_status("initiated", 0, 6, sids),
        lead_status("ringing", 1, 6, sids),
        lead_status("in-progress", 2, 12, sids),
        ("amd", {"CallSid": lead_sid, "AnsweredBy": "human", "MachineDetectionDuration": "2500"}),
        lead_status("completed", 3, 57, sids, CallDuration="45", AnsweredBy="human"),
        (
            "dial",
            {"CallSid": agent_sid, "DialCallSid": lead_sid, "DialCallStatus": "completed"}
            | {"DialCallDuration": "45", "RecordingSid": recording},
        ),
        (
            "recording",
            {"CallSid": agent_sid, "RecordingSid": recording, "RecordingDuration": "45"}
            | {"RecordingStatus": "completed", "RecordingUrl": f"https://sim/{recording}"},
        ),
        agent_status("completed", 3, agent_sid, CallDuration="52"),
    ]


CONVERSATION = conversation()


def post(client, route: str, call_id: int | None, params: dict):
    """A webhook signed the way Twilio signs it, for the URL the test client uses."""
    path = f"/twilio/{route}" + (f"?call={call_id}" if call_id is not None else "")
    signature = RequestValidator(SIM_AUTH_TOKEN).compute_signature(
        f"http://localhost{path}", params
    )
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


@pytest.fixture(autouse=True)
def simulator_account(app):
    """The simulator's account, reaching the app where the test client does (http://localhost),
    whatever this machine's environment says."""
    app.config.update(
        TWILIO_ACCOUNT_SID=SIM_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=SIM_AUTH_TOKEN,
        PUBLIC_BASE_URL="http://localhost",
    )
    app.config["TWILIO_CALLER_ID"] = SIM_CALLER_ID
    app.extensions.pop("handoff.telephony", None)


@pytest.fixture
def lead(session, campaign, users) -> Lead:
    """A lead the telecaller holds, already dialled once."""
    held = Lead(
        campaign_id=campaign.id,
        first_name="Ada",
        last_name="Lovelace",
        phone=LEAD_PHONE,
        country="US",
        region="NY",
        timezone=WORKING_ZONE,
        attempts=1,
        lease_owner_id=users["telecaller"].id,
        lease_expires_at=clock.now() + timedelta(minutes=1),
    )
    session.add(held)
    session.commit()
    return held


@pytest.fixture
def dialled(session, lead, users):
    """Make a bridge call on the held lead that Twilio already knows: dialled(consent=...)."""

    def make(consent: str = "one_party", sid: str | None = AGENT_SID, mode: str = "bridge") -> Call:
        call = Call(
            lead_id=lead.id,
            agent_id=users["telecaller"].id,
            campaign_id=lead.campaign_id,
            mode=mode,
            status="queued",
            twilio_sid=sid,
            recording_consent=consent,
        )
        session.add(call)
        session.commit()
        return call

    return make


def replay(client, call: Call, callbacks) -> None:
    for route, params in callbacks:
        assert post(client, route, call.id, params).status_code in (200, 204)


def final(session, call: Call) -> tuple:
    session.expire_all()
    row = session.get(Call, call.id)
    return (
        row.status,
        row.lead_call_sid,
        row.answered_by,
        row.answered_at,
        row.ended_at,
        row.duration_seconds,
        row.recording_sid,
        row.recording_seconds,
    )


def test_a_conversations_callbacks_build_the_call_record(client, session, dialled, lead, users):
    agent = users["telecaller"]
    accounts.set_agent_state(session=session, user=agent, state="on_call", publish=publish)
    call = dialled()
    replay(client, call, CONVERSATION)
    status, lead_sid, answered_by, answered_at, ended_at, duration, recording, seconds = final(
        session, call
    )
    assert (status, lead_sid, answered_by, duration) == ("completed", LEAD_SID, "human", 45)
    assert (answered_at, ended_at) == (T0 + timedelta(seconds=12), T0 + timedelta(seconds=57))
    assert (recording, seconds) == ("RE" + LEAD_SID[2:], 45)
    assert session.get(Lead, lead.id).attempts == 1, "the dial counted it; callbacks keep it"
    assert session.get(type(agent), agent.id).state == AgentState.WRAP_UP


def test_a_callback_that_comes_twice_is_stored_once(client, session, dialled):
    call = dialled()
    for _ in range(3):
        assert post(client, *CONVERSATION[3][:1], call.id, CONVERSATION[3][1]).status_code == 204
    events = session.exec(select(CallEvent).where(CallEvent.call_id == call.id)).all()
    assert len(events) == 1 and events[0].status == "initiated"


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order=st.permutations(range(len(CONVERSATION))),
    repeats=st.lists(st.integers(0, len(CONVERSATION) - 1), max_size=6),
)
def test_any_order_and_repeats_of_the_callbacks_end_in_the_same_record(
    client, session, dialled, order, repeats
):
    calm_sids, chaotic_sids = [(f"CA{uuid4().hex}", f"CA{uuid4().hex}") for _ in range(2)]
    calm, chaotic = dialled(sid=calm_sids[0]), dialled(sid=chaotic_sids[0])
    replay(client, calm, conversation(*calm_sids))
    callbacks = conversation(*chaotic_sids)
    replay(client, chaotic, [callbacks[i] for i in [*order, *repeats]])
    calm_record, chaotic_record = final(session, calm), final(session, chaotic)
    assert calm_record[0] == "completed"
    assert chaotic_record[:1] + chaotic_record[2:6] == calm_record[:1] + calm_record[2:6]
    assert chaotic_record[1] == chaotic_sids[1] and chaotic_record[7] == calm_record[7]


def test_the_telecallers_phone_not_answering_is_no_attempt(client, session, dialled, lead, users):
    agent = users["telecaller"]
    accounts.set_agent_state(session=session, user=agent, state="on_call", publish=publish)
    call = dialled()
    replay(client, call, [agent_status("initiated", 0), agent_status("no-answer", 1)])
    session.expire_all()
    assert session.get(Call, call.id).status == "canceled"
    assert session.get(Lead, lead.id).attempts == 0
    assert session.get(type(agent), agent.id).state == AgentState.AVAILABLE


def test_every_status_callback_renews_the_lease(client, session, dialled, lead):
    call = dialled()
    post(client, "status", call.id, agent_status("ringing", 1)[1])
    session.expire_all()
    assert session.get(Lead, lead.id).lease_expires_at > clock.now() + timedelta(minutes=9)


def test_callbacks_of_a_replaced_dial_are_ignored(client, session, dialled):
    call = dialled()
    stale = {"CallSid": "CA" + "f" * 32, "CallStatus": "busy", "SequenceNumber": "1"}
    assert post(client, "status", call.id, stale).status_code == 204
    assert session.exec(select(CallEvent)).all() == []


def test_an_unknown_call_is_acknowledged_and_ignored(client, session):
    assert post(client, "status", 4242, agent_status("ringing", 1)[1]).status_code == 204
    assert session.exec(select(CallEvent)).all() == []


def twiml(response) -> ET.Element:
    assert response.status_code == 200 and response.mimetype == "text/xml"
    return ET.fromstring(response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("consent", "records", "discloses"),
    [("one_party", True, False), ("disclosed", True, True), ("not_recorded", False, False)],
)
def test_the_voice_webhook_dials_the_lead_with_both_legs_reported(
    client, dialled, consent, records, discloses
):
    call = dialled(consent=consent)
    document = twiml(post(client, "voice", call.id, agent_status("in-progress", 2)[1]))
    dial = document.find("Dial")
    number = dial.find("Number")
    assert (dial.get("answerOnBridge"), dial.get("callerId")) == ("true", SIM_CALLER_ID)
    assert dial.get("action") == f"http://localhost/twilio/dial?call={call.id}"
    assert number.text == LEAD_PHONE and number.get("machineDetection") == "Enable"
    assert number.get("statusCallback") == f"http://localhost/twilio/status?call={call.id}"
    assert number.get("statusCallbackEvent") == "initiated ringing answered completed"
    assert number.get("amdStatusCallback") == f"http://localhost/twilio/amd?call={call.id}"
    assert (dial.get("record") is not None, dial.get("recordingStatusCallback") is not None) == (
        records,
        records,
    )
    assert (number.get("url") == f"http://localhost/twilio/disclosure?call={call.id}") is discloses


def test_the_disclosure_tells_the_lead_the_call_is_recorded(client, dialled):
    document = twiml(post(client, "disclosure", dialled().id, {"CallSid": LEAD_SID}))
    assert "recorded" in document.find("Say").text and document.find("Hangup") is None


def test_dial_complete_ends_the_telecallers_leg(client, dialled):
    document = twiml(post(client, "dial", dialled().id, CONVERSATION[8][1]))
    assert document.find("Hangup") is not None


def test_the_voice_webhook_refuses_a_lead_no_longer_held(client, session, dialled, lead):
    call = dialled()
    lead.lease_owner_id = None
    session.commit()
    document = twiml(post(client, "voice", call.id, agent_status("in-progress", 2)[1]))
    assert document.find("Dial") is None and document.find("Hangup") is not None
    assert "no longer hold" in document.find("Say").text


@pytest.mark.parametrize(("caller", "dials"), [("own", True), ("other", False)])
def test_a_browser_call_is_dialled_only_for_its_own_telecaller(
    client, session, dialled, users, caller, dials
):
    call = dialled(sid=None, mode="browser")
    who = users["telecaller"] if caller == "own" else users["lead"]
    form = {"CallSid": AGENT_SID, "CallStatus": "ringing", "From": f"client:agent-{who.id}"}
    document = twiml(post(client, "voice", None, form | {"CallId": str(call.id)}))
    assert (document.find("Dial") is not None) is dials
    session.expire_all()
    assert (session.get(Call, call.id).twilio_sid == AGENT_SID) is dials


@pytest.mark.parametrize("role", ["telecaller", "lead"])
def test_call_updated_reaches_the_telecaller_and_the_floor(client, signed_in, sio, dialled, role):
    signed_in(role)
    listener = sio()
    listener.get_received()
    call = dialled()
    post(client, "status", call.id, agent_status("ringing", 1)[1])
    post(client, "status", call.id, lead_status("ringing", 1, 6)[1])
    events = [e["args"][0] for e in listener.get_received() if e["name"] == "call.updated"]
    assert [e["call"]["phase"] for e in events] == ["dialling", "ringing"]
    assert events[-1]["call"]["id"] == call.id and events[-1]["type"] == "call.updated"


def test_a_sales_rep_does_not_hear_calls(client, signed_in, sio, dialled):
    signed_in("sales")
    listener = sio()
    listener.get_received()
    post(client, "status", dialled().id, agent_status("ringing", 1)[1])
    assert [e for e in listener.get_received() if e["name"] == "call.updated"] == []
