"""The telephony port: what the call services need from a voice provider, in our own words."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from console.domain.calls import CallFact, FactKind


class TelephonyError(Exception):
    """The provider refused or could not be reached; `message` is fit to show a telecaller."""

    def __init__(self, message: str, *, code: str | int | None = None) -> None:
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class BridgeRequest:
    """Ring the telecaller's own phone; once answered the provider asks voice_url what to do."""

    agent_phone: str
    voice_url: str
    status_url: str
    ring_seconds: int = 30


@dataclass(frozen=True)
class DialPlan:
    """How to dial the lead from a connected telecaller leg (bridge or browser)."""

    lead_phone: str
    action_url: str  # told how the lead's leg ended ("dial complete")
    status_url: str  # the lead leg's progress: initiated, ringing, answered, completed
    amd_url: str  # answering-machine detection's verdict
    recording_url: str | None = None  # set when the call is recorded: the recording callback
    disclosure_url: str | None = None  # set when the lead must hear a disclosure first
    caller_id: str | None = None  # local presence: the campaign's number; else the account's
    ring_seconds: int = 30
    time_limit_seconds: int = 4 * 3600


@dataclass(frozen=True)
class Callback:
    """A provider callback read as a domain fact, with the key that makes a repeat a no-op."""

    fact: CallFact
    call_sid: str
    dedupe_key: str
    parent_sid: str | None = None


@dataclass(frozen=True)
class PlacedCall:
    """A call the account placed, as the provider lists it: its id and when it was created."""

    sid: str
    created_at: datetime


@dataclass(frozen=True)
class RecordingMedia:
    """A recording's audio as the provider streams it; close() once done (or abandoned)."""

    content_type: str
    length: int | None
    chunks: Iterator[bytes]
    close: Callable[[], None]


class Telephony(Protocol):
    """A voice provider as the call services use it (Twilio in production and against the
    simulator; tests may hand in a fake only where the provider's cloud would be needed)."""

    def place_bridge_call(self, request: BridgeRequest) -> str:
        """Start ringing the telecaller's phone; the new call's provider id."""
        ...

    def hang_up(self, call_sid: str) -> None:
        """End a call (both legs); nothing happens to a call that is already over."""
        ...

    def leave_message(self, lead_call_sid: str, audio_url: str) -> None:
        """Voicemail drop: the lead's leg leaves the bridge, plays the audio at `audio_url` and
        hangs up (the telecaller's <Dial> then ends). TelephonyError, code "call_over" when that
        leg has already ended."""
        ...

    def call_facts(self, call_sid: str) -> list[Callback]:
        """What the provider knows now of a call placed by the app: its own leg, the legs it
        dialled and its recordings, each as the fact its callback brings (with the same dedupe
        key where the callback has one). TelephonyError, code "call_unknown" when the provider
        has no such call."""
        ...

    def calls_to(self, phone: str, since: datetime) -> list[PlacedCall]:
        """The calls the app placed to `phone` (not the legs they dialled) created at or after
        `since`, oldest first; how a call whose id was never kept is found again."""
        ...

    def browser_token(self, identity: str, ttl_seconds: int = 3600) -> str:
        """A short-lived token that lets the browser softphone place calls as `identity`."""
        ...

    def client_identity(self, caller: str | None) -> str | None:
        """The softphone identity a browser call comes from ("client:agent-7" -> "agent-7")."""
        ...

    def recording_media(self, recording_sid: str) -> RecordingMedia:
        """A recording's audio, fetched with the account's credentials; TelephonyError (code
        "recording_gone" when the provider has no such recording) otherwise."""
        ...

    def delete_recording(self, recording_sid: str) -> None:
        """Delete a recording at the provider (erasure); one already gone counts as deleted;
        TelephonyError when the provider refused or could not be reached."""
        ...

    def dial_twiml(self, plan: DialPlan) -> str:
        """The voice document that connects the telecaller's leg to the lead."""
        ...

    def say_twiml(self, words: str, *, hang_up: bool) -> str:
        """A voice document that says something (to the lead, or a refusal to the telecaller)."""
        ...

    def hangup_twiml(self) -> str:
        """A voice document that ends the call."""
        ...

    def validate_signature(
        self, url: str, params: Mapping[str, object], signature: str | None
    ) -> bool:
        """Whether a webhook really comes from the provider, signed for exactly this URL."""
        ...

    def read_callback(self, kind: FactKind, params: Mapping[str, str]) -> Callback:
        """A webhook's parameters as a domain fact (provider codes mapped to ours)."""
        ...
