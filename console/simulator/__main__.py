"""`python -m console.simulator`: the same as `handoff twilio-sim`."""

from console.simulator.serve import main

raise SystemExit(main())
