"""The simulator's HTTP face, a small Werkzeug app: Twilio's REST API subset, recordings, /sim/."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import BaseConverter, Map, Rule
from werkzeug.serving import WSGIRequestHandler
from werkzeug.wrappers import Request, Response

from console.simulator.calls import API_VERSION, Recording
from console.simulator.forms import ApiError, Form
from console.simulator.media import wav_tone
from console.simulator.resources import (
    call_log,
    call_page,
    call_resource,
    recording_page,
    recording_resource,
)

if TYPE_CHECKING:
    from console.simulator.simulator import Simulator

log = logging.getLogger("console.simulator")


class SidConverter(BaseConverter):
    """A Twilio SID in a path: its two-letter prefix and 32 lower-case hex digits."""

    def __init__(self, url_map: Map, prefix: str) -> None:
        super().__init__(url_map)
        self.regex = prefix + "[0-9a-f]{32}"


ACCOUNT = f"/{API_VERSION}/Accounts/<sid('AC'):account>"
RECORDING = f"{ACCOUNT}/Recordings/<sid('RE'):sid>"
URLS = Map(
    [
        Rule("/", endpoint="describe", methods=["GET"]),
        Rule("/sim", endpoint="describe", methods=["GET"]),
        Rule("/sim/calls", endpoint="call_log", methods=["GET"]),
        Rule("/sim/client-calls", endpoint="client_call", methods=["POST"]),
        Rule(f"{ACCOUNT}/Calls.json", endpoint="calls", methods=["GET", "POST"]),
        Rule(f"{ACCOUNT}/Calls/<sid('CA'):sid>.json", endpoint="call", methods=["GET", "POST"]),
        Rule(
            f"{ACCOUNT}/Calls/<sid('CA'):sid>/Recordings.json",
            endpoint="call_recordings",
            methods=["GET"],
        ),
        Rule(f"{RECORDING}.json", endpoint="recording", methods=["GET", "DELETE"]),
        Rule(RECORDING, endpoint="media", methods=["GET"]),
        Rule(f"{RECORDING}.<any(wav, mp3):ext>", endpoint="media", methods=["GET"]),
    ],
    converters={"sid": SidConverter},
    merge_slashes=False,
)


class SimulatorApp:
    """The WSGI app in front of one simulator: route, authenticate, answer as Twilio does."""

    def __init__(self, simulator: Simulator) -> None:
        self.simulator = simulator

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        return self.dispatch(Request(environ))(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        """The response to one request; every error in Twilio's JSON shape."""
        try:
            endpoint, values = URLS.bind_to_environ(request.environ).match()
            return getattr(self, endpoint)(request, **values)
        except ApiError as error:
            return reply(error.body(), error.status)
        except MethodNotAllowed:
            error = ApiError(405, 20004, f"Method not allowed: {request.method} {request.path}")
            return reply(error.body(), error.status)
        except HTTPException:
            return reply(not_found(request).body(), 404)

    # -- the simulator's own endpoints -------------------------------------------------------

    def describe(self, request: Request) -> Response:
        """GET /: what this simulator is and how it is set up."""
        return reply(self.simulator.describe())

    def call_log(self, request: Request) -> Response:
        """GET /sim/calls: every leg with the callbacks sent about it."""
        return reply(call_log(self.simulator.calls.all()))

    def client_call(self, request: Request) -> Response:
        """POST /sim/client-calls: what Twilio does when the Voice JS SDK connects."""
        return reply(self.simulator.place_client_call(form_of(request)), 201)

    # -- Twilio's REST API -------------------------------------------------------------------

    def calls(self, request: Request, account: str) -> Response:
        """POST Calls.json places a call; GET lists them, newest first."""
        self.authenticate(request, account)
        simulator = self.simulator
        if request.method == "POST":
            return reply(simulator.place_call(form_of(request)), 201)
        return reply(call_page(simulator.calls.all(), query_of(request), simulator.account_sid))

    def call(self, request: Request, account: str, sid: str) -> Response:
        """GET Calls/{Sid}.json reads a call; POST hangs it up or redirects it."""
        self.authenticate(request, account)
        call = self.simulator.calls.get(sid)
        if call is None:
            raise not_found(request)
        if request.method == "POST":
            self.simulator.update_call(call, form_of(request))
        return reply(call_resource(call))

    def call_recordings(self, request: Request, account: str, sid: str) -> Response:
        """GET Calls/{Sid}/Recordings.json: the recordings made on the call."""
        self.authenticate(request, account)
        simulator = self.simulator
        call = simulator.calls.get(sid)
        if call is None:
            raise not_found(request)
        recordings = simulator.calls.recordings_of(call.sid)
        return reply(recording_page(recordings, call, simulator.base_url))

    def recording(self, request: Request, account: str, sid: str) -> Response:
        """GET Recordings/{Sid}.json: the recording's metadata; DELETE deletes it (204)."""
        recording = self.find_recording(request, sid)
        self.authenticate(request, account)
        simulator = self.simulator
        if request.method == "DELETE":
            simulator.calls.delete_recording(recording.sid)
            return Response(status=204)
        return reply(recording_resource(recording, simulator.account_sid, simulator.base_url))

    def media(self, request: Request, account: str, sid: str, ext: str = "wav") -> Response:
        """GET Recordings/{Sid}[.wav|.mp3]: the recording itself (a short tone, as WAV)."""
        recording = self.find_recording(request, sid)
        if self.simulator.media_auth:
            self.authenticate(request, account)
        return Response(wav_tone(min(recording.duration, 3)), mimetype="audio/x-wav")

    def find_recording(self, request: Request, sid: str) -> Recording:
        """The recording with this SID; 404 (20404) when the simulator made none."""
        recording = self.simulator.calls.recording(sid)
        if recording is None:
            raise not_found(request)
        return recording

    def authenticate(self, request: Request, account: str) -> None:
        """HTTP Basic with the account SID and auth token; 401 (20003) otherwise."""
        simulator = self.simulator
        given = request.authorization
        pair = f"{given.username}:{given.password}" if given and given.type == "basic" else ""
        expected = f"{simulator.account_sid}:{simulator.auth_token}"
        if not hmac.compare_digest(pair.encode(), expected.encode()):
            raise ApiError(401, 20003, "Authenticate")
        if account != simulator.account_sid:
            raise not_found(request)


def form_of(request: Request) -> Form:
    """A request's form as each field's list of values, blank ones kept."""
    return request.form.to_dict(flat=False)


def query_of(request: Request) -> Form:
    """The query string as each parameter's values, blank ones (and blank parameters) left out."""
    lists = ((name, [value for value in values if value]) for name, values in request.args.lists())
    return {name: values for name, values in lists if values}


def not_found(request: Request) -> ApiError:
    """Twilio's 404 for a path it has nothing at."""
    return ApiError(404, 20404, f"The requested resource {request.path} was not found")


def reply(payload: object, status: int = 200) -> Response:
    """A JSON response; a 401 asks for Basic credentials, as Twilio's does."""
    response = Response(json.dumps(payload), status=status, mimetype="application/json")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
    return response


class RequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler, naming the simulator and logging to its log."""

    server_version = "TwilioSimulator/1.0"

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        log.debug("%s %s %s -> %s", self.address_string(), self.command, self.path, code)

    def log(self, type: str, message: str, *args: Any) -> None:
        level = logging.ERROR if type == "error" else logging.DEBUG
        log.log(level, "%s %s", self.address_string(), message % args)
