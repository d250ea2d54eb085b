"""Call recordings: heard through the app by those who may hear them, never as a provider URL."""

from __future__ import annotations

from sqlmodel import Session, select

from console.domain.roles import Role
from console.errors import NotFound
from console.models import Call, Meeting, Outcome, User
from console.services.calls import TelephonyUnavailable
from console.telephony.port import RecordingMedia, Telephony, TelephonyError


def may_hear(session: Session, call: Call, viewer: User) -> bool:
    """The telecaller on the call, the sales rep of the meeting it booked, team leads, admins."""
    if viewer.role in (Role.LEAD, Role.ADMIN):
        return True
    if viewer.role == Role.TELECALLER:
        return call.agent_id == viewer.id
    if viewer.role == Role.SALES:
        rep_of = (
            select(Meeting.id)
            .join(Outcome, Outcome.id == Meeting.outcome_id)
            .where(Outcome.call_id == call.id, Meeting.sales_rep_id == viewer.id)
        )
        return session.exec(rep_of).first() is not None
    return False


def address(session: Session, call: Call | None, viewer: User) -> str | None:
    """Where the viewer listens to the call's recording in the app, if it has one they may hear."""
    if call is None or call.recording_sid is None or not may_hear(session, call, viewer):
        return None
    return f"/api/v1/calls/{call.id}/recording"


def recording(
    *, session: Session, call_id: int, viewer: User, telephony: Telephony
) -> RecordingMedia:
    """The call's recording, streamed from the provider; to anyone else it does not exist."""
    call = session.get(Call, call_id)
    if call is None or not may_hear(session, call, viewer):
        raise NotFound(f"There is no recording of call {call_id} that you may hear.")
    if call.recording_sid is None:
        raise NotFound(
            f"Call {call_id} has no recording: it was not recorded, or Twilio is still "
            "processing it (try again in a minute).",
            code="not_recorded",
        )
    try:
        return telephony.recording_media(call.recording_sid)
    except TelephonyError as error:
        if error.code == "recording_gone":
            raise NotFound(error.message, code="recording_gone") from error
        raise TelephonyUnavailable(error.message) from error
