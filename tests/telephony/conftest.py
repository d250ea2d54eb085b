"""Fixtures for the simulator tests: a running simulator, a REST client, and a tiny fake app."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from console.simulator import Simulator
from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, SIM_CALLER_ID
from console.telephony.client import make_rest_client

# Real seconds per call second: a 45-second conversation plays out in about 45 ms.
TEST_SPEED = 0.001
ANSWERING_PHONE = "+14155550100"  # ends 00: picks up


@dataclass(frozen=True)
class Hit:
    """One request the simulator made to the fake app."""

    method: str
    path: str
    url: str  # the full URL, query string included, as the simulator signed it
    params: dict[str, str]  # POST form, or the query parameters of a GET
    signature: str

    def body(self) -> dict[str, str]:
        """What a signature covers besides the URL: the POST params (none for GET)."""
        return self.params if self.method == "POST" else {}


class FakeApp:
    """The app's side of the wire: serves TwiML per path and records every callback."""

    def __init__(self) -> None:
        self.twiml: dict[str, str] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        polling = {"poll_interval": 0.05}  # so stop() returns promptly
        threading.Thread(target=self.server.serve_forever, kwargs=polling, daemon=True).start()

    def url(self, path: str) -> str:
        """The absolute URL of a path on the fake app."""
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def hits_to(self, path: str) -> list[Hit]:
        """The requests made to one path, in arrival order."""
        with self.lock:
            return [hit for hit in self.hits if hit.path == path]

    def record(self, hit: Hit) -> str:
        with self.lock:
            self.hits.append(hit)
        return self.twiml.get(hit.path, "<Response/>")


def _handler(fake_app: FakeApp) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.answer("GET", dict(parse_qsl(urlsplit(self.path).query)))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.answer("POST", dict(parse_qsl(self.rfile.read(length).decode())))

        def answer(self, method: str, params: dict[str, str]) -> None:
            url = fake_app.url(self.path)
            path = urlsplit(self.path).path
            signature = self.headers.get("X-Twilio-Signature", "")
            body = fake_app.record(Hit(method, path, url, params, signature)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture
def start_fake_app():
    """Start fake apps on free ports; all are shut down after the test."""
    started: list[FakeApp] = []

    def start() -> FakeApp:
        started.append(FakeApp())
        return started[-1]

    yield start
    for fake in started:
        fake.server.shutdown()
        fake.server.server_close()


@pytest.fixture
def fake_app(start_fake_app) -> FakeApp:
    """A fake app on a free port."""
    return start_fake_app()


@pytest.fixture
def start_simulator():
    """Start simulators with chosen settings; all are stopped after the test."""
    started: list[Simulator] = []

    def start(**settings) -> Simulator:
        simulator = Simulator(**{"speed": TEST_SPEED, "seed": 7} | settings)
        simulator.start(port=0)
        started.append(simulator)
        return simulator

    yield start
    for simulator in started:
        simulator.stop()


@pytest.fixture
def simulator(start_simulator) -> Simulator:
    """A fast simulator on a free port."""
    return start_simulator()


@pytest.fixture
def rest(simulator):
    """The real twilio Client, pointed at the simulator."""
    return make_rest_client(SIM_ACCOUNT_SID, SIM_AUTH_TOKEN, simulator.base_url)


def recorded_call(rest, simulator: Simulator, fake_app: FakeApp, seconds: int = 30) -> Hit:
    """Place a recorded call that lasts `seconds`; the recording callback it brought the app."""
    call = rest.calls.create(
        to=ANSWERING_PHONE,
        from_=SIM_CALLER_ID,
        twiml=f'<Response><Pause length="{seconds}"/></Response>',
        record=True,
        recording_status_callback=fake_app.url("/recording"),
    )
    simulator.wait(call.sid)
    (hit,) = fake_app.hits_to("/recording")
    return hit
