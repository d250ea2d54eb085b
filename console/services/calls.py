"""Click-to-call: the checks before any dial, placing the call, hanging up, the softphone token.

Every dial is refused (409 with a code and a sentence) unless the telecaller holds the lead, the
number is not on the do-not-call list, it is calling hours where the lead is, Florida's three
calls a day are not used up and the cadence has attempts left. Callbacks then move the call on
(console.services.call_progress).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlmodel import Session, select

from console import clock
from console.domain.cadence import Cadence
from console.domain.calls import CallFact, CallMode, CallStatus, FactKind, Leg, recording_plan
from console.domain.compliance import is_florida, needs_recording_disclosure
from console.domain.dialling import Caller, may_dial
from console.domain.roles import AgentState
from console.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from console.models import Call, CallEvent, Campaign, Lead, Outcome, User
from console.services import (
    accounts,
    call_progress,
    call_reconcile,
    dnc,
    phones,
    queue,
    queue_facts,
    races,
)
from console.services.call_connect import Webhooks, identity_of
from console.telephony.port import BridgeRequest, Telephony, TelephonyError

MODES = tuple(CallMode)  # the domain names them
STALE_CALL = timedelta(hours=4)  # a "live" call older than this lost its callbacks: ignore it


class TelephonyUnavailable(ServiceError):
    """The voice provider refused or could not be reached."""

    status = 502
    code = "telephony_unavailable"


def dial(
    *,
    session: Session,
    agent: User,
    lead_id: int,
    mode: str | None,
    telephony: Telephony,
    publish: Callable[..., None],
    webhooks: Webhooks,
    now: datetime | None = None,
) -> Call:
    """Check, then dial the lead on the telecaller's open call (prepared by the call screen)."""
    now = now or clock.now()
    mode = mode or agent.call_mode or "bridge"
    if mode not in MODES:
        raise Invalid("Unknown call mode.", fields={"mode": "use bridge or browser"})
    # One dial of a lead at a time: a second waits here, then finds the first one's live call.
    lead = races.hold(session, Lead, lead_id)
    if lead is None:
        session.rollback()
        raise NotFound(f"There is no lead {lead_id}.")
    campaign = session.get(Campaign, lead.campaign_id)
    refused = refusal(
        session=session, lead=lead, campaign=campaign, agent=agent, mode=mode, now=now
    )
    if refused is not None:
        session.rollback()
        raise refused
    call = _prepared_call(session, lead, agent, campaign, mode, now)
    lead.attempts += 1  # undone by call_progress if the lead's phone is never dialled
    lead.last_attempt_at = now
    if lead.first_touch_at is None:  # speed to lead ends at the first dial, and is the dialler's
        lead.first_touch_at, lead.first_touch_by_id = now, agent.id
    queue.renew(session=session, lead=lead, agent_id=agent.id, now=now)
    session.commit()
    accounts.set_agent_state(session=session, user=agent, state=AgentState.ON_CALL, publish=publish)
    if mode == "bridge":
        _ring_agent(session, call, agent, telephony, publish, webhooks, now)
    session.refresh(call)  # callbacks may have moved it on already
    call_progress.announce(call, publish)
    return call


def refusal(
    *, session: Session, lead: Lead, campaign: Campaign, agent: User, mode: str, now: datetime
) -> Conflict | None:
    """Why this dial may not happen, as a 409 the telecaller understands; None when it may.

    The rule is the domain's (console.domain.dialling.may_dial); this gathers its facts."""
    listed = dnc.is_listed(session, lead.phone)
    florida = is_florida(lead.country, lead.region)
    recent = tuple(queue_facts.recent_dials(session, lead, now)) if florida else ()
    caller = Caller(
        id=agent.id,
        mode=mode,
        has_phone=bool(agent.phone),
        on_call=_live_call(session, agent, lead, now) is not None,
    )
    window = queue_facts.policy_of(campaign).window
    cadence = Cadence.parse(campaign.cadence)
    candidate = queue_facts.candidate_of(lead, recent, dnc=listed)
    refused = may_dial(candidate, caller, now, window, cadence)
    return None if refused is None else Conflict(refused.message, code=refused.code.value)


def _live_call(session: Session, agent: User, lead: Lead, now: datetime) -> Call | None:
    return session.exec(
        select(Call).where(
            or_(Call.agent_id == agent.id, Call.lead_id == lead.id),
            Call.status.in_(queue_facts.LIVE_STATUSES),
            Call.started_at > now - STALE_CALL,
            Call.voicemail_left_at.is_(None),  # a machine hearing the message holds nobody
        )
    ).first()


def _prepared_call(
    session: Session, lead: Lead, agent: User, campaign: Campaign, mode: str, now: datetime
) -> Call:
    """The call screen's open call, reset for this dial; a new call when there is none."""
    has_outcome = select(Outcome.id).where(Outcome.call_id == Call.id).exists()
    call = session.exec(
        select(Call)
        .where(Call.lead_id == lead.id, Call.agent_id == agent.id, ~has_outcome)
        .order_by(Call.id.desc())
    ).first()
    if call is None or not _redialable(call):
        call = Call(lead_id=lead.id, agent_id=agent.id, campaign_id=campaign.id)
        session.add(call)
    else:
        # A dial that never reached the lead leaves nothing to wrap up: this dial replaces it.
        session.execute(delete(CallEvent).where(CallEvent.call_id == call.id))
    plan = recording_plan(
        campaign.recording,
        campaign.consent_states_recording,
        needs_recording_disclosure(lead.country, lead.region),
    )
    call.mode, call.status, call.started_at, call.updated_at = mode, "queued", now, now
    call.twilio_sid = call.lead_call_sid = call.answered_by = None
    call.answered_at = call.ended_at = call.duration_seconds = None
    call.recording_sid = call.recording_url = call.recording_seconds = None
    call.recording_consent = plan.consent.value
    call.caller_id = phones.caller_id_for(campaign.caller_ids or [], lead.phone)
    session.flush()
    return call


def _redialable(call: Call) -> bool:
    return call.status == "preparing" or (call.status == "canceled" and not call.lead_call_sid)


def _ring_agent(
    session: Session,
    call: Call,
    agent: User,
    telephony: Telephony,
    publish: Callable[..., None],
    webhooks: Webhooks,
    now: datetime,
) -> None:
    """Bridge mode: ring the telecaller's phone; the voice webhook then dials the lead."""
    request = BridgeRequest(
        agent_phone=agent.phone,
        voice_url=webhooks.url("voice", call.id),
        status_url=webhooks.url("status", call.id),
    )
    try:
        sid = telephony.place_bridge_call(request)
    except TelephonyError as error:
        failed = CallFact(FactKind.APP, Leg.AGENT, CallStatus.FAILED, at=now)
        call_progress.apply(
            session, call.id, failed, f"local:{call.id}", "placing", publish=publish, now=now
        )
        raise TelephonyUnavailable(error.message, code="telephony_unavailable") from error
    call.twilio_sid = call.twilio_sid or sid
    session.commit()


def hang_up(
    *,
    session: Session,
    call_id: int,
    agent: User,
    telephony: Telephony,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> Call:
    """End the call on both legs, then ask the provider how it ended (its callbacks may never
    come); a call the provider never had ends here as not connected."""
    now = now or clock.now()
    call = session.get(Call, call_id)
    if call is None:
        raise NotFound(f"There is no call {call_id}.")
    if call.agent_id != agent.id:
        raise Forbidden("Only the telecaller on this call can hang it up.")
    if call.status == "preparing":
        raise Conflict("This call has not been dialled yet.", code="not_dialled")
    if call.status not in queue_facts.LIVE_STATUSES:
        return call
    try:
        sid = call.twilio_sid or call_reconcile.found_again(session, call, telephony)
        if sid is None:  # the softphone never connected: nothing at the provider to end
            ended = CallFact(FactKind.APP, Leg.AGENT, CallStatus.CANCELED, at=now)
            return call_progress.apply(
                session, call.id, ended, f"local:{call.id}", "hangup", publish=publish, now=now
            )
        telephony.hang_up(sid)
    except TelephonyError as error:
        raise TelephonyUnavailable(error.message) from error
    # The provider's record says how the call ended (busy, no answer, the seconds talked, the
    # recording), even when its callbacks are slow, lost, or cannot reach a laptop.
    return call_reconcile.reconcile_call(
        session=session, call_id=call.id, telephony=telephony, publish=publish, now=now
    )


def softphone_token(*, agent: User, telephony: Telephony) -> dict:
    """An access token for the Voice JavaScript SDK, calling as this telecaller."""
    try:
        token = telephony.browser_token(identity_of(agent.id))
    except TelephonyError as error:
        raise Conflict(error.message, code="browser_unavailable") from error
    return {"token": token, "identity": identity_of(agent.id), "expires_in": 3600}
