"""The real twilio REST client, pointed at the simulator: create, fetch, hang up, and errors."""

from __future__ import annotations

import re
import time
from datetime import UTC, timedelta

import pytest
import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient

from console.config import Config
from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID
from console.telephony.client import REST_TIMEOUT, RedirectingHttpClient, make_rest_client
from tests.telephony.conftest import recorded_call

AGENT_PHONE = "+14155550100"  # ends 00: the telecaller picks up
LONG_HOLD = '<Response><Pause length="3600"/></Response>'


def wait_until(condition, timeout: float = 5.0) -> None:
    """Poll until the condition holds; fail the test when it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


def test_simulator_credentials_look_like_a_twilio_account():
    assert re.fullmatch(r"AC[0-9a-f]{32}", SIM_ACCOUNT_SID)
    assert re.fullmatch(r"[0-9a-f]{32}", SIM_AUTH_TOKEN)
    assert re.fullmatch(r"\+1[2-9]\d{9}", SIM_CALLER_ID)


def test_development_without_twilio_settings_dials_through_a_simulator_that_accepts_it(
    monkeypatch, simulator
):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_CALLER_ID", "TWILIO_API_BASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HANDOFF_ENV", "development")
    config = Config()
    rest = make_rest_client(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, simulator.base_url)
    call = rest.calls.create(to=AGENT_PHONE, from_=config.TWILIO_CALLER_ID, twiml="<Response/>")
    assert simulator.wait(call.sid) and simulator.calls[call.sid].status == "completed"
    assert config.TWILIO_API_BASE == "http://127.0.0.1:5055"  # where `handoff run` starts it


def test_development_without_twilio_settings_can_give_the_softphone_a_token(monkeypatch):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HANDOFF_ENV", "development")
    config = Config()
    assert re.fullmatch(r"SK[0-9a-f]{32}", config.TWILIO_API_KEY_SID)  # the simulator's key
    assert config.TWILIO_API_KEY_SECRET and config.TWILIO_TWIML_APP_SID


def test_without_an_api_base_the_client_talks_to_twilio_itself():
    client = make_rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, None)
    assert type(client.http_client) is TwilioHttpClient


@pytest.mark.parametrize("api_base", [None, "http://127.0.0.1:5055"], ids=["twilio", "simulator"])
def test_every_rest_call_gives_up_after_a_timeout_on_twilio_as_on_the_simulator(api_base):
    client = make_rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, api_base)
    assert client.http_client.timeout == REST_TIMEOUT == 15


@pytest.mark.parametrize(
    ("base", "url", "expected"),
    [
        (
            "http://127.0.0.1:5055",
            "https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?Status=queued",
            "http://127.0.0.1:5055/2010-04-01/Accounts/AC1/Calls.json?Status=queued",
        ),
        (
            "http://sim.local:8000/twilio/",
            "https://voice.us1.twilio.com/v1/x",
            "http://sim.local:8000/twilio/v1/x",
        ),
        ("http://127.0.0.1:5055", "https://example.com/hook", "https://example.com/hook"),
    ],
)
def test_only_twilio_hosts_are_rebased_to_the_simulator(base, url, expected):
    assert RedirectingHttpClient(base).rebase(url) == expected


def test_an_api_base_that_is_not_a_url_is_refused():
    with pytest.raises(ValueError, match="TWILIO_API_BASE"):
        make_rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, "127.0.0.1:5055")


def test_a_created_call_is_queued_then_plays_out(rest, simulator, fake_app):
    call = rest.calls.create(to=AGENT_PHONE, from_=SIM_CALLER_ID, twiml="<Response/>")
    assert re.fullmatch(r"CA[0-9a-f]{32}", call.sid)
    assert (call.status, call.to, call._from) == ("queued", AGENT_PHONE, SIM_CALLER_ID)
    assert call.direction == "outbound-api" and call.date_created.tzinfo is not None
    assert simulator.wait(call.sid)
    fetched = rest.calls(call.sid).fetch()
    assert (fetched.status, fetched.duration) == ("completed", "0")
    assert fetched.start_time <= fetched.end_time


def test_calls_can_be_listed_and_filtered(rest, simulator):
    sids = [
        rest.calls.create(to=number, from_=SIM_CALLER_ID, twiml="<Response/>").sid
        for number in ("+14155550100", "+14155550161")
    ]
    simulator.wait()
    assert {call.sid for call in rest.calls.list()} == set(sids)
    assert [call.sid for call in rest.calls.list(status="busy")] == [sids[1]]
    today = simulator.calls[sids[0]].created_at.astimezone(UTC).date()
    to_agent = {"to": "+14155550100", "start_time_after": today}
    assert [call.sid for call in rest.calls.list(**to_agent)] == [sids[0]]
    tomorrow = today + timedelta(days=1)
    assert rest.calls.list(to="+14155550100", start_time_after=tomorrow) == []
    with pytest.raises(TwilioException, match="HTTP 400.*StartTime must be a date"):
        rest.calls.list(start_time_after="yesterday")


def test_hanging_up_ends_a_live_call(rest, simulator):
    call = rest.calls.create(to=AGENT_PHONE, from_=SIM_CALLER_ID, twiml=LONG_HOLD)
    wait_until(lambda: simulator.calls[call.sid].status == "in-progress")
    hung_up = rest.calls(call.sid).update(status="completed")
    assert hung_up.status == "completed"
    assert int(hung_up.duration) < 3600


def test_cancelling_a_ringing_call_leaves_it_canceled(start_simulator):
    simulator = start_simulator(speed=0.01)  # ten minutes of ringing last 6 s
    rest = make_rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, simulator.base_url)
    call = rest.calls.create(to="+14155550155", from_=SIM_CALLER_ID, twiml=LONG_HOLD, timeout=600)
    wait_until(lambda: simulator.calls[call.sid].status == "ringing")
    assert rest.calls(call.sid).update(status="canceled").status == "canceled"
    assert rest.calls(call.sid).fetch().duration == "0"


def test_a_redirect_replaces_the_twiml_of_a_live_call(rest, simulator, fake_app):
    fake_app.twiml["/goodbye"] = "<Response><Say>Goodbye</Say><Hangup/></Response>"
    call = rest.calls.create(to=AGENT_PHONE, from_=SIM_CALLER_ID, twiml=LONG_HOLD)
    wait_until(lambda: simulator.calls[call.sid].status == "in-progress")
    rest.calls(call.sid).update(url=fake_app.url("/goodbye"))
    assert simulator.wait(call.sid)
    assert [hit.params["CallSid"] for hit in fake_app.hits_to("/goodbye")] == [call.sid]
    assert simulator.calls[call.sid].duration < 3600


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"to": ""}, 21201),
        ({"to": "555-0100"}, 21211),
        ({"from_": ""}, 21213),
        ({"from_": "Handoff"}, 21212),
        ({"twiml": None}, 21205),
        ({"twiml": None, "url": "ftp://example.com/voice"}, 21205),
        ({"method": "PUT", "url": "http://example.com/voice"}, 21200),
        ({"status_callback_event": ["initiated", "dialing"]}, 21200),
    ],
)
def test_bad_parameters_raise_twilio_error_codes(rest, changes, code):
    request = {"to": AGENT_PHONE, "from_": SIM_CALLER_ID, "twiml": "<Response/>"} | changes
    with pytest.raises(TwilioRestException) as raised:
        rest.calls.create(**request)
    assert (raised.value.status, raised.value.code) == (400, code)


def test_wrong_credentials_are_refused_with_401(simulator):
    intruder = make_rest_client(SIM_ACCOUNT_SID, "0" * 32, simulator.base_url)
    with pytest.raises(TwilioRestException) as raised:
        intruder.calls.create(to=AGENT_PHONE, from_=SIM_CALLER_ID, twiml="<Response/>")
    assert (raised.value.status, raised.value.code) == (401, 20003)
    assert len(simulator.calls) == 0


def test_an_unknown_call_is_404(rest):
    with pytest.raises(TwilioRestException) as raised:
        rest.calls("CA" + "0" * 32).fetch()
    assert (raised.value.status, raised.value.code) == (404, 20404)


def test_a_finished_call_cannot_be_redirected(rest, simulator):
    call = rest.calls.create(to=AGENT_PHONE, from_=SIM_CALLER_ID, twiml="<Response/>")
    simulator.wait(call.sid)
    with pytest.raises(TwilioRestException) as raised:
        rest.calls(call.sid).update(twiml="<Response><Say>Too late</Say></Response>")
    assert (raised.value.status, raised.value.code) == (400, 21220)


def test_recorded_calls_serve_their_media(rest, simulator, fake_app):
    hit = recorded_call(rest, simulator, fake_app, seconds=30)
    assert (hit.params["RecordingSource"], hit.params["RecordingDuration"]) == ("OutboundAPI", "30")
    media = requests.get(hit.params["RecordingUrl"] + ".wav", timeout=5)
    assert media.content[:4] == b"RIFF"
    assert rest.recordings(hit.params["RecordingSid"]).fetch().call_sid == hit.params["CallSid"]
