"""The app and the Twilio simulator as real servers talking HTTP both ways, plus a live listener."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import socketio
import sqlalchemy as sa
from flask import Flask
from sqlmodel import Session

from console import clock
from console.db import engine
from console.models import Call, Lead, User
from console.services import accounts, campaign_people, campaigns
from console.simulator import Simulator
from console.simulator_account import (
    SIM_ACCOUNT_SID,
    SIM_API_KEY_SID,
    SIM_APPLICATION_SID,
    SIM_AUTH_TOKEN,
    SIM_CALLER_ID,
)
from tests.conftest import PASSWORD, WORKING_ZONE, at_work, make_app, schema_url
from tests.live import ThreadServer

SPEED = 0.001  # real seconds per call second: a 45-second conversation plays in 45 ms
AGENT_PHONE = "+14155550100"  # ends 00: the telecaller picks up


def simulated(app_url: str, simulator_url: str) -> dict[str, str]:
    """Config for an app that Twilio (the simulator) reaches at app_url, whatever the env says."""
    return {
        "PUBLIC_BASE_URL": app_url,
        "TWILIO_API_BASE": simulator_url,
        "TWILIO_ACCOUNT_SID": SIM_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": SIM_AUTH_TOKEN,
        "TWILIO_CALLER_ID": SIM_CALLER_ID,
        "TWILIO_TWIML_APP_SID": SIM_APPLICATION_SID,
        "TWILIO_API_KEY_SID": SIM_API_KEY_SID,
        "TWILIO_API_KEY_SECRET": SIM_AUTH_TOKEN,
    }


@dataclass
class Floor:
    """One app on a real port with its simulator, a campaign, and a way to dial."""

    app: Flask
    server: ThreadServer
    simulator: Simulator
    campaign_id: int
    telecallers: list[User] = field(default_factory=list)
    tokens: dict[int, str] = field(default_factory=dict)

    def session(self) -> Session:
        """A database session of its own (the test runs outside any request)."""
        with self.app.app_context():
            return Session(engine(), expire_on_commit=False)

    def hold(self, agent: User, phone: str, **fields) -> int:
        """A callable lead leased to the telecaller; its id."""
        with self.session() as session:
            held = {
                "country": "US",
                "region": "NY",
                "timezone": WORKING_ZONE,
                "lease_owner_id": agent.id,
                "lease_expires_at": clock.now() + timedelta(minutes=10),
            }
            lead = Lead(
                campaign_id=self.campaign_id,
                first_name="Lead",
                last_name=phone[-2:],
                phone=phone,
                **held | fields,
            )
            session.add(lead)
            session.commit()
            return lead.id

    def api(self, agent: User, method: str, path: str, **kwargs) -> requests.Response:
        """The JSON API as this telecaller (bearer token)."""
        headers = {"Authorization": f"Bearer {self.tokens[agent.id]}"}
        return requests.request(
            method, f"{self.server.url}/api/v1{path}", headers=headers, timeout=30, **kwargs
        )

    def dial(self, agent: User, lead_id: int, mode: str = "bridge") -> dict:
        """POST /calls; the call's JSON (fails the test on anything but 201)."""
        response = self.api(agent, "POST", "/calls", json={"lead_id": lead_id, "mode": mode})
        assert response.status_code == 201, response.text
        return response.json()["call"]

    def call(self, call_id: int) -> Call:
        """The call row as stored now."""
        with self.session() as session:
            return session.get(Call, call_id)

    def lead(self, lead_id: int) -> Lead:
        """The lead row as stored now."""
        with self.session() as session:
            return session.get(Lead, lead_id)

    def settle(self, timeout: float = 20) -> None:
        """Wait until every call has played out and every callback was answered."""
        assert self.simulator.wait(timeout=timeout), "the simulator still has calls playing"


@pytest.fixture
def scratch(tmp_path) -> Iterator[Path]:
    """Where the floor's database lives: memory-backed when the machine has it (no fsync waits)."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    where = Path(tempfile.mkdtemp(prefix="handoff-e2e-", dir=shm))
    yield where
    shutil.rmtree(where, ignore_errors=True)


@pytest.fixture
def start_floor(scratch, working_hours) -> Iterator:
    """Start floors: start_floor(chaos=False, speed=SPEED, telecallers=1, database=None), at 11:00
    on a weekday where the leads live."""
    started: list[tuple[ThreadServer, Simulator, Flask]] = []

    def start(
        *,
        chaos: bool = False,
        speed: float = SPEED,
        telecallers: int = 1,
        seed: int = 7,
        database: str | None = None,
    ) -> Floor:
        app = make_app(database or f"sqlite:///{scratch / f'floor{len(started)}.db'}")
        server = ThreadServer(app)
        simulator = Simulator(
            speed=speed,
            chaos=chaos,
            seed=seed,
            voice_url=f"{server.url}/twilio/voice",
            voice_status_callback=f"{server.url}/twilio/status",
        )
        simulator.start(port=0)
        app.config.update(simulated(server.url, simulator.base_url))
        server.__enter__()
        started.append((server, simulator, app))
        return _populate(app, server, simulator, telecallers)

    yield start
    for server, simulator, app in started:
        simulator.stop()
        server.__exit__(None, None, None)
        app.extensions["handoff.engine"].dispose()


@pytest.fixture
def pg_schemas(pg_url) -> Iterator:
    """Fresh PostgreSQL schemas for floors: pg_schemas() -> a URL; all dropped afterwards."""
    made: list[str] = []
    admin = sa.create_engine(pg_url)

    def make() -> str:
        made.append(f"e2e_{uuid.uuid4().hex[:12]}")
        with admin.begin() as connection:
            connection.execute(sa.text(f"CREATE SCHEMA {made[-1]}"))
        return schema_url(pg_url, made[-1])

    yield make
    with admin.begin() as connection:
        for schema in made:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def _populate(app: Flask, server: ThreadServer, simulator: Simulator, count: int) -> Floor:
    with app.app_context():
        session = Session(engine(), expire_on_commit=False)
        campaign = campaigns.create_campaign(
            session=session, slug="inbound", name="Inbound", script_id="inbound-demo-requests"
        )
        campaign.calling_window = {"start": "08:00", "end": "21:00", "days": list(range(7))}
        session.commit()
        floor = Floor(app, server, simulator, campaign.id)
        for n in range(count):
            agent = accounts.create_user(
                session=session,
                email=f"caller{n}@example.test",
                name=f"Caller {n}",
                role="telecaller",
                password=PASSWORD,
                phone=AGENT_PHONE,
            )
            floor.telecallers.append(agent)
            floor.tokens[agent.id] = accounts.issue_token(
                session=session, kind="personal", name="e2e", user=agent
            )
        campaign_people.add_members(session=session, campaign=campaign, users=floor.telecallers)
        at_work(session, *floor.telecallers)
        session.close()
    return floor


class Listener:
    """A Socket.IO client signed in as a user over real HTTP, keeping every call.updated."""

    def __init__(self, url: str, email: str) -> None:
        browser = requests.Session()
        page = browser.get(f"{url}/login", timeout=10).text
        token = page.split('name="csrf-token" content="')[1].split('"')[0]
        form = {"email": email, "password": PASSWORD, "csrf_token": token}
        assert browser.post(f"{url}/login", data=form, allow_redirects=False).status_code == 302
        self.events: list[dict] = []
        self.lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.client.on("call.updated", self._keep)
        snapshot = threading.Event()
        self.client.on("snapshot", lambda _body: snapshot.set())
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        self.client.connect(
            url, headers={"Cookie": cookie}, transports=["polling"], wait_timeout=10
        )
        assert snapshot.wait(10), "no snapshot on connect"

    def _keep(self, event: dict) -> None:
        with self.lock:
            self.events.append(event)

    def phases(self, call_id: int) -> list[str]:
        """The phases pushed for one call, repeats folded."""
        with self.lock:
            shown = [e["call"]["phase"] for e in self.events if e["call"]["id"] == call_id]
        return [p for i, p in enumerate(shown) if i == 0 or shown[i - 1] != p]

    def wait_for(self, call_id: int, phase: str, timeout: float = 10) -> None:
        """Until an event showing this phase arrived for the call."""
        deadline = time.monotonic() + timeout
        while phase not in self.phases(call_id):
            assert time.monotonic() < deadline, (
                f"no {phase} for call {call_id}: {self.phases(call_id)}"
            )
            time.sleep(0.01)

    def close(self) -> None:
        # Nothing to wait for: the test is over and the server is about to stop.
        self.client.eio.disconnect(abort=True)


@pytest.fixture
def listen() -> Iterator:
    """Connect listeners: listen(floor, email); all disconnected after the test."""
    listeners: list[Listener] = []

    def connect(floor: Floor, email: str) -> Listener:
        listeners.append(Listener(floor.server.url, email))
        return listeners[-1]

    yield connect
    for listener in listeners:
        listener.close()
