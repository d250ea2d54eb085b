"""The simulator's HTTP face: Twilio's REST API subset, recordings, and the /sim/ endpoints."""

from __future__ import annotations

import base64
import hmac
import json
import logging
import re
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from console.telephony.sim_media import wav_tone
from console.telephony.sim_resources import call_log, call_page, call_resource, recording_resource

log = logging.getLogger("console.telephony.simulator")

ACCOUNT = r"/2010-04-01/Accounts/(?P<account>AC[0-9a-f]{32})"
CALLS = re.compile(ACCOUNT + r"/Calls\.json$")
CALL = re.compile(ACCOUNT + r"/Calls/(?P<sid>CA[0-9a-f]{32})\.json$")
RECORDING = re.compile(
    ACCOUNT + r"/Recordings/(?P<sid>RE[0-9a-f]{32})(?P<ext>\.wav|\.mp3|\.json)?$"
)
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
CLIENT = re.compile(r"^client:[\w.@-]{1,121}$")
EVENTS = frozenset({"initiated", "ringing", "answered", "completed"})
DETECTION_MODES = ("Enable", "DetectMessageEnd")


class ApiError(Exception):
    """A REST error in Twilio's shape: HTTP status, Twilio error code and message."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def body(self) -> dict:
        """The JSON Twilio returns, which twilio-python turns into TwilioRestException."""
        more_info = f"https://www.twilio.com/docs/errors/{self.code}"
        return {
            "code": self.code,
            "message": self.message,
            "more_info": more_info,
            "status": self.status,
        }


Form = dict[str, list[str]]


def field(form: Form, name: str) -> str | None:
    """The first value of a form field, or None when absent or blank."""
    value = (form.get(name) or [""])[0].strip()
    return value or None


def url_field(form: Form, name: str) -> str | None:
    """An absolute http(s) URL field, or None when absent (Twilio error 21205 when invalid)."""
    value = field(form, name)
    parts = urlsplit(value or "")
    if value and (parts.scheme not in ("http", "https") or not parts.netloc):
        raise ApiError(400, 21205, f"{name} is not a valid URL: {value}")
    return value


def method_field(form: Form, name: str) -> str:
    """GET or POST (default POST)."""
    value = (field(form, name) or "POST").upper()
    if value not in ("GET", "POST"):
        raise ApiError(400, 21200, f"{name} must be GET or POST, not {value}")
    return value


def call_request(form: Form, *, voice_url: str | None, application_sid: str) -> dict:
    """Validate a Calls.json POST and return the new call's settings (raises ApiError)."""
    to, from_ = field(form, "To"), field(form, "From")
    if not to:
        raise ApiError(400, 21201, "No 'To' number is specified")
    if not (E164.match(to) or CLIENT.match(to)):
        raise ApiError(400, 21211, f"Invalid 'To' Phone Number: {to}")
    if not from_:
        raise ApiError(400, 21213, "No 'From' number is specified")
    if not (E164.match(from_) or CLIENT.match(from_)):
        raise ApiError(400, 21212, f"Invalid 'From' Phone Number: {from_}")
    url, twiml, app = url_field(form, "Url"), field(form, "Twiml"), field(form, "ApplicationSid")
    if app and (app != application_sid or not voice_url):
        raise ApiError(400, 21218, f"Invalid ApplicationSid: {app}")
    url = url or (voice_url if app else None)
    if not url and not twiml:
        raise ApiError(400, 21205, "Url, Twiml or ApplicationSid is required")
    events = " ".join(form.get("StatusCallbackEvent", [])).replace(",", " ").split()
    if set(events) - EVENTS:
        raise ApiError(400, 21200, f"StatusCallbackEvent must be among {sorted(EVENTS)}")
    detection = field(form, "MachineDetection")
    if detection and detection not in DETECTION_MODES:
        raise ApiError(400, 21200, f"MachineDetection must be one of {DETECTION_MODES}")
    return {
        "to": to,
        "from_": from_,
        "url": url,
        "twiml": twiml,
        "method": method_field(form, "Method"),
        "status_callback": url_field(form, "StatusCallback"),
        "status_events": frozenset(events or ["completed"]),
        "status_method": method_field(form, "StatusCallbackMethod"),
        "machine_detection": detection,
        "async_amd": (field(form, "AsyncAmd") or "").lower() == "true",
        "amd_callback": url_field(form, "AsyncAmdStatusCallback"),
        "amd_method": method_field(form, "AsyncAmdStatusCallbackMethod"),
        "record": (field(form, "Record") or "").lower() == "true",
        "recording_callback": url_field(form, "RecordingStatusCallback"),
        "recording_method": method_field(form, "RecordingStatusCallbackMethod"),
        "timeout": timeout_field(form),
        "application_sid": app,
    }


def timeout_field(form: Form) -> int:
    """Timeout: seconds to let the call ring, 1-600 (default 60)."""
    value = field(form, "Timeout") or "60"
    if not value.isdecimal():
        raise ApiError(400, 21200, f"Timeout must be a whole number of seconds, not {value}")
    return max(1, min(600, int(value)))


class SimulatorHandler(BaseHTTPRequestHandler):
    """Routes one HTTP request to the simulator; the server carries it as `.simulator`."""

    server_version = "TwilioSimulator/1.0"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        """GET: a call, the call list, a recording, or the /sim/calls debugging view."""
        self.respond(self.route("GET", {}))

    def do_POST(self) -> None:  # noqa: N802
        """POST: create or update a call, or start a simulated browser call."""
        self.respond(self.route("POST", self.read_form()))

    def route(self, method: str, form: Form) -> tuple[int, object]:
        """(status, JSON payload or WAV bytes) for the request."""
        sim = self.server.simulator
        path = urlsplit(self.path).path
        try:
            if path == "/sim/calls" and method == "GET":
                return 200, call_log(sim.calls.all())
            if path == "/sim/client-calls" and method == "POST":
                return 201, sim.place_client_call(form)
            if match := RECORDING.match(path):
                return self.recording(match)
            if match := CALLS.match(path):
                self.authenticate(match["account"])
                if method == "POST":
                    return 201, sim.place_call(form)
                query = parse_qs(urlsplit(self.path).query)
                return 200, call_page(sim.calls.all(), query, sim.account_sid)
            if match := CALL.match(path):
                self.authenticate(match["account"])
                call = sim.calls.get(match["sid"])
                if call is None:
                    raise ApiError(404, 20404, f"The requested resource {path} was not found")
                if method == "POST":
                    sim.update_call(call, form)
                return 200, call_resource(call)
            if path in ("/", "/sim") and method == "GET":
                return 200, sim.describe()
            raise ApiError(404, 20404, f"The requested resource {path} was not found")
        except ApiError as error:
            return error.status, error.body()

    def recording(self, match: re.Match) -> tuple[int, object]:
        recording = self.server.simulator.calls.recording(match["sid"])
        if recording is None:
            raise ApiError(404, 20404, f"The requested resource {match[0]} was not found")
        sim = self.server.simulator
        if match["ext"] == ".json":
            self.authenticate(match["account"])
            return 200, recording_resource(recording, sim.account_sid, sim.base_url)
        if sim.media_auth:
            self.authenticate(match["account"])
        return 200, wav_tone(min(recording.duration, 3))

    def authenticate(self, account: str) -> None:
        """HTTP Basic with the account SID and auth token; 401 (20003) otherwise."""
        sim = self.server.simulator
        scheme, _, encoded = self.headers.get("Authorization", "").partition(" ")
        try:
            user, _, secret = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            user, secret = "", ""
        expected = f"{sim.account_sid}:{sim.auth_token}".encode()
        if scheme.lower() != "basic" or not hmac.compare_digest(
            f"{user}:{secret}".encode(), expected
        ):
            raise ApiError(401, 20003, "Authenticate")
        if account != sim.account_sid:
            raise ApiError(404, 20404, f"The requested resource {self.path} was not found")

    def read_form(self) -> Form:
        """The form-encoded body (read in full, so a keep-alive connection stays in step)."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        return parse_qs(body, keep_blank_values=True)

    def respond(self, reply: tuple[int, object]) -> None:
        status, payload = reply
        if isinstance(payload, bytes):
            body, kind = payload, "audio/x-wav"
        else:
            body, kind = json.dumps(payload).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="Twilio API"')
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        log.debug("%s %s", self.address_string(), format % args)
