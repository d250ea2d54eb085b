"""A call read back from Twilio's REST API (the simulator's, through the real library) as the
facts its callbacks bring: the same fold, the same dedupe keys, sentences for every failure."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioException

from console.domain.calls import FactKind, Leg, fold
from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID
from console.telephony.port import TelephonyError
from console.telephony.twilio_adapter import TwilioAdapter
from console.telephony.twilio_callbacks import read_callback
from tests.telephony.conftest import ANSWERING_PHONE
from tests.telephony.test_provider_errors import UNREACHABLE, nobody_listening


def adapter(api_base: str) -> TwilioAdapter:
    return TwilioAdapter(
        account_sid=SIM_ACCOUNT_SID,
        auth_token=SIM_AUTH_TOKEN,
        caller_id=SIM_CALLER_ID,
        api_base=api_base,
    )


def dialled(rest, simulator, fake_app, lead_phone: str) -> str:
    """A telecaller's leg that <Dial>s the lead with recording, played out; its SID."""
    twiml = (
        '<Response><Dial record="record-from-answer-dual" recordingStatusCallback='
        f'"{fake_app.url("/recording")}"><Number machineDetection="Enable">{lead_phone}</Number>'
        "</Dial></Response>"
    )
    call = rest.calls.create(to=ANSWERING_PHONE, from_=SIM_CALLER_ID, twiml=twiml)
    assert simulator.wait(call.sid)
    return call.sid


def test_a_played_out_call_reads_back_as_its_legs_and_recording(rest, simulator, fake_app):
    sid = dialled(rest, simulator, fake_app, "+14155550123")  # talks for 45 s
    facts = adapter(simulator.base_url).call_facts(sid)
    kinds = [(said.fact.kind, said.fact.leg) for said in facts]
    assert kinds == [
        (FactKind.STATUS, Leg.LEAD),
        (FactKind.RECORDING, Leg.AGENT),
        (FactKind.STATUS, Leg.AGENT),
    ], "the lead's legs first, the telecaller's last"
    record = fold(said.fact for said in facts)
    assert (record.status, record.duration_seconds, record.answered_by) == (
        "completed",
        45,
        "human",
    )
    assert record.recording_seconds == 45 and record.ended_at is not None
    assert record.answered_at is not None, "from the end and the seconds talked"


def test_a_recording_read_back_is_the_same_fact_as_its_callback(rest, simulator, fake_app):
    sid = dialled(rest, simulator, fake_app, "+14155550123")
    (said,) = [c for c in adapter(simulator.base_url).call_facts(sid) if c.fact.recording_sid]
    (hit,) = fake_app.hits_to("/recording")
    sent = read_callback(FactKind.RECORDING, hit.params)
    assert (said.call_sid, said.dedupe_key) == (sent.call_sid, sent.dedupe_key)
    assert said.fact.recording_sid == sent.fact.recording_sid
    assert said.fact.recording_url.endswith(sent.fact.recording_url.split("/2010-04-01")[1])
    assert said.fact.duration == sent.fact.duration


@pytest.mark.parametrize(
    ("ending", "status"), [("55", "no-answer"), ("61", "busy"), ("66", "failed")]
)
def test_a_lead_who_never_talked_reads_back_as_how_the_dial_ended(
    rest, simulator, fake_app, ending, status
):
    sid = dialled(rest, simulator, fake_app, f"+14155550{ending}")
    record = fold(said.fact for said in adapter(simulator.base_url).call_facts(sid))
    assert (record.status, record.duration_seconds, record.recording_sid) == (status, 0, None)


def test_a_call_twilio_never_had_is_a_sentence_with_its_own_code(simulator):
    with pytest.raises(TelephonyError) as raised:
        adapter(simulator.base_url).call_facts("CA" + "0" * 32)
    assert raised.value.code == "call_unknown"
    assert "Twilio has no record of this call" in raised.value.message
    assert "AC" not in raised.value.message and "/" not in raised.value.message


def test_twilio_out_of_reach_while_reading_a_call_is_a_sentence():
    with pytest.raises(TelephonyError) as raised:
        adapter(nobody_listening()).call_facts("CA" + "1" * 32)
    assert raised.value.message == UNREACHABLE


def test_the_simulator_lists_a_calls_recordings_as_twilio_does(rest, simulator, fake_app):
    sid = dialled(rest, simulator, fake_app, "+14155550123")
    (recording,) = rest.calls(sid).recordings.list()
    assert (recording.call_sid, recording.duration, recording.status) == (sid, "45", "completed")
    assert recording.uri.endswith(f"/Calls/{sid}/Recordings/{recording.sid}.json")
    assert rest.calls.list(parent_call_sid=sid)[0].parent_call_sid == sid
    with pytest.raises(TwilioException) as unknown:  # the library's error for a list page
        rest.calls("CA" + "0" * 32).recordings.list()
    assert unknown.value.args[1].status_code == 404
