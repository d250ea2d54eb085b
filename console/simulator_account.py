"""The local Twilio simulator's published development account: the account and token it accepts
(and signs its callbacks with), the number and TwiML App it calls from, and the port it listens
on. Standard library only, so configuration can default to it without loading an adapter."""

from __future__ import annotations

from typing import NamedTuple

# The fixed development account: the simulator accepts these and signs callbacks with the token.
SIM_ACCOUNT_SID = "AC" + "5111a70f" * 4
SIM_AUTH_TOKEN = "7e1ec0de" * 4
SIM_CALLER_ID = "+12025550100"
SIM_APPLICATION_SID = "AP" + "5111a70f" * 4  # the TwiML App the browser softphone "uses"
DEFAULT_PORT = 5055


class SimulatorCredentials(NamedTuple):
    """The development account the simulator knows: who the app authenticates as and calls from."""

    account_sid: str
    auth_token: str
    caller_id: str


def simulator_credentials() -> SimulatorCredentials:
    """The fixed development account, caller ID included."""
    return SimulatorCredentials(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID)
