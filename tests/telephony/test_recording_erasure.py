"""Erasing a lead deletes its calls' recordings at Twilio (the simulator answers DELETE as Twilio
does); a recording already gone counts as deleted."""

from __future__ import annotations

import pytest
from sqlmodel import select
from twilio.base.exceptions import TwilioRestException

from console import wiring
from console.models import Call
from console.services import erasure
from tests.erasure import lived_lead
from tests.telephony.test_recordings import point_at, record_a_call


def test_the_adapter_deletes_a_recording_and_a_second_delete_is_no_error(
    app, simulator, fake_app, rest
):
    sid = record_a_call(simulator, fake_app)
    point_at(app, simulator)
    telephony = wiring.telephony()
    telephony.delete_recording(sid)
    assert simulator.calls.recording(sid) is None
    with pytest.raises(TwilioRestException) as gone:
        rest.recordings(sid).fetch()
    assert gone.value.status == 404
    telephony.delete_recording(sid)  # already gone: what was asked


def test_erasing_a_lead_deletes_its_recordings_at_twilio(
    app, session, campaign, users, simulator, fake_app
):
    sid = record_a_call(simulator, fake_app)
    point_at(app, simulator)
    lead, _ = lived_lead(session, campaign, users["telecaller"], users["sales"])
    call = session.exec(select(Call).where(Call.lead_id == lead.id)).one()
    call.recording_sid = sid
    session.commit()
    done = erasure.erase(
        session=session, lead_id=lead.id, actor=users["admin"], telephony=wiring.telephony()
    )
    assert done.recordings_deleted == 1 and simulator.calls.recording(sid) is None
    session.refresh(call)
    assert call.recording_sid is None and call.recording_url is None
