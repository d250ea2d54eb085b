"""Every URL given to Twilio comes from configuration; a caller's Host headers steer nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.simulator import Simulator
from tests.e2e.conftest import simulated
from tests.handoffs import add_lead

PUBLIC = "https://handoff.example.test"
FORGED = {"Host": "attacker.example", "X-Forwarded-Host": "attacker.example",
          "X-Forwarded-Proto": "http"}  # fmt: skip


@pytest.fixture
def simulator(app):
    """The simulator the app places calls with; its callbacks go nowhere reachable here."""
    simulator = Simulator(speed=0.001, seed=11)
    simulator.start(port=0)
    yield simulator
    simulator.stop()


def dial_with_forged_host(app, simulator, session, campaign, users, tokens, clock):
    clock.working_hours()
    users["telecaller"].phone = "+14155550100"
    lead = add_lead(session, campaign, lease_owner_id=users["telecaller"].id,
                    lease_expires_at=clock.now() + timedelta(minutes=10))  # fmt: skip
    response = app.test_client().post(
        "/api/v1/calls",
        json={"lead_id": lead.id, "mode": "bridge"},
        headers=tokens["telecaller"] | FORGED,
    )
    assert response.status_code == 201, response.json
    placed = simulator.calls.all()
    assert len(placed) == 1
    return placed[0]


def test_a_forged_host_does_not_move_the_callbacks_of_a_call(
    app, simulator, session, campaign, users, tokens, clock
):
    app.config.update(simulated(PUBLIC, simulator.base_url))
    app.extensions.pop("handoff.telephony", None)
    placed = dial_with_forged_host(app, simulator, session, campaign, users, tokens, clock)
    assert placed.url.startswith(f"{PUBLIC}/twilio/voice?call=")
    assert placed.status_callback.startswith(f"{PUBLIC}/twilio/status?call=")


def test_without_a_public_url_development_uses_its_own_port_never_the_request(
    app, simulator, session, campaign, users, tokens, clock
):
    app.config.update(simulated(PUBLIC, simulator.base_url), PUBLIC_BASE_URL=None, PORT=5123)
    app.extensions.pop("handoff.telephony", None)
    placed = dial_with_forged_host(app, simulator, session, campaign, users, tokens, clock)
    assert placed.url.startswith("http://127.0.0.1:5123/twilio/voice?call=")
    assert "attacker" not in placed.url + placed.status_callback
