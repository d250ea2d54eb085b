"""Voicemail drop end to end: an answering machine picks up (the simulator's machine numbers),
one request leaves the campaign's message, and the simulator plays it as Twilio would: the lead's
leg is redirected to <Play> the message (really fetched from the app) and hangs up, while the
telecaller's leg is released at once. The call is dispositioned voicemail, once."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from console.domain.roles import AgentState
from console.models import Campaign, Outcome, User
from console.services import voicemail
from console.simulator.media import wav_tone

SPEED = 0.02  # slow enough to press the key while the machine listens (40 s = 0.8 s)
MACHINE = "+14155550172"  # the simulator's voicemail: picks up after 20 s, detection says machine


def with_message(floor) -> bytes:
    """The campaign's recorded message, uploaded as an admin would (a two-second WAV)."""
    audio = wav_tone(2)
    with floor.session() as session:
        admin = User(email="admin@example.test", name="Admin", role="admin", password_hash="x")
        session.add(admin)
        session.commit()
        voicemail.upload_message(
            session=session,
            campaign=session.get(Campaign, floor.campaign_id),
            filename="hello.wav",
            declared_type="audio/wav",
            audio=audio,
            actor=admin,
        )
    return audio


def until_machine(floor, call_id: int, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while floor.call(call_id).answered_by is None:
        assert time.monotonic() < deadline, "machine detection never reported"
        time.sleep(0.01)
    return floor.call(call_id)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request) -> str | None:
    """The floor's own SQLite, or a fresh PostgreSQL schema (the audio is a bytea there)."""
    return request.getfixturevalue("pg_schemas")() if request.param == "postgresql" else None


def test_one_press_leaves_the_message_releases_the_telecaller_and_records_voicemail(
    start_floor, listen, database
):
    floor = start_floor(speed=SPEED, database=database)
    audio = with_message(floor)
    agent = floor.telecallers[0]
    listener = listen(floor, agent.email)
    lead_id = floor.hold(agent, MACHINE)
    placed = floor.dial(agent, lead_id)
    call = until_machine(floor, placed["id"])
    assert call.answered_by == "machine_start" and call.status == "in-progress"
    listener.wait_for(call.id, "voicemail")
    offered = [e["call"]["voicemail"] for e in listener.events if e["call"]["voicemail"]]
    assert offered[-1]["offered"] and "press L" in offered[-1]["sentence"]

    with ThreadPoolExecutor(2) as pool:  # a double press, both at once
        presses = [pool.submit(floor.api, agent, "POST", f"/calls/{call.id}/voicemail")]
        presses.append(pool.submit(floor.api, agent, "POST", f"/calls/{call.id}/voicemail"))
        answers = [press.result() for press in presses]
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    first, again = sorted((a.json() for a in answers), key=lambda a: a["repeated"])
    assert (first["repeated"], again["repeated"], first["decision"]) == (False, True, "retry")
    assert again["outcome_id"] == first["outcome_id"]
    floor.settle()

    agent_leg = floor.simulator.calls[call.twilio_sid]
    (lead_leg,) = floor.simulator.calls.children(agent_leg.sid)
    (played,) = lead_leg.played
    assert played["status_code"] == 200 and played["content_type"] == "audio/wav"
    assert played["bytes"] == len(audio) and "/twilio/voicemail/" in played["url"]
    assert agent_leg.ended_at < lead_leg.ended_at, "the telecaller was released first"
    assert lead_leg.status == "completed" and not lead_leg.errors and not agent_leg.errors
    answered = [hit["status_code"] for leg in (agent_leg, lead_leg) for hit in leg.callbacks]
    assert answered and all(200 <= code < 300 for code in answered), answered  # signed, taken
    ended = floor.call(call.id)
    assert ended.status == "completed" and ended.voicemail_left_at is not None
    with floor.session() as session:
        (outcome,) = session.exec(select(Outcome).where(Outcome.call_id == call.id)).all()
        assert outcome.disposition == "voicemail"
        assert session.get(User, agent.id).state == AgentState.AVAILABLE  # not left in wrap-up
    lead = floor.lead(lead_id)
    assert lead.status == "queued" and lead.next_attempt_at is not None  # tried again later
    assert lead.lease_owner_id is None


@pytest.mark.parametrize(
    ("phone", "message", "said"),
    [
        (MACHINE, False, "no recorded message to leave"),
        ("+14155550123", True, "No answering machine was detected"),
    ],
)
def test_no_message_or_no_machine_is_refused_in_a_sentence(
    start_floor, listen, phone, message, said
):
    floor = start_floor(speed=SPEED)
    if message:
        with_message(floor)
    agent = floor.telecallers[0]
    listener = listen(floor, agent.email)
    placed = floor.dial(agent, floor.hold(agent, phone))
    until_machine(floor, placed["id"])
    notices = [e["call"]["voicemail"] for e in listener.events if e["call"]["voicemail"]]
    if message:  # a person answered: no notice at all
        assert notices == []
    else:  # the screen says why there is no key
        listener.wait_for(placed["id"], "voicemail")
        notices = [e["call"]["voicemail"] for e in listener.events if e["call"]["voicemail"]]
        assert not notices[-1]["offered"] and said in notices[-1]["sentence"]
    refused = floor.api(agent, "POST", f"/calls/{placed['id']}/voicemail")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "voicemail_unavailable"
    assert said in refused.json()["error"]["message"]
    floor.settle()
    with floor.session() as session:
        assert session.exec(select(Outcome)).first() is None
    assert all(not leg.played for leg in floor.simulator.calls.all())
