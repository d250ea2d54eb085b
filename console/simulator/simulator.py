"""The simulator itself: its account, its calls, and what its REST API does to them."""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Callable

from werkzeug.serving import BaseWSGIServer, make_server

from console.simulator.app import RequestHandler, SimulatorApp
from console.simulator.calls import CallRegistry, SimCall, Timeline
from console.simulator.courier import Courier
from console.simulator.forms import (
    CLIENT,
    ApiError,
    Form,
    call_request,
    field,
    method_field,
    url_field,
)
from console.simulator.playout import Exchange
from console.simulator.resources import call_resource
from console.simulator_account import SIM_ACCOUNT_SID, SIM_APPLICATION_SID, SIM_AUTH_TOKEN

HANGUP_GRACE = 1.0  # real seconds a REST hang-up waits so its reply shows the final status
APP_STALL = 0.25  # real seconds of an unanswered webhook after which that wait is given up


class Simulator:
    """A Twilio stand-in on a local port: accepts REST calls, plays them out, calls the app back.

    speed is real seconds per call second (1.0 real time, 0.001 for tests, 0 instant); chaos
    duplicates and shuffles asynchronous callbacks, deterministically for a given seed;
    media_auth asks for the account's credentials on recordings' media too, as Twilio does for
    an account that enforces HTTP authentication on media URLs.
    """

    def __init__(
        self,
        *,
        speed: float = 1.0,
        chaos: bool = False,
        seed: int | None = None,
        voice_url: str | None = None,
        voice_method: str = "POST",
        voice_status_callback: str | None = None,
        public_url: str | None = None,
        account_sid: str = SIM_ACCOUNT_SID,
        auth_token: str = SIM_AUTH_TOKEN,
        media_auth: bool = False,
    ) -> None:
        self.speed, self.chaos, self.media_auth = speed, chaos, media_auth
        self.seed = random.randrange(2**32) if seed is None else seed
        self.voice_url, self.voice_method = voice_url, voice_method
        self.voice_status_callback = voice_status_callback
        self.account_sid, self.auth_token = account_sid, auth_token
        self.calls = CallRegistry()
        self.courier = Courier(auth_token, chaos=chaos, seed=self.seed)
        self.exchange = Exchange(
            registry=self.calls,
            courier=self.courier,
            new_sid=self.new_sid,
            account_sid=account_sid,
            public_url=lambda: self.base_url,
        )
        self._public_url = public_url
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._threads: dict[str, threading.Thread] = {}
        self._server: BaseWSGIServer | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, port: int = 0, host: str = "127.0.0.1") -> int:
        """Serve on host:port in a background thread; returns the bound port (port=0: any free).

        Raises OSError when the port is taken. The socket is bound here rather than by Werkzeug,
        which would print the error and exit the process instead.
        """
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.create_server((host, port), family=family) as listener:
            self._server = make_server(
                host,
                port,
                SimulatorApp(self),
                threaded=True,  # a hang-up waits for the final status; others go on meanwhile
                request_handler=RequestHandler,
                fd=listener.fileno(),  # Werkzeug serves a duplicate of it
            )
        self.host, self.port = host, self._server.port
        polling = {"poll_interval": 0.05}  # so stop() returns promptly
        threading.Thread(
            target=self._server.serve_forever, kwargs=polling, name="twilio-sim", daemon=True
        ).start()
        return self.port

    def stop(self) -> None:
        """Hang up whatever is still playing and stop serving."""
        for call in self.calls.all():
            if not call.is_over:
                call.timeline.poke(lambda call=call: setattr(call, "hangup_requested", "completed"))
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def base_url(self) -> str:
        """Where the simulator is reached: the TWILIO_API_BASE for the app."""
        if self._public_url:
            return self._public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("", "0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"

    def new_sid(self, prefix: str) -> str:
        """A Twilio-style SID: the prefix and 32 hex digits, reproducible for a seed."""
        with self._lock:
            return f"{prefix}{self._rng.getrandbits(128):032x}"

    def wait(self, sid: str | None = None, timeout: float = 10.0) -> bool:
        """Block until a call (or every call) has played out and sent its callbacks."""
        deadline = time.monotonic() + timeout
        with self._lock:
            if sid is None:
                threads = list(self._threads.values())
            else:
                threads = [self._threads[self.calls[sid].root_sid]]
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in threads)

    # -- what the REST API and /sim/ endpoints do ------------------------------------------

    def place_call(self, form: Form) -> dict:
        """POST Calls.json: a new outbound call, played out in the background; its JSON."""
        settings = call_request(form, voice_url=self.voice_url, application_sid=SIM_APPLICATION_SID)
        call = self._new_call(direction="outbound-api", **settings)
        return self._play(call, self.exchange.run_outbound, call)

    def place_client_call(self, form: Form) -> dict:
        """POST /sim/client-calls: what Twilio does when the Voice JS SDK connects; its JSON."""
        if not self.voice_url:
            message = "No TwiML App voice URL: start the simulator with --voice-url"
            raise ApiError(400, 21218, message)
        caller = field(form, "From")
        if not caller or not CLIENT.match(caller):
            raise ApiError(400, 21212, "From must be client:<identity>")
        custom = {name: values[0] for name, values in form.items() if values}
        call = self._new_call(
            direction="inbound",
            to=field(form, "To") or "",
            from_=caller,
            status="ringing",
            application_sid=SIM_APPLICATION_SID,
            status_callback=self.voice_status_callback,
        )
        call.started_at = call.timeline.now()
        voice_url, method = self.voice_url, self.voice_method
        return self._play(call, self.exchange.run_inbound, call, voice_url, method, custom)

    def update_call(self, call: SimCall, form: Form) -> SimCall:
        """POST Calls/{Sid}.json: hang up (Status) or redirect (Url / Twiml)."""
        status, twiml = field(form, "Status"), field(form, "Twiml")
        url = url_field(form, "Url")
        if status:
            if status not in ("completed", "canceled"):
                raise ApiError(400, 21200, f"Status must be completed or canceled, not {status}")
            self.hang_up(call, status)
        elif url or twiml:
            self.redirect(call, url, method_field(form, "Method"), twiml)
        return call

    def hang_up(self, call: SimCall, status: str = "completed") -> None:
        """End a call: completed hangs up any live call, canceled only one not yet answered."""
        if call.is_over or (status == "canceled" and call.answered_offset is not None):
            return
        call.timeline.poke(lambda: setattr(call, "hangup_requested", status))
        deadline = time.monotonic() + HANGUP_GRACE
        while not call.ended.wait(0.01) and time.monotonic() < deadline:
            if self.courier.waiting_on_app(call.root_sid) > APP_STALL:
                break  # likely the app hanging up from inside that very webhook: don't wait on it

    def redirect(self, call: SimCall, url: str | None, method: str, twiml: str | None) -> None:
        """Make a live call continue with other TwiML; an unanswered one uses it once answered.

        A leg a <Dial> connected leaves the bridge: the caller's <Dial> ends (its action URL is
        asked what comes next) and the leg runs the new TwiML alone (a voicemail drop)."""
        dialled = call.direction == "outbound-dial"
        if call.is_over or (dialled and call.answered_offset is None):
            raise ApiError(400, 21220, "Call is not in-progress. Cannot redirect.")

        def change() -> None:
            if call.direction == "outbound-api" and call.answered_offset is None:
                call.url, call.method, call.twiml = url, method, twiml
            else:
                call.redirect_to = (url, method, twiml)

        call.timeline.poke(change)

    def describe(self) -> dict:
        """GET /: what this simulator is and how it is set up."""
        return {
            "simulator": "Handoff Twilio simulator",
            "account_sid": self.account_sid,
            "api_base": self.base_url,
            "voice_url": self.voice_url,
            "chaos": self.chaos,
            "speed": self.speed,
            "seed": self.seed,
            "calls": len(self.calls),
        }

    def _new_call(self, **settings) -> SimCall:
        sid = self.new_sid("CA")
        timeline = Timeline(self.speed)
        call = SimCall(
            sid=sid, account_sid=self.account_sid, timeline=timeline, root_sid=sid, **settings
        )
        return self.calls.add(call)

    def _play(self, call: SimCall, target: Callable, *args) -> dict:
        """Start the call's playout thread; the call's JSON as it was before it started."""
        resource = call_resource(call)
        thread = threading.Thread(target=target, args=args, name=f"call-{call.sid}", daemon=True)
        with self._lock:
            self._threads[call.sid] = thread
        thread.start()
        return resource
