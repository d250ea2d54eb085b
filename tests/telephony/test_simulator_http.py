"""The simulator's HTTP surface answers as Twilio's does: its routes, errors and credentials."""

from __future__ import annotations

import pytest
import requests

from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID

CREDENTIALS = (SIM_ACCOUNT_SID, SIM_AUTH_TOKEN)
HOLD = '<Response><Pause length="1"/></Response>'


def account_url(simulator, path: str) -> str:
    return f"{simulator.base_url}/2010-04-01/Accounts/{SIM_ACCOUNT_SID}{path}"


def test_a_method_the_path_does_not_take_is_twilios_405(simulator):
    reply = requests.delete(account_url(simulator, "/Calls.json"), auth=CREDENTIALS, timeout=5)
    assert reply.status_code == 405
    assert reply.json()["code"] == 20004


@pytest.mark.parametrize(
    "path",
    [
        "/nowhere",
        "/sim/",  # no trailing-slash redirects: a path is exact, as with Twilio
        f"/2010-04-01/Accounts/{SIM_ACCOUNT_SID}/Calls/CA123.json",  # not a call SID
        f"/2010-04-01/Accounts/{SIM_ACCOUNT_SID}/Recordings/RE{'0' * 32}.ogg",
    ],
)
def test_a_path_with_nothing_at_it_is_twilios_404(simulator, path):
    reply = requests.get(f"{simulator.base_url}{path}", auth=CREDENTIALS, timeout=5)
    assert reply.status_code == 404
    assert reply.json() == {
        "code": 20404,
        "message": f"The requested resource {path} was not found",
        "more_info": "https://www.twilio.com/docs/errors/20404",
        "status": 404,
    }


def test_a_request_without_credentials_is_asked_for_them(simulator):
    reply = requests.get(account_url(simulator, "/Calls.json"), timeout=5)
    assert reply.status_code == 401
    assert reply.headers["WWW-Authenticate"] == 'Basic realm="Twilio API"'
    assert reply.json()["code"] == 20003


def test_a_blank_filter_filters_nothing(simulator):
    form = {"To": "+14155550123", "From": SIM_CALLER_ID, "Twiml": HOLD}
    placed = requests.post(
        account_url(simulator, "/Calls.json"), data=form, auth=CREDENTIALS, timeout=5
    )
    assert placed.status_code == 201
    listed = requests.get(
        account_url(simulator, "/Calls.json"), params={"To": ""}, auth=CREDENTIALS, timeout=5
    )
    assert [call["sid"] for call in listed.json()["calls"]] == [placed.json()["sid"]]
    assert simulator.wait(placed.json()["sid"])
