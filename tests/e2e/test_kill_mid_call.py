"""kill -9 mid-call: `handoff run` dies while its telecaller talks to a lead through the Twilio
simulator; after the restart the call ends with its real duration, status and recording."""

from __future__ import annotations

import time
from datetime import timedelta

import requests
from sqlmodel import Session

from console import clock, migrate, wiring
from console.db import engine
from console.domain.roles import AgentState
from console.models import Call, Lead, User
from console.realtime import publish
from console.services import accounts, campaign_people, campaigns
from console.services.call_reconcile import reconcile_after_restart
from console.simulator import Simulator
from tests.conftest import PASSWORD, WORKING_ZONE, at_work, make_app
from tests.e2e.conftest import AGENT_PHONE, simulated
from tests.live import ProcessServer, free_port


def seeded(url: str) -> tuple[int, str]:
    """A migrated database with a campaign, a telecaller holding a lead that talks for 45 s:
    (the lead's id, the telecaller's API token)."""
    migrate.upgrade("head", url=url)
    app = make_app(url)
    with app.app_context(), Session(engine(), expire_on_commit=False) as session:
        campaign = campaigns.create_campaign(
            session=session, slug="inbound", name="Inbound", script_id="inbound-demo-requests"
        )
        campaign.calling_window = {"start": "08:00", "end": "21:00", "days": list(range(7))}
        agent = accounts.create_user(
            session=session,
            email="caller@kill.test",
            name="Cal Caller",
            role="telecaller",
            password=PASSWORD,
            phone=AGENT_PHONE,
        )
        campaign_people.add_members(session=session, campaign=campaign, users=[agent])
        at_work(session, agent)
        lead = Lead(
            campaign_id=campaign.id,
            first_name="Ada",
            phone="+14155550123",
            country="US",
            region="NY",
            timezone=WORKING_ZONE,
            lease_owner_id=agent.id,
            lease_expires_at=clock.now() + timedelta(hours=1),
        )
        session.add(lead)
        session.commit()
        token = accounts.issue_token(session=session, kind="personal", name="t", user=agent)
        lead_id = lead.id
    app.extensions["handoff.engine"].dispose()
    return lead_id, token


def wait_until_talking(url: str, call_id: int, timeout: float = 20) -> None:
    """Until the lead's leg is connected, as the app stored it."""
    app = make_app(url)
    deadline = time.monotonic() + timeout
    with app.app_context(), Session(engine()) as session:
        while True:
            call = session.get(Call, call_id, populate_existing=True)
            if call.status == "in-progress" and call.lead_call_sid:
                break
            assert time.monotonic() < deadline, f"call {call_id} never connected: {call.status}"
            session.rollback()
            time.sleep(0.02)
    app.extensions["handoff.engine"].dispose()


def test_a_call_survives_its_app_being_killed_mid_conversation(tmp_path, working_hours):
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    lead_id, token = seeded(url)
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    simulator = Simulator(speed=0.1, seed=3)  # the lead talks 45 s: 4.5 s here
    simulator.start(port=0)
    env = simulated(app_url, simulator.base_url) | {
        "DATABASE_URL": url,
        "HANDOFF_NOW": working_hours.isoformat(),  # a weekday 11:00 where the lead lives
    }
    try:
        server = ProcessServer(env, port=port).__enter__()
        placed = requests.post(
            f"{app_url}/api/v1/calls",
            json={"lead_id": lead_id, "mode": "bridge"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert placed.status_code == 201, placed.text
        call_id = placed.json()["call"]["id"]
        wait_until_talking(url, call_id)
        server.process.kill()  # SIGKILL: no shutdown, no last words
        server.process.wait(timeout=10)
        assert simulator.wait(timeout=30), "the call plays out without the app"
        call, agent, lead, ended = restart_and_reconcile(url, app_url, simulator, call_id)
    finally:
        simulator.stop()
    assert ended == 1
    assert (call.status, call.duration_seconds, call.answered_by) == ("completed", 45, "human")
    assert call.recording_sid is not None and call.recording_seconds == 45
    assert call.ended_at is not None and call.answered_at is not None
    assert agent.state == AgentState.WRAP_UP and lead.attempts == 1


def restart_and_reconcile(url: str, app_url: str, simulator: Simulator, call_id: int) -> tuple:
    """A new app process on the same database reconciles at start: (call, agent, lead, count)."""
    restarted = make_app(url)
    restarted.config.update(simulated(app_url, simulator.base_url))
    with restarted.app_context(), Session(engine(), expire_on_commit=False) as session:
        stale = session.get(Call, call_id)
        assert (stale.status, stale.ended_at) == ("in-progress", None), "left live by the kill"
        assert session.get(User, stale.agent_id).state == AgentState.ON_CALL
        ended = reconcile_after_restart(
            session=session, telephony=wiring.telephony(), publish=publish
        )
        call = session.get(Call, call_id, populate_existing=True)
        agent = session.get(User, call.agent_id, populate_existing=True)
        lead = session.get(Lead, call.lead_id, populate_existing=True)
    restarted.extensions["handoff.engine"].dispose()
    return call, agent, lead, ended
