"""Running the simulator: in the foreground (`handoff twilio-sim`) or in the background of
`handoff run`."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit
from urllib.request import urlopen

from console.config import webhook_base
from console.simulator.simulator import Simulator
from console.simulator_account import (
    DEFAULT_PORT,
    SIM_ACCOUNT_SID,
    SIM_AUTH_TOKEN,
    SIM_CALLER_ID,
    sim_port,
)

log = logging.getLogger("console.simulator")

VOICE_PATH = "/twilio/voice"  # the app's TwiML App voice webhook, for `handoff run`


class SimulatorPortTaken(Exception):
    """The simulator's port is held by something that is not this console's simulator."""


def serve_in_background(config: Mapping[str, Any], *, voice_url: str | None = None) -> int:
    """Start a simulator for `handoff run` on TWILIO_API_BASE's port; returns that port.

    It accepts the configured account (the simulator's by default) and sends browser calls to
    the app's webhook base (PUBLIC_BASE_URL, else its development port) + /twilio/voice unless
    voice_url is given.
    When the port is taken by a simulator calling this same console back, that one is used; by
    anything else (another console's simulator would ring the wrong app), SimulatorPortTaken.
    """
    base = urlsplit(config.get("TWILIO_API_BASE") or f"http://127.0.0.1:{sim_port()}")
    port, host = base.port or DEFAULT_PORT, base.hostname or "127.0.0.1"
    voice_url = voice_url or f"{webhook_base(config)}{VOICE_PATH}"
    simulator = Simulator(
        voice_url=voice_url,
        account_sid=config.get("TWILIO_ACCOUNT_SID") or SIM_ACCOUNT_SID,
        auth_token=config.get("TWILIO_AUTH_TOKEN") or SIM_AUTH_TOKEN,
    )
    try:
        simulator.start(port=port, host=host)
    except OSError:
        if _calls_back(f"http://{host}:{port}/") != voice_url:
            raise SimulatorPortTaken(
                f"Port {port} is taken by another program (perhaps another console's "
                "simulator, which would ring that console, not this one). Set SIM_PORT to a free "
                "port, or pass --no-sim to use a simulator you started with `handoff twilio-sim`."
            ) from None
        log.info("using the simulator already on port %s, which calls this console back", port)
    return port


def _calls_back(url: str) -> str | None:
    """The voice URL of the simulator answering at url; None if what answers is no simulator."""
    try:
        with urlopen(url, timeout=2) as reply:
            return json.load(reply).get("voice_url")
    except (OSError, ValueError, AttributeError):
        return None


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
