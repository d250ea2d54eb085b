"""What a browser sends over Socket.IO is read through a model: a payload that does not fit is
answered in words, never with an error escaping the handler."""

from __future__ import annotations

import pytest

from console.extensions import socketio
from console.realtime import publish


def test_a_snapshot_asked_for_with_nothing_is_answered(signed_in, sio):
    signed_in("lead")
    answer = sio().emit("snapshot", callback=True)
    assert answer["me"]["role"] == "lead" and "error" not in answer


@pytest.mark.parametrize("payload", [{"floor": True}, [1, 2], "all", 7])
def test_a_snapshot_asked_for_with_a_payload_is_refused_in_words(signed_in, sio, payload):
    signed_in("lead")
    client = sio()
    answer = client.emit("snapshot", payload, callback=True)
    assert set(answer) == {"error"}
    assert (
        answer["error"].startswith("Some details need fixing")
        and "Traceback" not in answer["error"]
    )
    assert client.is_connected()


def test_a_snapshot_asked_for_with_two_payloads_is_refused_in_words(signed_in, sio):
    signed_in("lead")
    answer = sio().emit("snapshot", {}, {}, callback=True)
    assert answer == {"error": "Send at most one object with this event."}


def test_a_connection_with_an_auth_the_page_never_sends_is_refused(app, client, signed_in):
    signed_in("lead")
    refused = socketio.test_client(app, flask_test_client=client, auth={"token": "x"})
    assert not refused.is_connected()
    allowed = socketio.test_client(app, flask_test_client=client, auth={})
    assert allowed.is_connected()
    allowed.disconnect()


def test_a_running_app_logs_an_event_that_drifts_from_its_model_and_sends_nothing(
    app, signed_in, sio, caplog
):
    signed_in("lead")
    client = sio()
    client.get_received()
    with app.app_context():
        publish("queue.changed", {"campaign": "inbound"}, room="floor")
    assert [event["name"] for event in client.get_received()] == ["queue.changed"]  # it reaches
    app.config["TESTING"] = False  # as in production: what the event announces is already saved
    try:
        with app.app_context():
            publish("queue.changed", {"campaign": 7}, room="floor")  # a number, not a slug
    finally:
        app.config["TESTING"] = True
    assert client.get_received() == []
    assert "does not match its model" in caplog.text
