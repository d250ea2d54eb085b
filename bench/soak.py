"""A soak with faults: telecallers work a real floor while the process Twilio calls back is killed.

N telecallers (threads, each with its own API token) work the queue for S seconds against two
`handoff run` processes on PostgreSQL that share Redis, half of them on each. Each also keeps
its page open, as a person does: one Socket.IO connection signed in with the session cookie,
reconnecting when its process goes away (presence takes a telecaller with no page offline 30 s
after they go available, and the queue gives offline people no lead). The Twilio simulator
plays every call (`--speed` real seconds per call second) and calls the first process back, with
chaos: callbacks duplicated and shuffled. Each telecaller loops: take the next lead, dial it, wait
for the call to end (pressing Hang up after 30 s), record the outcome the call allows.

A third of the way in, the first process is killed with SIGKILL while calls are live, so their
webhooks are lost, and it is started again 10 s later. At the end both processes stop, the
simulator finishes every call, and one process starts again: its start reconciles every call that
was still live. Then the checks are printed:
  live calls left          calls the database still thinks are live (should be 0)
  calls unlike Twilio      ended calls whose status differs from the simulator's record (0)
  stuck on a call          telecallers still on_call with no live call (0)
  leads dialled by two     leads on which two telecallers' calls overlapped in time (0): from
                           each dial to the moment the app learnt the call was over, on the
                           app's clock (all processes share one timeline)
  outcomes while another was dialling   outcomes recorded while another telecaller's call on
                           that lead was live (0)

Usage: .venv/bin/python bench/soak.py [--telecallers 20] [--seconds 600] [--leads 3000]
                                     [--speed 0.05] [--no-kill] [--no-pages]
Needs BENCH_DATABASE_URL (default: the local test database) and BENCH_REDIS_URL (default
redis://127.0.0.1:6379/14). Works in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests
import socketio
import sqlalchemy as sa
from sqlmodel import Session

from console import clock
from console.db import make_engine
from console.migrate import upgrade
from console.models import Lead
from console.services import accounts, campaign_people, campaigns
from console.services.queue_facts import LIVE_STATUSES
from console.simulator import Simulator
from console.simulator_account import (
    SIM_ACCOUNT_SID,
    SIM_API_KEY_SID,
    SIM_APPLICATION_SID,
    SIM_AUTH_TOKEN,
    SIM_CALLER_ID,
)

ROOT = Path(__file__).resolve().parent.parent
BASE = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
START = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # Wednesday, 10:00 in New York
ZONE = "America/New_York"
AGENT_PHONE = "+14155550100"  # ends 00: the telecaller picks up
PASSWORD = "quartz-lantern-meadow-91"
# The last two digits pick the simulator's scenario: talk, no answer, busy, failed, voicemail.
ENDINGS = [10, 20, 30, 40, 55, 61, 66, 72, 81, 91]
ENDED = {"completed", "busy", "no-answer", "failed", "canceled"}
DISPOSITION = {"busy": "busy", "no-answer": "no-answer", "failed": "no-answer"}


def phone(n: int) -> str:
    """The n-th lead's number: unique, ending in its scenario's digits."""
    line = n // len(ENDINGS)
    return f"+1212{200 + line // 100:03d}{line % 100:02d}{ENDINGS[n % len(ENDINGS)]:02d}"


def schema_url(schema: str) -> str:
    return f"{BASE}?options=-csearch_path%3D{schema}"


def build(url: str, telecallers: int, leads: int) -> list[str]:
    """The schema at head, one campaign, the telecallers with their tokens, and the leads."""
    upgrade(url=url)
    engine = make_engine(url)
    clock.start(START)
    with Session(engine, expire_on_commit=False) as session:
        campaign = campaigns.create_campaign(
            session=session, slug="soak", name="Soak", script_id="inbound-demo-requests"
        )
        agents, tokens = [], []
        for n in range(telecallers):
            agent = accounts.create_user(
                session=session,
                email=f"soak{n}@example.test",
                name=f"Soak Caller {n}",
                role="telecaller",
                password=PASSWORD,
                phone=AGENT_PHONE,
            )
            agents.append(agent)
            tokens.append(
                accounts.issue_token(session=session, kind="personal", name="soak", user=agent)
            )
        campaign_people.add_members(session=session, campaign=campaign, users=agents)
        session.add_all(
            Lead(
                campaign_id=campaign.id,
                first_name="Soak",
                last_name=str(n),
                phone=phone(n),
                country="US",
                region="NY",
                timezone=ZONE,
                arrived_at=START - timedelta(minutes=n % 300),
            )
            for n in range(leads)
        )
        session.commit()
    engine.dispose()
    return tokens


class App:
    """`handoff run` in a child process, started and killed at will."""

    def __init__(self, port: int, env: dict[str, str]) -> None:
        self.port, self.env = port, env
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None
        self.log = open(f"/tmp/soak-{port}.log", "ab")  # noqa: SIM115 - lives as long as the app

    def start(self) -> None:
        """Start it on the soak's one timeline: a process started again later starts later."""
        command = [sys.executable, "-m", "console.cli", "run", "--no-sim", "--port", str(self.port)]
        # Each process captures its mail on a port of its own (1025 would be one process's only).
        env = {**self.env, "HANDOFF_NOW": clock.now().isoformat(), "SMTP_PORT": _free_port()}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/api/v1/livez", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"the app on port {self.port} did not start; see {self.log.name}")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=30)


class Tally:
    """What the telecallers did and what went wrong, counted across threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: collections.Counter[str] = collections.Counter()

    def add(self, what: str) -> None:
        with self.lock:
            self.counts[what] += 1


class Page:
    """A telecaller's open page: signed in with their password, one Socket.IO connection on the
    session cookie, reconnecting by itself (as live.js does) when its process goes away."""

    def __init__(self, url: str, email: str, tally: Tally) -> None:
        browser = requests.Session()
        form = browser.get(f"{url}/login", timeout=30).text
        csrf = form.split('name="csrf-token" content="')[1].split('"')[0]
        signed = browser.post(
            f"{url}/login",
            data={"email": email, "password": PASSWORD, "csrf_token": csrf},
            allow_redirects=False,
            timeout=30,
        )
        if signed.status_code != 302:
            raise RuntimeError(f"{email} could not sign in ({signed.status_code})")
        self.client = socketio.Client(reconnection=True, reconnection_delay_max=2)
        self.client.on("connect", lambda: tally.add("page connections (and reconnections)"))
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        self.client.connect(
            url, headers={"Cookie": cookie}, transports=["polling"], wait_timeout=30
        )

    def close(self) -> None:
        self.client.disconnect()


def telecaller(
    url: str, token: str, email: str, deadline: float, tally: Tally, pages: bool = True
) -> None:
    """Open the page, then take, dial, wait, record; until the time is up. A refused or failed
    request is counted and tried again a moment later (the app may be down)."""
    try:
        page = Page(url, email, tally) if pages else None
    except (RuntimeError, requests.RequestException, socketio.exceptions.ConnectionError):
        tally.add("pages that would not open")
        page = None
    try:
        work(url, token, deadline, tally)
    finally:
        if page is not None:
            page.close()


def work(url: str, token: str, deadline: float, tally: Tally) -> None:
    """The telecaller's loop over the API."""
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"

    def api(method: str, path: str, **body) -> requests.Response | None:
        try:
            response = http.request(method, f"{url}/api/v1{path}", json=body or None, timeout=30)
        except requests.RequestException:
            tally.add("requests that found the app down")
            time.sleep(1)
            return None
        if response.status_code >= 500:
            tally.add(f"answers {response.status_code}")
        return response

    api("PUT", "/me/state", state="available")
    while time.monotonic() < deadline:
        taken = api("POST", "/queue/next")
        if taken is not None and taken.status_code == 409:
            code = (taken.json().get("error") or {}).get("code", "?")
            tally.add(f"leads refused ({code})")
            if code == "offline":  # presence lost the page: a person presses Available again
                api("PUT", "/me/state", state="available")
            time.sleep(1)
            continue
        if taken is None or not taken.ok:
            time.sleep(1)
            continue
        lead = taken.json().get("lead")
        if lead is None:
            tally.add("empty queues")
            time.sleep(2)
            continue
        dialled = api("POST", "/calls", lead_id=lead["id"], mode="bridge")
        if dialled is None or dialled.status_code != 201:
            tally.add(f"dials refused ({dialled.status_code if dialled else 'down'})")
            api("POST", f"/leads/{lead['id']}/release")
            continue
        tally.add("dials")
        call = dialled.json()["call"]
        status = wait_for_end(api, call["id"], tally)
        disposition = DISPOSITION.get(status, "not-interested")
        saved = api("POST", f"/calls/{call['id']}/outcome", disposition=disposition)
        while saved is None and time.monotonic() < deadline:  # the app was down: save again
            saved = api("POST", f"/calls/{call['id']}/outcome", disposition=disposition)
        if saved is not None and saved.ok:
            tally.add("outcomes")
        else:
            tally.add(f"outcomes refused ({saved.status_code if saved else 'down'})")


def wait_for_end(api, call_id: int, tally: Tally) -> str:
    """Poll the call until it ends; after 30 s press Hang up, as a telecaller would."""
    pressed = time.monotonic() + 30
    while True:
        seen = api("GET", f"/calls/{call_id}")
        status = seen.json()["call"]["status"] if seen is not None and seen.ok else ""
        if status in ENDED:
            return status
        if time.monotonic() > pressed:
            tally.add("hang-ups pressed")
            api("POST", f"/calls/{call_id}/hangup")
            pressed = time.monotonic() + 30
        time.sleep(0.5)


LIVE = ", ".join(f"'{status}'" for status in LIVE_STATUSES)
OVER = ", ".join(f"'{status}'" for status in sorted(ENDED))
# When the app learnt each call was over, on its own clock (a call's ended_at is Twilio's time,
# which the simulator runs faster than the app's at --speed < 1).
LEARNT_END = (
    "(SELECT min(e.received_at) FROM call_event e"
    f" WHERE e.call_id = {{call}}.id AND e.status IN ({OVER}))"
)
CHECKS = {
    "live calls left": f"SELECT count(*) FROM call WHERE status IN ({LIVE})",
    "stuck on a call": (
        "SELECT count(*) FROM app_user u WHERE lower(CAST(u.state AS text)) = 'on_call'"
        f" AND NOT EXISTS (SELECT 1 FROM call c WHERE c.agent_id = u.id AND c.status IN ({LIVE}))"
    ),
    "leads dialled by two": (
        "SELECT count(DISTINCT a.lead_id) FROM call a JOIN call b ON a.lead_id = b.lead_id"
        " AND a.agent_id <> b.agent_id AND a.id < b.id AND a.status <> 'preparing'"
        " AND b.status <> 'preparing'"
        f" AND a.started_at < coalesce({LEARNT_END.format(call='b')}, 'infinity')"
        f" AND b.started_at < coalesce({LEARNT_END.format(call='a')}, 'infinity')"
    ),
    "outcomes while another was dialling": (
        "SELECT count(*) FROM outcome o JOIN call other ON other.lead_id = o.lead_id"
        " AND other.agent_id <> o.agent_id AND other.status <> 'preparing'"
        " AND other.started_at < o.created_at"
        f" AND o.created_at < coalesce({LEARNT_END.format(call='other')}, 'infinity')"
    ),
}


def unlike_twilio(engine: sa.Engine, simulator: Simulator) -> list[str]:
    """Ended calls that reached the lead whose stored status is not the one the simulator gave
    the lead's leg, each as a line to look into. (A call that never rang the lead is stored as
    not connected, whatever became of the telecaller's own leg.)"""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT id, twilio_sid, lead_call_sid, status FROM call WHERE ended_at IS NOT NULL"
            )
        ).all()
    differing = []
    for call_id, agent_sid, lead_sid, status in rows:
        played = simulator.calls.get(lead_sid) if lead_sid else None
        if played is not None and played.status != status:
            agent_leg = simulator.calls.get(agent_sid)
            differing.append(
                f"call {call_id}: stored {status}, lead leg {played.status},"
                f" telecaller leg {agent_leg.status if agent_leg else '?'}"
            )
    return differing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--telecallers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--leads", type=int, default=3000)
    parser.add_argument("--speed", type=float, default=0.05)
    parser.add_argument("--no-kill", action="store_true")
    parser.add_argument(
        "--no-pages", action="store_true", help="telecallers without a page open (presence)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the schema to look into")
    options = parser.parse_args()

    schema = f"soak_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(BASE)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = schema_url(schema)
    try:
        run(url, options)
    finally:
        if options.keep:
            print(f"kept schema {schema}")
        else:
            with admin.begin() as connection:
                connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


def run(url: str, options: argparse.Namespace) -> None:
    tokens = build(url, options.telecallers, options.leads)
    ports = [5381, 5382]
    simulator = Simulator(
        speed=options.speed,
        chaos=True,
        seed=7,
        voice_url=f"http://127.0.0.1:{ports[0]}/twilio/voice",
        voice_status_callback=f"http://127.0.0.1:{ports[0]}/twilio/status",
    )
    simulator.start(port=0)
    env = {
        **os.environ,
        "HANDOFF_ENV": "development",  # production refuses HANDOFF_NOW (set as each starts)
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", REDIS),
        "SECRET_KEY": "soak-secret",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports[0]}",
        "TWILIO_API_BASE": simulator.base_url,
        "TWILIO_ACCOUNT_SID": SIM_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": SIM_AUTH_TOKEN,
        "TWILIO_CALLER_ID": SIM_CALLER_ID,
        "TWILIO_TWIML_APP_SID": SIM_APPLICATION_SID,
        "TWILIO_API_KEY_SID": SIM_API_KEY_SID,
        "TWILIO_API_KEY_SECRET": SIM_AUTH_TOKEN,
    }
    apps = [App(port, env) for port in ports]
    for app in apps:
        app.start()
    tally = Tally()
    began = time.monotonic()
    deadline = began + options.seconds
    threads = [
        threading.Thread(
            target=telecaller,
            args=(apps[n % 2].url, token, f"soak{n}@example.test", deadline, tally),
            kwargs={"pages": not options.no_pages},
            daemon=True,
        )
        for n, token in enumerate(tokens)
    ]
    for thread in threads:
        thread.start()
    if not options.no_kill:
        time.sleep(options.seconds / 3)
        apps[0].kill()
        print(f"killed the process Twilio calls back at {time.monotonic() - began:.0f} s")
        time.sleep(10)
        apps[0].start()
        print(f"started it again at {time.monotonic() - began:.0f} s")
    for thread in threads:
        thread.join(timeout=options.seconds + 120)
    for app in apps:
        app.stop()
    simulator.wait(timeout=120)
    apps[0].start()  # its start reconciles every call left live
    settle(url)
    apps[0].stop()
    simulator.stop()
    report(url, simulator, tally, time.monotonic() - began)


def settle(url: str, timeout: float = 200) -> None:
    """Wait until no call is live any more: the restarted process reconciles them at once, and
    a call the app never learnt the id of after two quiet minutes (the periodic job)."""
    engine = make_engine(url)
    deadline = time.monotonic() + timeout
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            live = connection.execute(sa.text(CHECKS["live calls left"])).scalar_one()
            connection.rollback()
            if not live:
                break
            time.sleep(1)
    engine.dispose()


def report(url: str, simulator: Simulator, tally: Tally, elapsed: float) -> None:
    engine = make_engine(url)
    print(f"soak of {elapsed:.0f} s")
    for what, count in sorted(tally.counts.items()):
        print(f"  {what:<36} {count:>7,}")
    with engine.connect() as connection:
        for what, query in CHECKS.items():
            print(f"  {what:<36} {connection.execute(sa.text(query)).scalar_one():>7,}")
    unlike = unlike_twilio(engine, simulator)
    print(f"  {'calls unlike Twilio':<36} {len(unlike):>7,}")
    for line in unlike:
        print(f"    {line}")
    engine.dispose()


if __name__ == "__main__":
    main()


def _free_port() -> str:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])
