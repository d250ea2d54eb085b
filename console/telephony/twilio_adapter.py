"""The Twilio adapter: the telephony port on the real twilio library (and so on the simulator)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VoiceGrant
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.voice_response import VoiceResponse

from console.domain.calls import FactKind
from console.telephony.client import fetch_media, make_rest_client
from console.telephony.port import (
    BridgeRequest,
    Callback,
    DialPlan,
    PlacedCall,
    RecordingMedia,
    Telephony,
    TelephonyError,
)
from console.telephony.twilio_callbacks import read_callback
from console.telephony.twilio_resources import call_callback, recording_callback

# Twilio REST error codes a telecaller can act on; anything else is named by its code alone
# (Twilio's own text can carry the account's path; operators find it in the log).
REST_ERRORS = {
    20003: "The Twilio credentials were refused: tell your admin (TWILIO_AUTH_TOKEN).",
    21211: "Your phone number is not a valid number: fix it in your profile (E.164, +1...).",
    21214: "Your phone number cannot be reached: check it in your profile.",
    21215: "Calls to your phone's country are not enabled on the Twilio account.",
    21217: "Your phone number is not a valid number: fix it in your profile (E.164, +1...).",
}
# What a person hears when a recording's audio cannot be had: never Twilio's text or the account.
MEDIA_ERRORS = {
    401: "The recording could not be fetched: Twilio refused the account's credentials. "
    "Tell your admin (TWILIO_AUTH_TOKEN).",
    403: "The recording could not be fetched: Twilio refused the account's credentials. "
    "Tell your admin (TWILIO_AUTH_TOKEN).",
    404: "Twilio no longer has this recording: it may have been deleted there.",
}
MEDIA_FAILED = (
    "The recording could not be fetched: Twilio answered with an error. Try again in a minute; "
    "if it keeps failing, tell your admin."
)
MEDIA_UNREACHABLE = "The recording could not be fetched: Twilio did not answer. Try again soon."
DELETE_FAILED = (
    "The call recordings could not be deleted at Twilio, so nothing was erased: try again in a "
    "minute; if it keeps failing, tell your admin."
)
UNREACHABLE = (
    "Twilio could not be reached: try again in a minute; if it keeps failing, tell your admin."
)
MACHINE_GONE = (
    "The answering machine hung up before the message could be left: choose Voicemail in the "
    "wrap-up."
)
CALL_UNKNOWN = "Twilio has no record of this call, so how it ended cannot be known."
LISTED = 20  # legs and recordings read per call: a call dials one lead, and records once
RECORDING_SID = re.compile(r"^RE[0-9a-f]{32}$")
MEDIA_CHUNK = 64 * 1024
log = logging.getLogger("console.telephony")
AGENT_EVENTS = ["initiated", "ringing", "answered", "completed"]
LEAD_EVENTS = "initiated ringing answered completed"  # TwiML takes a space-separated list
CLIENT_PREFIX = "client:"


class TwilioAdapter(Telephony):
    """Twilio behind the telephony port; a REST client is made on first use."""

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        caller_id: str,
        api_base: str | None = None,
        api_key_sid: str | None = None,
        api_key_secret: str | None = None,
        twiml_app_sid: str | None = None,
    ) -> None:
        self.account_sid, self.auth_token, self.caller_id = account_sid, auth_token, caller_id
        self.api_base = api_base
        self.api_key_sid, self.api_key_secret = api_key_sid, api_key_secret
        self.twiml_app_sid = twiml_app_sid
        self._validator = RequestValidator(auth_token)
        self._client: Client | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> TwilioAdapter:
        """The adapter for an app's config (the simulator's account when none is set)."""
        return cls(
            account_sid=config["TWILIO_ACCOUNT_SID"],
            auth_token=config["TWILIO_AUTH_TOKEN"],
            caller_id=config["TWILIO_CALLER_ID"],
            api_base=config.get("TWILIO_API_BASE"),
            api_key_sid=config.get("TWILIO_API_KEY_SID"),
            api_key_secret=config.get("TWILIO_API_KEY_SECRET"),
            twiml_app_sid=config.get("TWILIO_TWIML_APP_SID"),
        )

    @property
    def client(self) -> Client:
        """The twilio REST client (pointed at TWILIO_API_BASE when set)."""
        if self._client is None:
            self._client = make_rest_client(self.account_sid, self.auth_token, self.api_base)
        return self._client

    # -- REST ---------------------------------------------------------------------------

    def place_bridge_call(self, request: BridgeRequest) -> str:
        """Ring the telecaller's phone; Twilio asks the voice URL for TwiML once answered."""
        try:
            call = self.client.calls.create(
                to=request.agent_phone,
                from_=self.caller_id,
                url=request.voice_url,
                method="POST",
                status_callback=request.status_url,
                status_callback_event=AGENT_EVENTS,
                status_callback_method="POST",
                timeout=request.ring_seconds,
            )
        except TwilioRestException as error:
            raise TelephonyError(_rest_message(error), code=error.code) from error
        except (TwilioException, requests.RequestException) as error:
            log.warning("Twilio unreachable: %s", error)
            raise TelephonyError(UNREACHABLE) from error
        return call.sid

    def hang_up(self, call_sid: str) -> None:
        """Complete the call (a ringing one ends canceled); how it ended is asked afterwards."""
        try:
            self.client.calls(call_sid).update(status="completed")
        except TwilioRestException as error:
            if error.status in (400, 404):  # already over (21220) or unknown: nothing to end
                return
            raise TelephonyError(_rest_message(error), code=error.code) from error
        except (TwilioException, requests.RequestException) as error:
            log.warning("Twilio unreachable: %s", error)
            raise TelephonyError(UNREACHABLE) from error

    def leave_message(self, lead_call_sid: str, audio_url: str) -> None:
        """Redirect the dialled leg to <Play> the message, then <Hangup/>; Twilio ends the
        telecaller's <Dial> at once and asks its action URL what the telecaller's leg does."""
        response = VoiceResponse()
        response.play(audio_url)
        response.hangup()
        try:
            self.client.calls(lead_call_sid).update(twiml=str(response))
        except TwilioRestException as error:
            if error.status in (400, 404):  # 21220: not in progress any more
                raise TelephonyError(MACHINE_GONE, code="call_over") from error
            raise TelephonyError(_rest_message(error), code=error.code) from error
        except (TwilioException, requests.RequestException) as error:
            log.warning("Twilio unreachable: %s", error)
            raise TelephonyError(UNREACHABLE) from error

    def call_facts(self, call_sid: str) -> list[Callback]:
        """The call, the legs its <Dial> created and its recordings, read from Twilio's REST API
        as the facts their callbacks bring: the lead's legs first, the telecaller's last."""
        try:
            call = self.client.calls(call_sid).fetch()
            legs = self.client.calls.list(parent_call_sid=call_sid, limit=LISTED)
            recordings = self.client.calls(call_sid).recordings.list(limit=LISTED)
        except TwilioRestException as error:
            if error.status == 404:
                log.warning("call %s: Twilio has no such call", call_sid)
                raise TelephonyError(CALL_UNKNOWN, code="call_unknown") from error
            raise TelephonyError(_rest_message(error), code=error.code) from error
        except (TwilioException, requests.RequestException) as error:
            log.warning("Twilio unreachable: %s", error)
            raise TelephonyError(UNREACHABLE) from error
        read = [
            *(call_callback(leg) for leg in legs),
            *(recording_callback(recording) for recording in recordings),
            call_callback(call),
        ]
        return [callback for callback in read if callback is not None]

    def calls_to(self, phone: str, since: datetime) -> list[PlacedCall]:
        """Twilio filters calls by the day they started (UTC); the exact moment is checked here,
        on each call's creation time, so a call still queued (no start yet) is found too."""
        try:
            listed = self.client.calls.list(
                to=phone, start_time_after=since.astimezone(UTC).date(), limit=LISTED
            )
        except TwilioRestException as error:
            raise TelephonyError(_rest_message(error), code=error.code) from error
        except (TwilioException, requests.RequestException) as error:
            log.warning("Twilio unreachable: %s", error)
            raise TelephonyError(UNREACHABLE) from error
        placed = [
            PlacedCall(call.sid, call.date_created)
            for call in listed
            if not call.parent_call_sid and call.date_created and call.date_created >= since
        ]
        return sorted(placed, key=lambda call: call.created_at)

    def recording_media(self, recording_sid: str) -> RecordingMedia:
        """The recording as MP3 from the account's Recordings, with the account's credentials
        (Twilio may require them for media); the body is streamed, never held whole."""
        if not RECORDING_SID.match(recording_sid or ""):
            raise TelephonyError(MEDIA_ERRORS[404], code="recording_gone")
        path = f"/2010-04-01/Accounts/{self.account_sid}/Recordings/{recording_sid}.mp3"
        try:
            response = fetch_media(self.client, path)
        except requests.RequestException as error:
            log.warning("recording %s: Twilio unreachable: %s", recording_sid, type(error).__name__)
            raise TelephonyError(MEDIA_UNREACHABLE, code="telephony_unavailable") from error
        if response.status_code != 200:
            response.close()
            log.warning("recording %s: Twilio answered %s", recording_sid, response.status_code)
            gone = response.status_code == 404
            raise TelephonyError(
                MEDIA_ERRORS.get(response.status_code, MEDIA_FAILED),
                code="recording_gone" if gone else "telephony_unavailable",
            )
        return _streamed(response)

    def delete_recording(self, recording_sid: str) -> None:
        """Delete the recording from the account (erasure); one Twilio no longer has is gone
        already, which is what was asked."""
        if not RECORDING_SID.match(recording_sid or ""):
            return  # no such recording can exist at Twilio
        try:
            self.client.recordings(recording_sid).delete()
        except TwilioRestException as error:
            if error.status == 404:
                return
            log.warning("recording %s: Twilio refused the deletion (%s)", recording_sid, error.code)
            raise TelephonyError(DELETE_FAILED, code=error.code) from error
        except (TwilioException, requests.RequestException) as error:
            log.warning("recording %s: Twilio unreachable: %s", recording_sid, type(error).__name__)
            raise TelephonyError(DELETE_FAILED, code="telephony_unavailable") from error

    # -- browser softphone ----------------------------------------------------------------

    def browser_token(self, identity: str, ttl_seconds: int = 3600) -> str:
        """An access token with a VoiceGrant for the TwiML App (outgoing calls only)."""
        key_sid, secret = self.api_key_sid, self.api_key_secret
        if not (key_sid and secret and self.twiml_app_sid):
            raise TelephonyError(
                "Browser calling is not set up: an admin must set TWILIO_API_KEY_SID, "
                "TWILIO_API_KEY_SECRET and TWILIO_TWIML_APP_SID. Use bridge calling meanwhile.",
                code="browser_unavailable",
            )
        token = AccessToken(self.account_sid, key_sid, secret, identity=identity, ttl=ttl_seconds)
        token.add_grant(VoiceGrant(outgoing_application_sid=self.twiml_app_sid))
        return token.to_jwt()

    def client_identity(self, caller: str | None) -> str | None:
        """The identity of a softphone caller ("client:agent-7" -> "agent-7"), else None."""
        if caller and caller.startswith(CLIENT_PREFIX):
            return caller.removeprefix(CLIENT_PREFIX) or None
        return None

    # -- TwiML ------------------------------------------------------------------------------

    def dial_twiml(self, plan: DialPlan) -> str:
        """<Dial> the lead: ring tone until they answer, our caller ID, both legs reported."""
        response = VoiceResponse()
        recording = (
            {
                "record": "record-from-answer-dual",
                "recording_status_callback": plan.recording_url,
                "recording_status_callback_method": "POST",
            }
            if plan.recording_url
            else {}
        )
        dial = response.dial(
            answer_on_bridge=True,
            caller_id=plan.caller_id or self.caller_id,
            action=plan.action_url,
            method="POST",
            timeout=plan.ring_seconds,
            time_limit=plan.time_limit_seconds,
            **recording,
        )
        whisper = {"url": plan.disclosure_url, "method": "POST"} if plan.disclosure_url else {}
        dial.number(
            plan.lead_phone,
            status_callback=plan.status_url,
            status_callback_event=LEAD_EVENTS,
            status_callback_method="POST",
            machine_detection="Enable",
            amd_status_callback=plan.amd_url,
            amd_status_callback_method="POST",
            **whisper,
        )
        return str(response)

    def say_twiml(self, words: str, *, hang_up: bool) -> str:
        """<Say> the words, then hang up when asked."""
        response = VoiceResponse()
        response.say(words)
        if hang_up:
            response.hangup()
        return str(response)

    def hangup_twiml(self) -> str:
        """<Hangup/>."""
        response = VoiceResponse()
        response.hangup()
        return str(response)

    # -- webhooks ---------------------------------------------------------------------------

    def validate_signature(
        self, url: str, params: Mapping[str, object], signature: str | None
    ) -> bool:
        """X-Twilio-Signature checked with the library's RequestValidator for this exact URL."""
        if not signature:
            return False
        return self._validator.validate(url, params, signature)

    def read_callback(self, kind: FactKind, params: Mapping[str, str]) -> Callback:
        """A Twilio webhook's parameters as a domain fact, with its deduplication key."""
        return read_callback(kind, params)


def _streamed(response: requests.Response) -> RecordingMedia:
    headers = response.headers
    kind, length = headers.get("Content-Type", ""), headers.get("Content-Length", "")
    if "Content-Encoding" in headers:  # requests decodes the body: the provider's length is off
        length = ""
    return RecordingMedia(
        content_type=kind if kind.startswith("audio/") else "audio/mpeg",
        length=int(length) if length.isdecimal() else None,
        chunks=response.iter_content(MEDIA_CHUNK),
        close=response.close,
    )


def _rest_message(error: TwilioRestException) -> str:
    if error.code in REST_ERRORS:
        return REST_ERRORS[error.code]
    log.warning("Twilio refused a request: %s", error)
    return (
        f"Twilio refused the call (error {error.code}): try again, and if it happens again "
        "tell your admin this code."
    )


def telephony_for(app: Any) -> Telephony:
    """The app's telephony, made once from its config (a test may put another in its place)."""
    found = app.extensions.get("handoff.telephony")
    if found is None:
        found = app.extensions["handoff.telephony"] = TwilioAdapter.from_config(app.config)
    return found
