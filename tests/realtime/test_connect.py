"""Socket.IO: connections need a session; rooms and the publish seam deliver events."""

from __future__ import annotations

from console.realtime import publish
from console.services import accounts


def test_a_connection_without_a_session_is_refused(sio):
    assert not sio().is_connected()


def test_a_signed_in_page_connects_and_gets_a_snapshot(signed_in, sio, users):
    signed_in("lead")
    client = sio()
    assert client.is_connected()
    snapshot = next(e for e in client.get_received() if e["name"] == "snapshot")["args"][0]
    assert snapshot["me"]["role"] == "lead"
    assert [agent["name"] for agent in snapshot["floor"]] == [users["telecaller"].name]


def test_the_floor_hears_a_telecaller_change_state(signed_in, sio, session, users):
    signed_in("lead")
    client = sio()
    client.get_received()
    accounts.set_agent_state(
        session=session, user=users["telecaller"], state="paused", reason="lunch", publish=publish
    )
    events = [e for e in client.get_received() if e["name"] == "agent.state"]
    assert events and events[0]["args"][0]["agent"]["reason"] == "lunch"
    assert events[0]["args"][0]["type"] == "agent.state" and "at" in events[0]["args"][0]


def test_a_sales_rep_does_not_hear_the_floor(signed_in, sio, session, users):
    signed_in("sales")
    client = sio()
    client.get_received()
    accounts.set_agent_state(
        session=session, user=users["telecaller"], state="available", publish=publish
    )
    assert [e for e in client.get_received() if e["name"] == "agent.state"] == []


def test_events_published_to_a_users_room_reach_only_them(signed_in, sio, users):
    signed_in("sales")
    client = sio()
    client.get_received()
    publish("queue.changed", {"lead_id": 1}, room=f"user:{users['sales'].id}")
    publish("queue.changed", {"lead_id": 2}, room=f"user:{users['admin'].id}")
    received = [
        e["args"][0]["lead_id"] for e in client.get_received() if e["name"] == "queue.changed"
    ]
    assert received == [1]
