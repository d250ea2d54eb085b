"""Twilio's webhooks under /twilio/: signature-checked, handed to a service, answered fast."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Response, abort, request

from console.db import get_session
from console.domain import voicemail as voicemail_audio
from console.domain.calls import FactKind
from console.extensions import csrf
from console.ids import as_id
from console.realtime import publish
from console.services import call_connect, call_progress, voicemail
from console.wiring import public_base, telephony, webhooks

bp = Blueprint("twilio", __name__, url_prefix="/twilio")
csrf.exempt(bp)  # Twilio signs its requests instead; there is no browser session to protect

METHODS = ["GET", "POST"]
# Callback route -> the kind of fact it reports.
CALLBACKS = {
    "status": FactKind.STATUS,
    "dial": FactKind.DIAL,
    "amd": FactKind.AMD,
    "recording": FactKind.RECORDING,
}


def signed_url() -> str:
    """The URL Twilio signed: the public base, this path and the query string as sent."""
    query = request.query_string.decode("latin-1")
    return public_base() + request.path + (f"?{query}" if query else "")


def signed(view: Callable[..., Any]) -> Callable[..., Any]:
    """403 unless X-Twilio-Signature is Twilio's for this exact URL and these parameters."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        params = request.form if request.method == "POST" else {}
        signature = request.headers.get("X-Twilio-Signature")
        if not telephony().validate_signature(signed_url(), params, signature):
            abort(403, "The Twilio signature is missing or does not match this URL.")
        return view(*args, **kwargs)

    return checked


def call_id() -> int | None:
    """The call named in the callback URL (?call=ID), if any."""
    return as_id(request.args.get("call", ""))


def twiml(document: str) -> Response:
    """A TwiML answer."""
    return Response(document, mimetype="text/xml")


def parameters() -> dict[str, str]:
    """Twilio's parameters: the form of a POST, the query of a GET."""
    source = request.form if request.method == "POST" else request.args
    return {key: source.get(key, "") for key in source}


@bp.route("/voice", methods=METHODS)
@signed
def voice():
    """The telecaller's leg is connected (bridge: answered; browser: the softphone dialled)."""
    document = call_connect.voice(
        session=get_session(),
        call_id=call_id(),
        params=parameters(),
        telephony=telephony(),
        publish=publish,
        webhooks=webhooks(),
    )
    return twiml(document)


@bp.route("/disclosure", methods=METHODS)
@signed
def disclosure():
    """Played to the lead before bridging, when the call is recorded and they must be told."""
    return twiml(call_connect.disclosure(telephony=telephony()))


@bp.route("/dial", methods=METHODS)
@signed
def dial_complete():
    """The <Dial> ended (the lead's leg is over): record how, then end the telecaller's leg."""
    take(FactKind.DIAL)
    return twiml(telephony().hangup_twiml())


@bp.get("/voicemail/<token>.<any(mp3, wav):extension>")
def voicemail_message(token: str, extension: str):
    """A campaign's recorded message, fetched by Twilio's <Play>: no sign-in (Twilio has none),
    so only the unguessable URL of the current upload serves it; any other is a 404."""
    message = voicemail.message_by_token(get_session(), token)
    if message is None or voicemail_audio.extension(message.content_type) != extension:
        abort(404)
    response = Response(message.audio, mimetype=message.content_type)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/<any(status, amd, recording):route>", methods=METHODS)
@signed
def callback(route: str):
    """Call progress, machine detection and recording callbacks: store, fold, announce."""
    take(CALLBACKS[route])
    return Response(status=204)


def take(kind: FactKind) -> None:
    """Hand one callback to the service."""
    call_progress.take_callback(
        session=get_session(),
        call_id=call_id(),
        kind=kind,
        params=parameters(),
        telephony=telephony(),
        publish=publish,
    )
