"""What every response carries for safety, and how large a request may be.

The content security policy allows only the app's own scripts and styles (no inline script, no
CDN); style attributes stay allowed for the server-computed widths of meters. The browser
softphone talks to Twilio's signalling hosts, so those are allowed to connect.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from werkzeug.routing import IntegerConverter, Map

from console.config import webhook_base
from console.domain.voicemail import MAX_BYTES as AUDIO_MAX_BYTES
from console.errors import Invalid
from console.http import AUDIO_UPLOADS, LARGE_UPLOADS
from console.ids import MAX_ID

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self' https://*.twilio.com wss://*.twilio.com",
        "media-src 'self' https://sdk.twilio.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "microphone=(self), camera=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000; includeSubDomains"


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: an id a database column can hold, so a larger one is a 404,
    not a database overflow."""

    def __init__(self, url_map: Map, *args: object, **kwargs: object) -> None:
        super().__init__(url_map, *args, max=MAX_ID, **kwargs)


def register(app: Flask) -> None:
    """Install the id converter, the request limit and the response headers (before any route
    is added, and before CSRF reads any form)."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_request_limit)
    app.before_request(_no_nul_in_forms)
    app.after_request(_headers)


def _request_limit() -> None:
    """CSV imports and voicemail messages may be larger than any other request."""
    if request.endpoint in LARGE_UPLOADS:
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]
    elif request.endpoint in AUDIO_UPLOADS:  # the file and the form around it
        request.max_content_length = AUDIO_MAX_BYTES + 64 * 1024


def _no_nul_in_forms() -> None:
    """A form field holding a NUL character is refused by name: no database column stores one."""
    if request.mimetype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return
    fields = {
        name: "remove the NUL character"
        for name, value in request.form.items(multi=True)
        if "\x00" in value
    }
    if fields:
        raise Invalid("Text cannot hold a NUL character: remove it.", fields=fields)


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if webhook_base(current_app.config).startswith("https://"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
