"""The local Twilio simulator's published development account: the account and token it accepts
(and signs its callbacks with), the number and TwiML App it calls from, and the port it listens
on. Standard library only, and apart from console.simulator, so configuration can default to it
without loading the simulator."""

import os

# The fixed development account: the simulator accepts these and signs callbacks with the token.
SIM_ACCOUNT_SID = "AC" + "5111a70f" * 4
SIM_AUTH_TOKEN = "7e1ec0de" * 4
SIM_CALLER_ID = "+12025550100"
SIM_APPLICATION_SID = "AP" + "5111a70f" * 4  # the TwiML App the browser softphone "uses"
# The simulator does not check softphone tokens: an API key with the account's token as its
# secret lets the browser path be exercised without a real key.
SIM_API_KEY_SID = "SK" + "5111a70f" * 4
DEFAULT_PORT = 5055


def sim_port() -> int:
    """The port the development simulator listens on: SIM_PORT, else 5055."""
    return int(os.environ.get("SIM_PORT") or DEFAULT_PORT)
