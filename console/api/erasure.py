"""API: erasing a lead's personal data (admins only)."""

from __future__ import annotations

from dataclasses import asdict

from flask import g

from console import wiring
from console.api import bp
from console.api.auth import api_roles
from console.contract.erasure import Erased, EraseLead
from console.db import get_session
from console.domain.roles import Role
from console.realtime import publish
from console.services import erasure


@bp.post("/leads/<int:lead_id>/erase")
@api_roles(Role.ADMIN, body=EraseLead, answers={200: Erased})
def erase_lead(lead_id: int, body: EraseLead):
    """Erase a lead's personal data: names, company, phone, email, notes, what its calls,
    outcomes, meetings and reviews say about the person, and its recordings at Twilio.

    The row stays with its status, dates, scores and dispositions, so the metrics count the
    same; it reads "Erased lead" and is never dialled. `dnc` puts the number on the
    do-not-call list (only when the person asked not to be called). Erasing twice changes
    nothing (`already` true). Meetings still to come are cancelled: their reps are sent the
    calendar event's cancellation, naming only the campaign and the time. 409 call_live
    during a call or while its outcome is awaited; 502 when Twilio could not delete a
    recording (nothing was erased: try again)."""
    done = erasure.erase(
        session=get_session(),
        lead_id=lead_id,
        actor=g.api_user,
        dnc=body.dnc,
        telephony=wiring.telephony(),
        publish=publish,
        mailer=wiring.mailer(),
    )
    return {**asdict(done), "erased_at": done.erased_at.isoformat()}
