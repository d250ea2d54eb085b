"""What the call screen page shows: the lead's card beside the call's walk and meter, or beside
why the campaign's script cannot be walked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from console.errors import Conflict, NotFound
from console.models import Lead, User
from console.services import call_screen, leads
from console.services.scripting import Library, ScriptUnavailable


@dataclass(frozen=True)
class CallScreen:
    """The lead's card with the call's view or the script's problem; or, when the call is
    prepared already, only the call to go to."""

    lead: dict[str, Any] | None = None
    view: dict[str, Any] | None = None
    problem: ScriptUnavailable | None = None
    go_to_call: int | None = None


def before_call(*, session: Session, lead_id: int, agent: User, library: Library) -> CallScreen:
    """A held lead before its call is prepared (reads, never writes): its card and whether its
    script can be walked; the call itself once it is prepared."""
    lead, call = call_screen.prepared_call(session=session, lead_id=lead_id, agent=agent)
    if call is not None:
        return CallScreen(go_to_call=call.id)
    problem = call_screen.script_problem(session=session, lead=lead, library=library)
    return CallScreen(lead=leads.preview(session=session, lead=lead, viewer=agent), problem=problem)


def open_lead(*, session: Session, lead_id: int, agent: User, library: Library) -> CallScreen:
    """Create or resume the call on a held lead (renewing the lease); when its script is
    unavailable, the lead alone with the reason."""
    try:
        call = call_screen.open_call(session=session, lead_id=lead_id, agent=agent, library=library)
    except ScriptUnavailable as refused:
        # The lead can still be read (and released); only the script is missing.
        lead = session.get(Lead, lead_id)
        return CallScreen(
            lead=leads.preview(session=session, lead=lead, viewer=agent), problem=refused
        )
    return CallScreen(go_to_call=call.id)


def during_call(*, session: Session, call_id: int, viewer: User, library: Library) -> CallScreen:
    """A call with its lead; refused to its telecaller once the lease on the lead went
    elsewhere (a call already wrapped up stays readable)."""
    call = call_screen.readable_call(session=session, call_id=call_id, viewer=viewer)
    view = call_screen.call_view(session=session, call=call, viewer=viewer, library=library)
    lost_lease = call.agent_id == viewer.id and not view["call"]["editable"]
    if lost_lease and not call_screen.wrapped_up(session=session, call=call):
        raise Conflict(call_screen.NOT_HOLDER, code="not_claimed")  # the lease went elsewhere
    lead = session.get(Lead, call.lead_id)
    if lead is None:
        raise NotFound(f"The lead of call {call_id} is gone.")
    return CallScreen(lead=leads.preview(session=session, lead=lead, viewer=viewer), view=view)
