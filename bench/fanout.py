"""Fan-out to a full floor: 1,000 signed-in live pages over 2 app processes sharing Redis.

The console runs as production runs it: 2 processes of `gunicorn wsgi:app` (gunicorn.conf.py:
gevent, one worker each) on PostgreSQL, sharing one Redis message queue. 10 team leads sign in
once through the real form; their cookies open 1,000 Socket.IO pages (python-socketio's
AsyncClient over aiohttp, all in this process, WebSocket transport), half on each app process,
each connected once its snapshot came. Then:

  fan-out   a telecaller changes state (PUT /api/v1/me/state with their API token) on the first
            process, which publishes agent.state to the floor through console.realtime.publish;
            for every page, the time from the event's `at` (the instant publish() stamped it) to
            its arrival at the page; 20 events, one every half second: p50, p99 and max.
  base      the same pages, events and measure through a bare python-socketio server
            (bench/bare_socketio.py: the same gunicorn.conf.py, gevent, RedisManager, 2 processes)
            that has no sign-in, database or snapshot; the console's figures divided by these.
            Both servers run and hold their 1,000 pages at once, and their events take turns,
            so a machine shared with other work weighs on both alike.
  HTTP      while the 1,000 pages stay connected, 200 GET /api/v1/healthz (database and Redis)
            and 200 GET /api/v1/me (signed in with a token), one at a time, alternating between
            the two processes: p50, p99 and max.

Targets: fan-out p99 under 300 ms and within 1.5x of the base; HTTP p99 under 100 ms.
Both ends run on this machine, so the pages' own event loop is part of every figure (of the
base's too). The load average before and after is printed: run it with nothing else heavy.

Usage: .venv/bin/python bench/fanout.py [--pages 1000] [--events 20] [--requests 200]
Needs BENCH_DATABASE_URL (default: the local test database) and BENCH_REDIS_URL (default
redis://127.0.0.1:6379/11). Works in a schema of its own and a channel of its own, dropped after.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests
import socketio
import sqlalchemy as sa
from sqlmodel import Session

from console.db import make_engine
from console.migrate import upgrade
from console.services import accounts

ROOT = Path(__file__).resolve().parent.parent
BASE = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
PASSWORD = "quartz-lantern-meadow-91"
LEADS = 10  # team leads signed in once each; their cookies open every page
AT_ONCE = 50  # pages opening together
PROCESSES = 2
GUARD = 60  # seconds before a wait is a failure of the run, never a figure


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raise_open_files(wanted: int) -> None:
    """A socket per page: let this process (and the servers it starts) open enough files."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def build(url: str) -> str:
    """The schema at head, the team leads and a telecaller; the telecaller's API token."""
    upgrade(url=url)
    engine = make_engine(url, pool_size=2)
    with Session(engine, expire_on_commit=False) as session:
        for n in range(LEADS):
            accounts.create_user(
                session=session,
                email=f"lead{n}@example.test",
                name=f"Fan Lead {n}",
                role="lead",
                password=PASSWORD,
            )
        caller = accounts.create_user(
            session=session,
            email="caller@example.test",
            name="Fan Caller",
            role="telecaller",
            password=PASSWORD,
        )
        token = accounts.issue_token(session=session, kind="personal", name="fan", user=caller)
    engine.dispose()
    return token


class Servers:
    """PROCESSES gunicorns of one app, each with gunicorn.conf.py, on ports of their own."""

    def __init__(self, app: str, env: dict[str, str]) -> None:
        self.app, self.env = app, env
        self.ports = [free_port() for _ in range(PROCESSES)]
        self.urls = [f"http://127.0.0.1:{port}" for port in self.ports]
        self.processes: list[subprocess.Popen] = []
        self.log = tempfile.NamedTemporaryFile(prefix="fanout-", suffix=".log", delete=False)  # noqa: SIM115 - lives as long as the servers

    def __enter__(self) -> Servers:
        for port in self.ports:
            env = {**os.environ, **self.env, "HANDOFF_BIND": f"127.0.0.1:{port}"}
            env["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{port}"
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", self.app],
                    cwd=ROOT,
                    env=env,
                    stdout=self.log,
                    stderr=subprocess.STDOUT,
                )
            )
        for url in self.urls:
            self._wait_until_up(url)
        return self

    def _wait_until_up(self, url: str) -> None:
        deadline = time.monotonic() + GUARD
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/api/v1/livez", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"{self.app} at {url} did not start; see {self.log.name}")

    def __exit__(self, *_exc: object) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def sign_in(url: str, email: str) -> str:
    """Sign in through the real form; the Cookie header of the signed-in browser."""
    browser = requests.Session()
    page = browser.get(f"{url}/login", timeout=30).text
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    answer = browser.post(
        f"{url}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, f"{email} could not sign in: {answer.status_code}"
    return "; ".join(f"{name}={value}" for name, value in answer.cookies.items())


class Floor:
    """The live pages, and when each heard the event of the round under way."""

    def __init__(self) -> None:
        self.pages: list[socketio.AsyncClient] = []
        self.heard: list[float] = []  # seconds from publish to arrival, this round
        self.everyone = asyncio.Event()
        self.cpu: list[float] = []  # this process's CPU seconds from each publish to the last page

    async def open(self, urls: list[str], cookies: list[str], count: int) -> float:
        """Open `count` pages, spread over the processes and the cookies; seconds it took."""
        started = time.perf_counter()
        for first in range(0, count, AT_ONCE):
            numbers = range(first, min(first + AT_ONCE, count))
            await asyncio.wait_for(
                asyncio.gather(
                    *(
                        self._open_one(urls[n % len(urls)], cookies[n % len(cookies)])
                        for n in numbers
                    )
                ),
                GUARD,
            )
        return time.perf_counter() - started

    async def _open_one(self, url: str, cookie: str) -> None:
        page, snapshot = socketio.AsyncClient(reconnection=False), asyncio.Event()
        page.on("snapshot", lambda _body: snapshot.set())
        page.on("agent.state", self._arrived)
        headers = {"Cookie": cookie} if cookie else {}
        await page.connect(url, headers=headers, transports=["websocket"], wait_timeout=GUARD)
        await asyncio.wait_for(snapshot.wait(), GUARD)
        self.pages.append(page)

    def _arrived(self, body: dict) -> None:
        self.heard.append(time.time() - datetime.fromisoformat(body["at"]).timestamp())
        if len(self.heard) == len(self.pages):
            self.everyone.set()

    async def round(self, publish) -> list[float]:
        """Publish once (in a thread: a blocking HTTP request) and wait until every page heard."""
        self.heard, self.everyone = [], asyncio.Event()
        cpu = time.process_time()
        await asyncio.to_thread(publish)
        await asyncio.wait_for(self.everyone.wait(), GUARD)
        self.cpu.append(time.process_time() - cpu)
        return self.heard

    async def close(self) -> None:
        await asyncio.gather(*(page.disconnect() for page in self.pages))


async def fan_out(console: Side, bare: Side, events: int, during) -> None:
    """Open both floors' pages, run `during` (HTTP figures) in a thread, then the events, one
    through the console and one through the bare server in turn, so both meet the same load."""
    try:
        for side in (console, bare):
            side.opened = await side.floor.open(side.urls, side.cookies, side.pages)
        # The 2,000 pages are this process's own long-lived objects: out of the garbage
        # collector's sight, so its full collections (hundreds of ms over them) do not land in
        # the middle of an event and count against whichever server was sending.
        gc.freeze()
        await asyncio.to_thread(during)
        for _ in range(events):
            for side in (console, bare):
                heard = await side.floor.round(side.publish)
                side.delays += heard
                side.slowest.append(max(heard))
                await asyncio.sleep(0.25)
    finally:
        for side in (console, bare):
            await side.floor.close()


class Side:
    """One server of the comparison: its processes, pages, trigger and what was measured."""

    def __init__(self, urls: list[str], cookies: list[str], pages: int, publish) -> None:
        self.urls, self.cookies, self.pages, self.publish = urls, cookies, pages, publish
        self.floor = Floor()
        self.opened = 0.0
        self.delays: list[float] = []
        self.slowest: list[float] = []  # each event's last page, in the order sent

    def row(self) -> tuple[float, list[float], float, list[float]]:
        """Seconds to open the pages, every delay, the pages' median CPU seconds per event, and
        each event's slowest delivery."""
        return self.opened, self.delays, statistics.median(self.floor.cpu), self.slowest


def timed_gets(urls: list[str], path: str, count: int, headers: dict | None = None) -> list[float]:
    """`count` GETs of `path`, one at a time, alternating between the processes; seconds each."""
    http = requests.Session()
    took = []
    for n in range(count):
        started = time.perf_counter()
        answer = http.get(f"{urls[n % len(urls)]}{path}", headers=headers, timeout=GUARD)
        took.append(time.perf_counter() - started)
        assert answer.status_code == 200, f"GET {path} answered {answer.status_code}"
    return took


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def figures(values: list[float]) -> tuple[float, float, float]:
    """p50, p99 and max in milliseconds."""
    return (
        statistics.median(values) * 1000,
        percentile(values, 0.99) * 1000,
        max(values) * 1000,
    )


def run(options: argparse.Namespace) -> None:
    schema = f"bench_fanout_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(BASE)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{BASE}?options=-csearch_path%3D{schema}"
    try:
        measure(url, options)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def measure(url: str, options: argparse.Namespace) -> None:
    token = build(url)
    channel = f"bench-fanout-{uuid.uuid4().hex[:8]}"
    console_env = {
        "HANDOFF_ENV": "production",
        "DATABASE_URL": url,
        "DATABASE_POOL_SIZE": "5",
        "REDIS_URL": REDIS,
        "HANDOFF_REDIS_CHANNEL": channel,
        "SECRET_KEY": secrets.token_hex(32),
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": "0" * 32,
        "TWILIO_CALLER_ID": "+14155550199",
        "TWILIO_API_BASE": f"http://127.0.0.1:{free_port()}",  # nothing leaves the machine
        "LOG_LEVEL": "WARNING",
    }
    load_before = os.getloadavg()
    http: dict[str, list[float]] = {}
    states = iter(["paused", "available"] * options.events)
    api = {"Authorization": f"Bearer {token}"}

    with Servers("wsgi:app", console_env) as console:
        cookies = [sign_in(console.urls[0], f"lead{n}@example.test") for n in range(LEADS)]

        def change_state() -> None:
            state = next(states)
            body = {"state": state, **({"reason": "coaching"} if state == "paused" else {})}
            answer = requests.put(
                f"{console.urls[0]}/api/v1/me/state", json=body, headers=api, timeout=GUARD
            )
            assert answer.status_code == 200, answer.text

        def http_figures() -> None:
            http["GET /api/v1/healthz"] = timed_gets(
                console.urls, "/api/v1/healthz", options.requests
            )
            http["GET /api/v1/me"] = timed_gets(console.urls, "/api/v1/me", options.requests, api)

        bare_env = {"REDIS_URL": REDIS, "HANDOFF_REDIS_CHANNEL": f"{channel}-bare"}
        with Servers("bench.bare_socketio:app", bare_env) as bare:

            def publish() -> None:
                answer = requests.get(f"{bare.urls[0]}/publish", timeout=GUARD)
                assert answer.status_code == 200

            sides = (
                Side(console.urls, cookies, options.pages, change_state),
                Side(bare.urls, [""], options.pages, publish),
            )
            asyncio.run(fan_out(*sides, options.events, http_figures))

    report(options, sides[0].row(), sides[1].row(), http, load_before)


def report(options, console, bare, http, load_before) -> None:
    """Print the figures."""
    pages, events = options.pages, options.events
    print(
        f"fan-out: {pages:,} pages over {PROCESSES} processes sharing Redis, "
        f"{events} events, {pages * events:,} deliveries each"
    )
    print(f"{'server':<32}{'opened in':>10}{'p50':>10}{'p99':>10}{'max':>10}{'pages CPU':>11}")
    rows = (("console (gunicorn.conf.py)", *console), ("bare python-socketio", *bare))
    for name, opened, delays, cpu, _slowest in rows:
        assert len(delays) == pages * events, f"{name}: {len(delays)} deliveries"
        p50, p99, most = figures(delays)
        print(
            f"{name:<32}{opened:>9.1f}s{p50:>7.1f} ms{p99:>7.1f} ms{most:>7.1f} ms"
            f"{cpu * 1000:>8.0f} ms"
        )
    (c50, c99, _), (b50, b99, _) = figures(console[1]), figures(bare[1])
    print(f"{'console / bare':<32}{'':>10}{c50 / b50:>9.2f}x{c99 / b99:>9.2f}x")
    print("each event's slowest page, in the order sent (ms):")
    for name, *_, slowest in rows:
        print(f"  {name:<30}" + " ".join(f"{delay * 1000:.0f}" for delay in slowest))
    print(
        f"HTTP to the console while {pages * 2:,} pages are connected "
        f"({options.requests} each, one at a time):"
    )
    for name, took in http.items():
        p50, p99, most = figures(took)
        print(f"  {name:<30}{'':>10}{p50:>7.1f} ms{p99:>7.1f} ms{most:>7.1f} ms")
    after = os.getloadavg()
    print(
        "load average (1 min) before: "
        f"{load_before[0]:.2f}, after: {after[0]:.2f} on {os.cpu_count()} cores"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    raise_open_files(options.pages * 2 + 512)
    run(options)


if __name__ == "__main__":
    main()
