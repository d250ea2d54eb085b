"""A live connection ends with its person's sessions: switched off or signed out, it goes quiet."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token, sign_in, sign_out

LEAD = {
    "campaign": "inbound",
    "first_name": "Ada",
    "last_name": "Byron",
    "company": "Engines Ltd",
    "phone": "+12125550123",
    "country": "US",
    "source": "website",
    "form": "demo",
}


def arrived(socket) -> list[str]:
    """The phones of the leads this socket was told about since it was last asked (read from
    what reached it, which get_received() refuses to show once the socket is closed)."""
    received, socket.queue = socket.queue, []
    return [e["args"][0]["lead"]["phone"] for e in received if e["name"] == "lead.arrived"]


def new_lead(app, tokens, phone: str) -> None:
    response = app.test_client().post(
        "/api/v1/leads", json={**LEAD, "phone": phone}, headers=tokens["intake"]
    )
    assert response.status_code == 201, response.json


@pytest.fixture
def caller_socket(app, client, users, campaign, sio):
    """The telecaller's page, signed in and connected, hearing a first lead arrive."""
    sign_in(client, users["telecaller"].email)
    socket = sio()
    assert socket.is_connected()
    return socket


def test_a_switched_off_telecaller_hears_no_more_leads(app, users, tokens, caller_socket):
    new_lead(app, tokens, "+12125550123")
    assert arrived(caller_socket) == ["+12125550123"]
    admin = app.test_client()
    sign_in(admin, users["admin"].email)
    admin.post(
        f"/setup/users/{users['telecaller'].id}/active",
        data={"csrf_token": csrf_token(admin, "/setup/users"), "active": "0"},
    )
    new_lead(app, tokens, "+12125550124")
    assert arrived(caller_socket) == []
    assert not caller_socket.is_connected()


def test_signing_out_in_another_tab_closes_the_live_connection(app, client, tokens, caller_socket):
    sign_out(client)
    assert not caller_socket.is_connected()
    new_lead(app, tokens, "+12125550125")
    assert arrived(caller_socket) == []


def test_someone_elses_sign_out_leaves_the_connection_open(app, users, tokens, caller_socket):
    lead = app.test_client()
    sign_in(lead, users["lead"].email)
    sign_out(lead)
    new_lead(app, tokens, "+12125550126")
    assert caller_socket.is_connected() and arrived(caller_socket) == ["+12125550126"]
