"""What a browser sends over Socket.IO is read through a model: a payload that does not fit is
answered in words, never with an error escaping the handler."""

from __future__ import annotations

import pytest

from console.extensions import socketio


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
    assert answer["error"].startswith("Please fix") and "Traceback" not in answer["error"]
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
