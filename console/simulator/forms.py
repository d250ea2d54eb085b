"""What the REST API reads from a form, checked as Twilio checks it (ApiError when not)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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
