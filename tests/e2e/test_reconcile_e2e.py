"""Calls whose last webhooks never arrived end with their real data, read from Twilio's REST API
(the simulator's): after the app died mid-call, after lost callbacks, and when Hang up is pressed.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from sqlmodel import Session

from console import wiring
from console.db import engine
from console.domain.roles import AgentState
from console.models import Call, User
from console.realtime import publish
from console.services.call_reconcile import QUIET, reconcile_after_restart, reconcile_calls
from console.simulator.courier import signed_request
from console.simulator_account import SIM_AUTH_TOKEN
from tests.conftest import make_app
from tests.e2e.conftest import AGENT_PHONE, Floor, simulated

# What the provider reports of each number once played out: status, seconds talked, recorded.
TRUTH = {
    "23": ("completed", 45, True),
    "55": ("no-answer", 0, False),
    "61": ("busy", 0, False),
    "66": ("failed", 0, False),
}
LOST_ROUTES = ("/twilio/status", "/twilio/dial", "/twilio/amd", "/twilio/recording")


def lose_webhooks(floor: Floor) -> set[str]:
    """From now on the app answers 503 to every callback but the voice request (which dials the
    lead), as if it were down for them; the set returned is the routes lost (empty it to stop)."""
    lost = set(LOST_ROUTES)
    serve = floor.app.wsgi_app

    def lossy(environ, start_response):
        if environ.get("PATH_INFO") in lost:
            start_response("503 Service Unavailable", [("Content-Length", "0")])
            return [b""]
        return serve(environ, start_response)

    floor.app.wsgi_app = lossy
    return lost


def database(request) -> str | None:
    """A floor database for the parameter: SQLite (the floor's own) or a fresh PG schema."""
    return request.getfixturevalue("pg_schemas")() if request.param == "postgresql" else None


@pytest.fixture(params=["sqlite", "postgresql"])
def floor_on_both(request, start_floor) -> Floor:
    """A floor on each database."""
    return start_floor(speed=0.05, database=database(request))


def agent_state(floor: Floor, agent: User) -> str:
    with floor.session() as session:
        return session.get(User, agent.id).state


def assert_ended_truly(call: Call, ending: str) -> None:
    status, talk, recorded = TRUTH[ending]
    assert (call.status, call.duration_seconds) == (status, talk)
    assert call.ended_at is not None and call.lead_call_sid is not None
    assert (call.recording_sid is not None, call.recording_seconds or 0) == (recorded, talk)


def test_a_call_the_app_died_in_ends_with_its_real_data_after_the_restart(floor_on_both, listen):
    floor = floor_on_both
    agent = floor.telecallers[0]
    listener = listen(floor, agent.email)
    lead_id = floor.hold(agent, "+14155550123")  # talks 45 s: 2.25 s at this speed
    placed = floor.dial(agent, lead_id)
    listener.wait_for(placed["id"], "connected")
    floor.server.kill()  # the app process dies mid-conversation
    floor.settle(timeout=30)  # the call plays out; its last webhooks find nobody
    stale = floor.call(placed["id"])
    assert (stale.status, stale.ended_at, stale.recording_sid) == ("in-progress", None, None)
    assert agent_state(floor, agent) == AgentState.ON_CALL

    restarted = make_app(floor.app.config["SQLALCHEMY_DATABASE_URI"])
    restarted.config.update(simulated(floor.server.url, floor.simulator.base_url))
    with restarted.app_context(), Session(engine(), expire_on_commit=False) as session:
        ended = reconcile_after_restart(
            session=session, telephony=wiring.telephony(), publish=publish
        )
    restarted.extensions["handoff.engine"].dispose()
    assert ended == 1
    call = floor.call(placed["id"])
    assert_ended_truly(call, "23")
    assert call.answered_by == "human"
    assert agent_state(floor, agent) == AgentState.WRAP_UP
    assert floor.lead(lead_id).attempts == 1


def test_a_call_whose_callbacks_were_lost_is_read_from_twilio_once_quiet_and_late_callbacks_change_nothing(  # noqa: E501
    floor_on_both, clock
):
    floor = floor_on_both
    agent = floor.telecallers[0]
    lost = lose_webhooks(floor)
    placed = floor.dial(agent, floor.hold(agent, "+14155550123"))
    floor.settle(timeout=30)
    assert floor.call(placed["id"]).status == "initiated", "only the voice request came through"
    with floor.app.app_context(), floor.session() as session:
        asked = {"session": session, "telephony": wiring.telephony(), "publish": publish}
        assert reconcile_calls(**asked) == 0, "news came less than two minutes ago"
        clock.advance(QUIET + timedelta(seconds=1))
        assert reconcile_calls(**asked) == 1
        assert reconcile_calls(**asked) == 0, "nothing is left live"
    call = floor.call(placed["id"])
    assert_ended_truly(call, "23")
    assert agent_state(floor, agent) == AgentState.WRAP_UP

    lost.clear()  # the lost callbacks arrive after all, late and in full
    delivered = redeliver(floor, call.twilio_sid)
    assert delivered and all(status in (200, 204) for status in delivered)
    again = floor.call(placed["id"])
    assert _record(again) == _record(call)
    assert agent_state(floor, agent) == AgentState.WRAP_UP


def ids_lost_then_reconciled(floor: Floor, clock, call_ids: list[int]) -> int:
    """The app died between Twilio's answer and its commit for these calls (their Twilio ids
    never stored); two quiet minutes later the reconcile job runs: how many calls it ended."""
    with floor.session() as session:
        for call_id in call_ids:
            session.get(Call, call_id).twilio_sid = None
        session.commit()
    clock.advance(QUIET + timedelta(seconds=1))
    with floor.app.app_context(), floor.session() as session:
        return reconcile_calls(session=session, telephony=wiring.telephony(), publish=publish)


def test_a_bridge_call_whose_id_was_never_kept_is_found_at_twilio_by_the_telecallers_number(
    floor_on_both, clock
):
    floor = floor_on_both
    agent = floor.telecallers[0]
    earlier = floor.dial(agent, floor.hold(agent, "+14155550123"))  # kept its id, as usual
    floor.settle(timeout=30)
    lose_webhooks(floor).add("/twilio/voice")  # down for every webhook: the lead is never dialled
    lead_id = floor.hold(agent, "+14155550155")
    placed = floor.dial(agent, lead_id)
    floor.settle(timeout=30)
    assert ids_lost_then_reconciled(floor, clock, [placed["id"]]) == 1

    legs = [leg for leg in floor.simulator.calls.all() if leg.to == AGENT_PHONE]
    assert [leg.sid for leg in legs] == [floor.call(earlier["id"]).twilio_sid, legs[1].sid]
    call = floor.call(placed["id"])
    assert call.twilio_sid == legs[1].sid, "the one call no other call claims"
    # Twilio says the telecaller's leg completed and nothing was dialled: not connected.
    assert (legs[1].status, floor.simulator.calls.children(legs[1].sid)) == ("completed", [])
    assert (call.status, call.lead_call_sid) == ("canceled", None)
    assert floor.lead(lead_id).attempts == 0, "the lead's phone never rang"
    assert agent_state(floor, agent) != AgentState.ON_CALL


def test_a_lost_id_is_not_guessed_when_telecallers_share_a_phone(start_floor, clock):
    floor = start_floor(telecallers=2)  # both on the same desk phone
    lose_webhooks(floor).add("/twilio/voice")
    placed = [
        floor.dial(agent, floor.hold(agent, f"+141555{n}0155"))
        for n, agent in enumerate(floor.telecallers)
    ]
    floor.settle(timeout=30)
    assert ids_lost_then_reconciled(floor, clock, [dialled["id"] for dialled in placed]) == 2
    ended = [floor.call(dialled["id"]) for dialled in placed]
    assert [(call.twilio_sid, call.status) for call in ended] == [(None, "canceled")] * 2


@pytest.mark.parametrize("ending", sorted(TRUTH))
def test_hang_up_after_lost_callbacks_keeps_how_the_call_really_ended(start_floor, ending):
    floor = start_floor()
    agent = floor.telecallers[0]
    lose_webhooks(floor)
    lead_id = floor.hold(agent, f"+14155550{ending}")
    placed = floor.dial(agent, lead_id)
    floor.settle(timeout=30)
    assert floor.call(placed["id"]).status == "initiated"
    hung = floor.api(agent, "POST", f"/calls/{placed['id']}/hangup")
    assert hung.status_code == 200, hung.text
    call = floor.call(placed["id"])
    assert_ended_truly(call, ending)
    assert hung.json()["call"]["status"] == TRUTH[ending][0]
    assert agent_state(floor, agent) == AgentState.WRAP_UP
    assert floor.lead(lead_id).attempts == 1


def redeliver(floor: Floor, parent_sid: str) -> list[int]:
    """Send again, signed, every callback the simulator tried to deliver about the call; the
    app's answers."""
    legs = [floor.simulator.calls[parent_sid], *floor.simulator.calls.children(parent_sid)]
    answers = []
    for leg in legs:
        for hit in leg.callbacks:
            if urlsplit(hit["url"]).path not in LOST_ROUTES:
                continue
            url, body, headers = signed_request(SIM_AUTH_TOKEN, hit["url"], "POST", hit["params"])
            answers.append(requests.post(url, data=body, headers=headers, timeout=10).status_code)
    return answers


def _record(call: Call) -> tuple:
    return (
        call.status,
        call.answered_by,
        call.answered_at,
        call.ended_at,
        call.duration_seconds,
        call.recording_sid,
        call.recording_seconds,
    )
