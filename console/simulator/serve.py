"""Running the simulator: in the foreground (`handoff twilio-sim`) or in the background of
`handoff run`."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from console.config import webhook_base
from console.simulator.simulator import Simulator
from console.simulator_account import DEFAULT_PORT, SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID

log = logging.getLogger("console.simulator")

VOICE_PATH = "/twilio/voice"  # the app's TwiML App voice webhook, for `handoff run`


def serve_in_background(config: Mapping[str, Any], *, voice_url: str | None = None) -> int:
    """Start a simulator for `handoff run` on TWILIO_API_BASE's port; returns that port.

    It accepts the configured account (the simulator's by default) and sends browser calls to
    the app's webhook base (PUBLIC_BASE_URL, else its development port) + /twilio/voice unless
    voice_url is given.
    When the port is taken, a simulator is assumed to be running there already.
    """
    base = urlsplit(config.get("TWILIO_API_BASE") or f"http://127.0.0.1:{DEFAULT_PORT}")
    port = base.port or DEFAULT_PORT
    public = webhook_base(config)
    simulator = Simulator(
        voice_url=voice_url or f"{public}{VOICE_PATH}",
        account_sid=config.get("TWILIO_ACCOUNT_SID") or SIM_ACCOUNT_SID,
        auth_token=config.get("TWILIO_AUTH_TOKEN") or SIM_AUTH_TOKEN,
    )
    try:
        simulator.start(port=port, host=base.hostname or "127.0.0.1")
    except OSError as error:
        log.warning("port %s is taken (%s); using the simulator already there", port, error)
    return port


def serve(
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    chaos: bool = False,
    speed: float = 1.0,
    *,
    voice_url: str | None = None,
    seed: int | None = None,
) -> None:
    """Run the simulator in the foreground until interrupted (the `handoff twilio-sim` command)."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s twilio-sim %(message)s")
    simulator = Simulator(speed=speed, chaos=chaos, seed=seed, voice_url=voice_url)
    simulator.start(port=port, host=host)
    print(
        f"Twilio simulator on {simulator.base_url} (chaos={chaos}, speed={speed}, "
        f"seed={simulator.seed})\n  TWILIO_API_BASE={simulator.base_url}\n"
        f"  TWILIO_ACCOUNT_SID={SIM_ACCOUNT_SID}\n  TWILIO_AUTH_TOKEN={SIM_AUTH_TOKEN}\n"
        f"  TWILIO_CALLER_ID={SIM_CALLER_ID}",
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
