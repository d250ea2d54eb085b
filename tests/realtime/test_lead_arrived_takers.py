"""A new lead's live notice names whose N would give it, so only they are told to press N."""

from __future__ import annotations

import pytest

from tests.realtime.test_sessions_end import caller_socket, new_lead  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("working_hours")  # the leads are callable now


def takers(socket) -> dict[str, list[int]]:
    received, socket.queue = socket.queue, []
    return {
        e["args"][0]["lead"]["phone"]: e["args"][0]["takers"]
        for e in received
        if e["name"] == "lead.arrived"
    }


def test_only_the_lead_on_top_of_the_queue_is_announced_as_n(app, users, tokens, caller_socket):  # noqa: F811
    me = users["telecaller"].id
    new_lead(app, tokens, "+12125550123")
    assert takers(caller_socket) == {"+12125550123": [me]}
    new_lead(app, tokens, "+12125550124")  # the first, older fresh lead is still what N gives
    assert takers(caller_socket) == {"+12125550124": []}
