"""The local Twilio simulator: Twilio's REST API over HTTP, and signed callbacks as Twilio sends.

For development and tests only: the app reaches it through the real twilio library at
TWILIO_API_BASE, never by importing it (an import-linter contract keeps it so). Run it with
`handoff twilio-sim [--port P] [--chaos]`; docs/simulator.md has the number table.
"""

import logging

from console.simulator.serve import VOICE_PATH, SimulatorPortTaken, serve, serve_in_background
from console.simulator.simulator import Simulator

# Its lines go where the process sends its logs (the app's handler, or `twilio-sim`'s); with none
# (a test of the simulator alone, a call outliving its test) they are dropped, not written to a
# closed stderr.
logging.getLogger("console.simulator").addHandler(logging.NullHandler())

__all__ = ["VOICE_PATH", "Simulator", "SimulatorPortTaken", "serve", "serve_in_background"]
