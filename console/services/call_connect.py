"""Connecting a telecaller's leg to the lead: the voice TwiML, the disclosure, the callback URLs.

Bridge calls reach the voice webhook when the telecaller answers their own phone; browser calls
when the softphone connects with the custom parameter CallId. Either way the lead is dialled only
for the telecaller the call belongs to, while they still hold the lead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from sqlmodel import Session

from console import clock
from console.domain.calls import RECORDING_DISCLOSURE, TERMINAL, FactKind, RecordingConsent
from console.ids import as_id
from console.models import Call, Lead
from console.services.call_progress import apply
from console.telephony.port import DialPlan, Telephony

ENDED = frozenset(status.value for status in TERMINAL)


@dataclass(frozen=True)
class Webhooks:
    """Where the provider reaches the app: always from configuration (PUBLIC_BASE_URL)."""

    base_url: str

    def url(self, route: str, call_id: int | None = None) -> str:
        """The absolute URL of a /twilio/ route, naming the call when given."""
        query = f"?{urlencode({'call': call_id})}" if call_id is not None else ""
        return f"{self.base_url.rstrip('/')}/twilio/{route}{query}"


def identity_of(agent_id: int) -> str:
    """A telecaller's softphone identity (what their browser calls from)."""
    return f"agent-{agent_id}"


def dial_plan(call: Call, lead: Lead, webhooks: Webhooks) -> DialPlan:
    """How to dial the lead on this call: callbacks, recording and disclosure as decided."""
    consent = RecordingConsent(call.recording_consent)
    records = consent in (RecordingConsent.ONE_PARTY, RecordingConsent.DISCLOSED)
    discloses = consent is RecordingConsent.DISCLOSED
    return DialPlan(
        lead_phone=lead.phone,
        action_url=webhooks.url("dial", call.id),
        status_url=webhooks.url("status", call.id),
        amd_url=webhooks.url("amd", call.id),
        recording_url=webhooks.url("recording", call.id) if records else None,
        disclosure_url=webhooks.url("disclosure", call.id) if discloses else None,
        caller_id=call.caller_id,
    )


def voice(
    *,
    session: Session,
    call_id: int | None,
    params: Mapping[str, str],
    telephony: Telephony,
    publish: Callable[..., None],
    webhooks: Webhooks,
    now: datetime | None = None,
) -> str:
    """The TwiML for a telecaller's connected leg: <Dial> the lead, or say why not and hang up."""
    now = now or clock.now()
    browser = telephony.client_identity(params.get("From"))
    if call_id is None:
        call_id = as_id(params.get("CallId", ""))
    call = session.get(Call, call_id) if call_id is not None else None
    problem = _voice_refusal(session, call, browser, params.get("CallSid"))
    if problem is not None:
        return telephony.say_twiml(problem, hang_up=True)
    callback = telephony.read_callback(FactKind.VOICE, params)
    call = apply(
        session,
        call.id,
        callback.fact,
        callback.call_sid,
        callback.dedupe_key,
        publish=publish,
        now=now,
    )
    if call is None:  # removed meanwhile
        return telephony.hangup_twiml()
    return telephony.dial_twiml(dial_plan(call, session.get(Lead, call.lead_id), webhooks))


def _voice_refusal(
    session: Session,
    call: Call | None,
    browser: str | None,
    call_sid: str | None,
) -> str | None:
    """Why a telecaller's leg may not be connected to the lead, spoken to them; None if it may."""
    if call is None:
        return "Handoff does not know this call. Start calls from the call screen."
    if call.status == "preparing":
        return "This call has not been started. Press Call on the call screen."
    softphone = browser is not None or call.mode == "browser"
    if softphone and (call.mode != "browser" or browser != identity_of(call.agent_id)):
        return "This call belongs to another telecaller. Start calls from your own call screen."
    if call.twilio_sid not in (None, call_sid) or call.status in ENDED:
        return "This call has already ended. Dial again from the call screen."
    lead = session.get(Lead, call.lead_id)
    if lead.lease_owner_id != call.agent_id:
        return "You no longer hold this lead, so it was not called. Take it from your queue again."
    if lead.dnc:
        return "This number is on the do-not-call list. It was not called."
    return None


def disclosure(*, telephony: Telephony) -> str:
    """What the lead hears before the conversation when the call is recorded with disclosure."""
    return telephony.say_twiml(RECORDING_DISCLOSURE, hang_up=False)
