"""Recordings are heard through the app, fetched from the simulator with the account's
credentials, by those who may hear them; provider trouble is a sentence, never Twilio's text."""

from __future__ import annotations

import pytest

from console.models import Call, Outcome
from console.services import accounts
from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN
from console.telephony.client import make_rest_client
from tests.conftest import PASSWORD
from tests.handoffs import add_lead, book_meeting
from tests.telephony.conftest import recorded_call


def record_a_call(simulator, fake_app) -> str:
    """Place a recorded call through the simulator; the RecordingSid it reports."""
    rest = make_rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, simulator.base_url)
    return recorded_call(rest, simulator, fake_app, seconds=5).params["RecordingSid"]


def point_at(app, simulator, auth_token: str = SIM_AUTH_TOKEN) -> None:
    """The app's Twilio is this simulator, with these credentials."""
    app.config.update(
        TWILIO_API_BASE=simulator.base_url,
        TWILIO_ACCOUNT_SID=SIM_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=auth_token,
    )
    app.extensions.pop("handoff.telephony", None)


@pytest.fixture
def handed_off(app, session, campaign, users, simulator, fake_app) -> Call:
    """The telecaller's recorded call, handed to the sales rep as a meeting."""
    sid = record_a_call(simulator, fake_app)
    point_at(app, simulator)
    lead = add_lead(session, campaign)
    meeting = book_meeting(
        session, lead, users["telecaller"], recording_sid=sid,
        recording_url=f"{simulator.base_url}/2010-04-01/Accounts/{SIM_ACCOUNT_SID}/Recordings/{sid}",
    )  # fmt: skip
    return session.get(Call, session.get(Outcome, meeting.outcome_id).call_id)


def listen(client, call: Call, headers: dict):
    return client.get(f"/api/v1/calls/{call.id}/recording", headers=headers)


@pytest.mark.parametrize("role", ["telecaller", "sales", "lead", "admin"])
def test_those_who_may_hear_the_call_get_its_audio_through_the_app(
    client, tokens, handed_off, role
):
    heard = listen(client, handed_off, tokens[role])
    assert heard.status_code == 200, heard.get_data(as_text=True)
    assert heard.content_type == "audio/x-wav" and heard.data[:4] == b"RIFF"
    assert heard.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ["telecaller", "sales"])
def test_another_telecaller_or_rep_is_told_there_is_no_such_recording(
    client, session, handed_off, role
):
    other = accounts.create_user(
        session=session, email=f"other-{role}@example.test", name="Other", role=role,
        password=PASSWORD,
    )  # fmt: skip
    token = accounts.issue_token(session=session, kind="personal", name="other", user=other)
    refused = listen(client, handed_off, {"Authorization": f"Bearer {token}"})
    assert refused.status_code == 404
    assert "no recording of call" in refused.json["error"]["message"]
    assert b"RIFF" not in refused.data


def test_the_packet_points_at_the_app_never_at_the_provider(client, signed_in, tokens, handed_off):
    meeting = client.get("/api/v1/meetings", headers=tokens["sales"]).json["meetings"][0]
    packet = client.get(f"/api/v1/meetings/{meeting['id']}", headers=tokens["sales"])
    assert packet.json["recording_url"] == f"/api/v1/calls/{handed_off.id}/recording"
    page = signed_in("sales").get(f"/meetings/{meeting['id']}").get_data(as_text=True)
    assert f'src="/api/v1/calls/{handed_off.id}/recording"' in page
    for text in (packet.get_data(as_text=True), page):
        assert SIM_ACCOUNT_SID not in text and "/Recordings/" not in text


def test_the_account_credentials_are_sent_and_a_refusal_is_a_plain_sentence(
    app, client, tokens, session, campaign, users, start_simulator, fake_app
):
    guarded = start_simulator(media_auth=True)  # Twilio asking for credentials on media
    sid = record_a_call(guarded, fake_app)
    lead = add_lead(session, campaign)
    meeting = book_meeting(session, lead, users["telecaller"], recording_sid=sid)
    call = session.get(Call, session.get(Outcome, meeting.outcome_id).call_id)
    point_at(app, guarded)
    assert listen(client, call, tokens["sales"]).data[:4] == b"RIFF"
    point_at(app, guarded, auth_token="0" * 32)
    refused = listen(client, call, tokens["sales"])
    assert refused.status_code == 502
    assert refused.json["error"] == {
        "code": "telephony_unavailable",
        "message": "The recording could not be fetched: Twilio refused the account's "
        "credentials. Tell your admin (TWILIO_AUTH_TOKEN).",
        "fields": {},
        "request_id": refused.headers["X-Request-Id"],
    }


def test_a_recording_twilio_no_longer_has_or_never_made_is_a_404_that_says_so(
    app, client, tokens, session, handed_off
):
    handed_off.recording_sid = "RE" + "0" * 32
    session.commit()
    gone = listen(client, handed_off, tokens["sales"])
    assert gone.status_code == 404 and gone.json["error"]["code"] == "recording_gone"
    assert "no longer has this recording" in gone.json["error"]["message"]
    handed_off.recording_sid = None
    session.commit()
    never = listen(client, handed_off, tokens["sales"])
    assert never.status_code == 404 and never.json["error"]["code"] == "not_recorded"


def test_twilio_out_of_reach_is_a_sentence_without_the_account(
    client, tokens, handed_off, simulator
):
    simulator.stop()
    refused = listen(client, handed_off, tokens["lead"])
    assert refused.status_code == 502
    message = refused.json["error"]["message"]
    assert message == "The recording could not be fetched: Twilio did not answer. Try again soon."
    assert SIM_ACCOUNT_SID not in refused.get_data(as_text=True)
