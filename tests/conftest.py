"""Shared fixtures: app, client, session, sio, users of every role and a sign-in helper."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask, current_app, g, has_app_context
from flask.testing import FlaskClient
from sqlmodel import Session, SQLModel

from console import clock as app_clock
from console import create_app, wiring
from console.clock import Clock
from console.config import TestConfig, clock_start
from console.db import engine, get_session
from console.extensions import socketio
from console.services import accounts, campaign_people, demo
from tests.services import require

PASSWORD = "correct horse battery"
WORKING_ZONE = "America/New_York"  # where the test leads live unless a test says otherwise
ROLES = ("telecaller", "lead", "sales", "admin")


class Browser(FlaskClient):
    """A test client whose every request starts from its own cookies, as a real request does.

    Requests in a test share the test's app context, and with it `g`, where Flask-Login keeps
    the user it found and Flask-WTF the CSRF token: without this, a second browser in the same
    test would act as whoever asked last. Only the database session the test shares is kept."""

    def open(self, *args: object, **kwargs: object):
        forget_request_state()
        return super().open(*args, **kwargs)


def forget_request_state() -> None:
    """Drop what a request left on the shared `g`, except the test's database session."""
    if has_app_context():
        for name in [name for name in g if name != "db_session"]:
            g.pop(name)


def make_app(database_url: str, **overrides: object) -> Flask:
    """A fresh app on the given database, with every table created."""
    app = create_app(TestConfig(database_url, **overrides))
    app.test_client_class = Browser
    with app.app_context():
        SQLModel.metadata.create_all(engine())
    return app


def seed_demo(session: Session, **options: object) -> str:
    """Seed the demo as `handoff demo` does: through the app's telephony and script library."""
    return demo.seed(
        session=session,
        telephony=wiring.telephony(),
        library=wiring.script_library(),
        public_base=current_app.config.get("PUBLIC_BASE_URL"),
        **options,
    )


def pytest_configure(config: pytest.Config) -> None:
    """HANDOFF_NOW starts the test process's clock too, before any test reads it."""
    app_clock.start(clock_start())


class TestClock(Clock):
    """The app's clock as a test sets it: set(), advance(), working_hours()."""

    def working_hours(self, zone: str = WORKING_ZONE, *, hour: int = 11) -> datetime:
        """Jump to the next weekday `hour`:00 in `zone` at or after now (running on from there):
        a moment when a lead there may be called under any campaign's window."""
        local = self.now().astimezone(ZoneInfo(zone))
        day = local.date()
        while day.weekday() >= 5 or datetime.combine(day, time(hour), ZoneInfo(zone)) < local:
            day += timedelta(days=1)
        at = datetime.combine(day, time(hour), ZoneInfo(zone)).astimezone(UTC)
        self.set(at)
        return at


@pytest.fixture
def clock() -> Iterator[TestClock]:
    """The one clock every part of the app reads, for this test to set; put back afterwards."""
    test_clock = TestClock(app_clock.now())
    previous = app_clock.use(test_clock)
    yield test_clock
    app_clock.use(previous)


@pytest.fixture
def working_hours(clock) -> datetime:
    """The clock moved to 11:00 on the next weekday in WORKING_ZONE: a lead there may be called."""
    return clock.working_hours()


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    """The app on a throwaway SQLite database."""
    app = make_app(f"sqlite:///{tmp_path / 'handoff.db'}")
    with app.app_context():
        yield app


@pytest.fixture
def session(app) -> Session:
    """The app context's database session."""
    return get_session()


@pytest.fixture
def client(app) -> FlaskClient:
    """A browser-like client with cookies."""
    return app.test_client()


@pytest.fixture
def users(session) -> dict:
    """One user of each role, by role name."""
    made = {}
    for role in ROLES:
        made[role] = accounts.create_user(
            session=session,
            email=f"{role}@example.test",
            name=f"{role.title()} Person",
            role=role,
            password=PASSWORD,
            team="Team North",
        )
    at_work(session, made["telecaller"])
    return made


def at_work(session: Session, *agents) -> None:
    """Telecallers start offline and the queue gives offline people no leads: these are
    available, as when they press Available on My queue (with no page connected, a presence
    sweep would take them offline again: tests that sweep connect one)."""
    for agent in agents:
        accounts.set_agent_state(
            session=session, user=agent, state="available", publish=lambda *_a, **_k: None
        )


@pytest.fixture
def callers(session, campaign, users):
    """The users' telecaller and a second one on the same campaign, both available."""
    second = accounts.create_user(
        session=session,
        email="two@example.test",
        name="Second Caller",
        role="telecaller",
        password="correct horse battery",
    )
    campaign_people.add_members(session=session, campaign=campaign, users=[second])
    at_work(session, second)
    return users["telecaller"], second


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form on a page (or on the page it sends you to)."""
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD, *, remember: bool = False):
    """Sign in through the real form, CSRF token included; `remember` ticks "keep me signed in"."""
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    if remember:
        data["remember"] = "y"
    return client.post("/login", data=data)


def sign_out(client: FlaskClient):
    """Sign out through the real button: a POST with the CSRF token of the page it is on."""
    return client.post("/logout", data={"csrf_token": csrf_token(client, "/")})


@pytest.fixture
def signed_in(client, users):
    """Sign the client in as a role: signed_in("lead")."""

    def as_role(role: str) -> FlaskClient:
        response = sign_in(client, users[role].email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return as_role


@pytest.fixture
def sio(app, client):
    """Flask-SocketIO's test client, sharing the signed-in client's cookies."""
    clients = []

    def connect():
        forget_request_state()  # as Browser.open: the socket finds its user from its cookies
        test_client = socketio.test_client(app, flask_test_client=client)
        clients.append(test_client)
        return test_client

    yield connect
    for test_client in clients:
        if test_client.is_connected():
            test_client.disconnect()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL URL for tests; fails in CI and skips elsewhere when unreachable."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    return require("postgresql", url)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis URL for tests; fails in CI and skips elsewhere when unreachable."""
    return require("redis", os.environ.get("TEST_REDIS_URL", ""))


def schema_url(base: str, schema: str) -> str:
    """The URL with search_path set to the schema."""
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="module")
def pg_schema(pg_url) -> Iterator[str]:
    """A fresh, empty schema, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    yield schema_url(pg_url, schema)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture
def pg_app(pg_schema):
    """The app on the PostgreSQL schema, tables created, rows removed after each test."""
    app = make_app(pg_schema)
    with app.app_context():
        yield app
        session = get_session()
        session.rollback()
        names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        session.exec(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        session.commit()
        app.extensions["handoff.engine"].dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def app_on_both(request, tmp_path) -> Iterator[Flask]:
    """The app on each database, for tests that override `app` with it: some input only
    breaks PostgreSQL, and some races only SQLite's locking hides."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_app")
        return
    app = make_app(f"sqlite:///{tmp_path / 'handoff.db'}")
    with app.app_context():
        yield app


@pytest.fixture
def campaign(session, users):
    """The inbound campaign, callable every day 08:00-21:00, worked by the telecaller."""
    from console.services import campaigns

    made = campaigns.create_campaign(
        session=session,
        slug="inbound",
        name="Inbound demo requests",
        script_id="inbound-demo-requests",
    )
    made.calling_window = {"start": "08:00", "end": "21:00", "days": list(range(7))}
    session.commit()
    campaign_people.add_members(
        session=session, campaign=made, users=[users["telecaller"], users["sales"]]
    )
    return made


@pytest.fixture
def mail(tmp_path):
    """A real SMTP server (aiosmtpd) on a free port, and a mailer that reaches it."""
    from tests.mail import mail_server

    with mail_server(tmp_path / "mail") as server:
        yield server


@pytest.fixture
def tokens(session, users) -> dict:
    """A bearer header per role, plus an intake key under "intake"."""
    headers = {
        role: {
            "Authorization": "Bearer "
            + accounts.issue_token(session=session, kind="personal", name=role, user=users[role])
        }
        for role in ROLES
    }
    key = accounts.issue_token(session=session, kind="intake", name="website")
    headers["intake"] = {"Authorization": f"Bearer {key}"}
    return headers
