"""Voicemail drop: an answering machine picked up, and one key leaves the campaign's message.

The lead's leg is redirected to <Play> the message and hang up (the telecaller's leg is released
as its <Dial> ends) and the campaign's voicemail outcome is recorded in the transaction that marks
the call, under the call's lock: a second press, or a repeated webhook, leaves one outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from console import clock
from console.contract.outcomes import OutcomeInput
from console.domain import voicemail as rules
from console.domain.roles import Role
from console.errors import Conflict, Forbidden, NotFound
from console.models import Call, Outcome, User
from console.services import outcomes, races
from console.services.call_connect import Webhooks
from console.services.call_progress import call_card
from console.services.scripting import Library
from console.services.voicemail import message_of, message_url, outcome_code
from console.telephony.port import Telephony, TelephonyError


@dataclass
class Dropped:
    """The message is being left: the call, its outcome, and whether this press did it."""

    call: Call
    outcome: Outcome
    repeated: bool = False

    def to_dict(self) -> dict:
        """The answer of POST /calls/{id}/voicemail."""
        return {
            "call": call_card(self.call),
            "repeated": self.repeated,
            **outcomes.summary(self.outcome),
        }


def drop(
    *,
    session: Session,
    call_id: int,
    agent: User,
    telephony: Telephony,
    publish: Callable[..., None],
    library: Library,
    webhooks: Webhooks,
    now: datetime | None = None,
) -> Dropped:
    """Leave the campaign's message on the machine that answered, and disposition the call as
    voicemail; a repeat answers with the first outcome."""
    now = now or clock.now()
    found = session.get(Call, call_id)
    if found is None:
        raise NotFound(f"There is no call {call_id}.")
    if agent.role != Role.TELECALLER or found.agent_id != agent.id:
        raise Forbidden("Only the telecaller on this call leaves its message.")
    call = races.hold(session, Call, call_id)  # one press at a time, and no save in between
    existing = session.exec(select(Outcome).where(Outcome.call_id == call.id)).first()
    if existing is not None:
        session.rollback()
        if call.voicemail_left_at is not None:
            return Dropped(call, existing, repeated=True)
        raise outcomes.OutcomeExists(existing)
    message = message_of(session, call.campaign_id)
    code = outcome_code(session, call.campaign_id)
    refused = rules.why_no_drop(
        call.status, call.answered_by, has_message=message is not None, recordable=code is not None
    )
    if refused is None and not call.lead_call_sid:
        refused = "The lead's line is not connected yet, so no message can be left."
    if refused is not None:
        session.rollback()
        raise Conflict(refused, code="voicemail_unavailable")
    try:
        telephony.leave_message(call.lead_call_sid, message_url(message, webhooks))
    except TelephonyError as error:
        session.rollback()
        raise Conflict(error.message, code="voicemail_unavailable") from error
    call.voicemail_left_at = now  # committed with the outcome below, or not at all
    notes = (call.draft or {}).get("notes") or None
    try:
        recorded = outcomes.record_outcome(
            session=session,
            call_id=call.id,
            agent=agent,
            outcome=OutcomeInput(disposition=code, notes=notes),
            publish=publish,
            library=library,
            now=now,
        )
    except Exception:
        session.rollback()
        raise
    return Dropped(session.get(Call, call.id), recorded.outcome)
