"""What Twilio's refusals and silences become: a sentence for the person, never the library's
text, a URL or the account SID (those go to the log for operators)."""

from __future__ import annotations

import socket

import pytest

from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID
from console.telephony.port import BridgeRequest, TelephonyError
from console.telephony.twilio_adapter import TwilioAdapter
from tests.telephony.conftest import ANSWERING_PHONE

RING = BridgeRequest(
    agent_phone=ANSWERING_PHONE,
    voice_url="http://127.0.0.1:9/twilio/voice",
    status_url="http://127.0.0.1:9/twilio/status",
)
UNREACHABLE = (
    "Twilio could not be reached: try again in a minute; if it keeps failing, tell your admin."
)


def nobody_listening() -> str:
    """An address where no Twilio answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def adapter(api_base: str, caller_id: str = SIM_CALLER_ID) -> TwilioAdapter:
    return TwilioAdapter(
        account_sid=SIM_ACCOUNT_SID,
        auth_token=SIM_AUTH_TOKEN,
        caller_id=caller_id,
        api_base=api_base,
    )


@pytest.mark.parametrize(
    "attempt",
    [
        lambda twilio: twilio.place_bridge_call(RING),
        lambda twilio: twilio.hang_up("CA" + "1" * 32),
    ],
    ids=["dial", "hang-up"],
)
def test_twilio_out_of_reach_is_a_sentence_without_the_account(attempt):
    with pytest.raises(TelephonyError) as raised:
        attempt(adapter(nobody_listening()))
    assert raised.value.message == UNREACHABLE


def test_a_refusal_the_telecaller_cannot_fix_is_named_by_its_code_alone(simulator):
    unnamed = adapter(simulator.base_url, caller_id="")  # Twilio: 21213, no From number
    with pytest.raises(TelephonyError) as raised:
        unnamed.place_bridge_call(RING)
    assert raised.value.message == (
        "Twilio refused the call (error 21213): try again, and if it happens again tell your "
        "admin this code."
    )
    assert raised.value.code == 21213


def test_a_refusal_the_telecaller_can_fix_says_how(simulator):
    bad_phone = BridgeRequest(
        agent_phone="12345", voice_url=RING.voice_url, status_url=RING.status_url
    )
    with pytest.raises(TelephonyError) as raised:
        adapter(simulator.base_url).place_bridge_call(bad_phone)
    assert raised.value.message == (
        "Your phone number is not a valid number: fix it in your profile (E.164, +1...)."
    )
