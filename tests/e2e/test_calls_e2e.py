"""Click-to-call end to end: the app and the Twilio simulator as servers, real HTTP both ways."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests

from console import clock
from console.domain.roles import AgentState
from console.models import Call, User
from console.simulator.number_table import NUMBER_TABLE

LIVE = ["dialling", "ringing"]  # what every call that rings shows first
# ending -> (status, answered_by, seconds talked, phase, pushed phases) per the simulator's table
NUMBER_OUTCOMES = {
    "23": ("completed", "human", 45, "ended", [*LIVE, "connected", "ended"]),
    "55": ("no-answer", None, 0, "no_answer", [*LIVE, "no_answer"]),
    "61": ("busy", None, 0, "busy", ["dialling", "busy"]),
    "66": ("failed", None, 0, "failed", ["dialling", "failed"]),
    # the lead is "connected" until machine detection, which runs on, hears voicemail
    "72": ("completed", "machine_start", 40, "voicemail", [*LIVE, "connected", "voicemail"]),
    "82": ("completed", "human", 4, "ended", [*LIVE, "connected", "ended"]),
    "87": ("completed", "human", 45, "ended", [*LIVE, "connected", "ended"]),
    "93": ("completed", "unknown", 30, "ended", [*LIVE, "connected", "ended"]),
    "99": ("no-answer", None, 0, "no_answer", [*LIVE, "no_answer"]),
}


def test_the_outcome_table_covers_every_scenario_of_the_simulator():
    from console.simulator.number_table import scenario_for

    covered = {scenario_for(f"+14155550{ending}").name for ending in NUMBER_OUTCOMES}
    assert covered == {scenario.name for scenario in NUMBER_TABLE.values()}


@pytest.mark.parametrize("ending", sorted(NUMBER_OUTCOMES))
def test_each_number_in_the_table_ends_in_its_call_record_and_live_event(
    start_floor, listen, ending
):
    floor = start_floor()
    agent = floor.telecallers[0]
    listener = listen(floor, agent.email)
    lead_id = floor.hold(agent, f"+14155550{ending}")
    placed = floor.dial(agent, lead_id)
    floor.settle()
    status, answered_by, talk, phase, phases = NUMBER_OUTCOMES[ending]
    call = floor.call(placed["id"])
    assert (call.status, call.answered_by, call.duration_seconds) == (status, answered_by, talk)
    assert call.lead_call_sid is not None and call.ended_at is not None
    assert (call.recording_seconds or 0, call.recording_consent) == (talk, "one_party")
    listener.wait_for(call.id, phase)
    assert listener.phases(call.id) == phases
    assert floor.lead(lead_id).attempts == 1
    assert floor.lead(lead_id).first_touch_at is not None
    assert floor.lead(lead_id).first_touch_by_id == agent.id  # speed to lead is the dialler's


@pytest.mark.parametrize("agent_phone", ["+14155550199", "+14155550162", "+14155550167"])
def test_a_telecaller_whose_own_phone_does_not_connect_never_rings_the_lead(
    start_floor, listen, agent_phone
):
    floor = start_floor()
    agent = floor.telecallers[0]
    with floor.session() as session:
        session.get(User, agent.id).phone = agent_phone
        session.commit()
    listener = listen(floor, agent.email)
    lead_id = floor.hold(agent, "+14155550123")
    placed = floor.dial(agent, lead_id)
    floor.settle()
    call = floor.call(placed["id"])
    assert (call.status, call.lead_call_sid, call.ended_at) == ("canceled", None, None)
    assert floor.lead(lead_id).attempts == 0, "the lead was never rung: no attempt"
    listener.wait_for(call.id, "not_connected")
    with floor.session() as session:
        assert session.get(User, agent.id).state == AgentState.AVAILABLE
    assert floor.api(agent, "POST", f"/leads/{lead_id}/release").status_code == 200
    claimed = floor.api(agent, "POST", "/queue/next", json={})
    assert claimed.status_code == 200, "nothing to wrap up blocks the queue"
    assert claimed.json()["lead"]["id"] == lead_id
    assert floor.dial(agent, lead_id)["id"] == call.id, "dialling again reuses the call"


def test_a_lead_in_an_all_party_consent_state_hears_the_disclosure_first(start_floor):
    floor = start_floor()
    agent = floor.telecallers[0]
    lead_id = floor.hold(agent, "+14155550123", region="CA")
    placed = floor.dial(agent, lead_id)
    floor.settle()
    call = floor.call(placed["id"])
    assert (call.recording_consent, call.recording_seconds, call.status) == (
        "disclosed",
        45,
        "completed",
    )
    (lead_leg,) = floor.simulator.calls.children(call.twilio_sid)
    asked = [hit["url"] for hit in lead_leg.callbacks if hit["kind"] == "twiml"]
    assert asked == [f"{floor.server.url}/twilio/disclosure?call={call.id}"]


def test_hanging_up_mid_conversation_ends_both_legs(start_floor, listen):
    floor = start_floor(speed=0.02)  # the lead would talk for 0.9 s
    agent = floor.telecallers[0]
    listener = listen(floor, agent.email)
    placed = floor.dial(agent, floor.hold(agent, "+14155550123"))
    listener.wait_for(placed["id"], "connected")
    hung = floor.api(agent, "POST", f"/calls/{placed['id']}/hangup")
    assert hung.status_code == 200, hung.text
    floor.settle()
    call = floor.call(placed["id"])
    assert call.status == "completed" and call.duration_seconds < 45
    listener.wait_for(call.id, "ended")


def test_a_browser_call_dials_the_lead_once_the_softphone_connects(start_floor, listen):
    floor = start_floor()
    agent = floor.telecallers[0]
    listener = listen(floor, agent.email)
    lead_id = floor.hold(agent, "+14155550123")
    placed = floor.dial(agent, lead_id, mode="browser")
    assert placed["status"] == "queued" and placed["mode"] == "browser"
    token = floor.api(agent, "GET", "/calls/token").json()
    assert token["identity"] == f"agent-{agent.id}" and token["token"].count(".") == 2
    # What the Voice JS SDK does on device.connect({params: {CallId}}), via the simulator.
    softphone = {"From": f"client:{token['identity']}", "To": "", "CallId": str(placed["id"])}
    sim = requests.post(f"{floor.simulator.base_url}/sim/client-calls", data=softphone, timeout=5)
    assert sim.status_code == 201
    floor.settle()
    call = floor.call(placed["id"])
    assert (call.status, call.twilio_sid, call.duration_seconds) == (
        "completed",
        sim.json()["sid"],
        45,
    )
    listener.wait_for(call.id, "ended")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"lease_owner_id": None}, "not_claimed"),
        ({"dnc": True}, "dnc"),
        ({"timezone": "America/New_York Asia/Tokyo"}, "outside_calling_hours"),  # 01:00 in Tokyo
        ({"attempts": 6}, "attempt_limit"),
    ],
)
def test_a_refused_dial_is_a_409_and_calls_nobody(start_floor, change, code):
    floor = start_floor()
    agent = floor.telecallers[0]
    lead_id = floor.hold(agent, "+14155550123", **change)
    response = floor.api(agent, "POST", "/calls", json={"lead_id": lead_id, "mode": "bridge"})
    assert response.status_code == 409 and response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert len(floor.simulator.calls) == 0


def test_florida_allows_three_calls_a_day_and_says_when_the_next_may_be(start_floor):
    floor = start_floor()
    agent = floor.telecallers[0]
    lead_id = floor.hold(agent, "+13055550123", region="FL")
    with floor.session() as session:
        for hours_ago in (20, 9, 2):
            dialled = Call(lead_id=lead_id, agent_id=agent.id, campaign_id=floor.campaign_id)
            dialled.status, dialled.lead_call_sid = "no-answer", f"CA{hours_ago:032d}"
            dialled.started_at = clock.now() - timedelta(hours=hours_ago)
            session.add(dialled)
        session.commit()
    response = floor.api(agent, "POST", "/calls", json={"lead_id": lead_id})
    assert (response.status_code, response.json()["error"]["code"]) == (409, "florida_limit")
    assert "their time" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("setup", "code"),
    [("no phone", "no_agent_phone"), ("on a call", "already_on_call")],
)
def test_the_telecallers_own_situation_can_refuse_a_dial(start_floor, setup, code):
    floor = start_floor(speed=0.05)
    agent = floor.telecallers[0]
    if setup == "no phone":
        with floor.session() as session:
            session.get(User, agent.id).phone = None
            session.commit()
    else:
        floor.dial(agent, floor.hold(agent, "+14155550123"))
    response = floor.api(
        agent, "POST", "/calls", json={"lead_id": floor.hold(agent, "+14155550124")}
    )
    assert (response.status_code, response.json()["error"]["code"]) == (409, code)


def normalized_records(floor, calls: dict[str, int]) -> dict[str, tuple]:
    """Per dialled number: what the call record says, minus SIDs and clock times."""
    records = {}
    for phone, call_id in calls.items():
        call = floor.call(call_id)
        talk = (call.ended_at - call.answered_at).total_seconds() if call.answered_at else None
        records[phone] = (
            call.status,
            call.answered_by,
            call.duration_seconds,
            talk,
            call.recording_seconds,
            call.recording_consent,
            call.lead_call_sid is not None,
            floor.lead(call.lead_id).attempts,
        )
    return records


def dial_every_ending(floor, step: int = 1) -> dict[str, int]:
    """One call to a number with each ending 00-99 (or every step-th), dialled side by side."""
    phones = [f"+1415555{n:04d}" for n in range(0, 100, step)]

    def work(agent: User, mine: list[str]) -> dict[str, int]:
        placed = {}
        for phone in mine:
            call = floor.dial(agent, floor.hold(agent, phone))
            placed[phone] = call["id"]
            assert floor.simulator.wait(floor.call(call["id"]).twilio_sid, timeout=30)
        return placed

    agents = floor.telecallers
    with ThreadPoolExecutor(len(agents)) as pool:
        shares = [phones[i :: len(agents)] for i in range(len(agents))]
        done = pool.map(work, agents, shares)
    floor.settle(timeout=60)
    return {phone: call_id for share in done for phone, call_id in share.items()}


def test_a_hundred_calls_under_chaos_end_in_the_same_records_as_without(start_floor):
    calm, chaotic = start_floor(telecallers=4), start_floor(chaos=True, telecallers=4)
    with ThreadPoolExecutor(2) as pool:  # two apps, two simulators: both floors at once
        calm_calls, chaotic_calls = pool.map(dial_every_ending, (calm, chaotic))
    calm_records = normalized_records(calm, calm_calls)
    chaotic_records = normalized_records(chaotic, chaotic_calls)
    duplicates = sum(
        hit["duplicate"] for leg in chaotic.simulator.calls.all() for hit in leg.callbacks
    )
    assert duplicates > 0, "chaos sent callbacks twice"
    assert chaotic_records == calm_records
    assert {record[0] for record in calm_records.values()} == {
        "completed",
        "no-answer",
        "busy",
        "failed",
    }


@pytest.mark.pg
def test_on_postgresql_chaos_ends_in_the_same_records_too(start_floor, pg_schemas):
    calm = start_floor(telecallers=4, database=pg_schemas())
    chaotic = start_floor(chaos=True, telecallers=4, database=pg_schemas())
    with ThreadPoolExecutor(2) as pool:  # every fifth number: each scenario but the 99s
        calm_calls, chaotic_calls = pool.map(dial_every_ending, (calm, chaotic), (5, 5))
    assert normalized_records(chaotic, chaotic_calls) == normalized_records(calm, calm_calls)
