"""Moving and calling off a meeting over HTTP: the calendars hear of it by email (a real SMTP
server), a move onto another meeting is refused in a sentence, cancelling is for the meeting's
people only and only before it begins."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.domain.slots import short_time
from console.models import Meeting
from tests.api.test_meetings_api import step
from tests.handoffs import add_lead, book_meeting

pytestmark = pytest.mark.usefixtures("working_hours")


@pytest.fixture
def mail(app, mail):
    """The app sends through the capture server."""
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=mail.mailer.port, SMTP_TLS="none")
    return mail


def test_the_telecaller_who_booked_it_cancels_and_the_calendars_hear(
    client, tokens, meeting_id, mail
):
    cancelled = step(client, tokens, meeting_id, "cancel", role="telecaller")
    assert cancelled.status_code == 200
    assert cancelled.json["meeting"]["status"] == "cancelled"
    assert cancelled.json["review"]["label"] == "Cancelled"
    *_, cancel = mail.received()
    assert cancel.method == "CANCEL" and cancel.field("UID") == f"meeting-{meeting_id}@handoff"
    again = step(client, tokens, meeting_id, "cancel", role="sales")
    assert again.status_code == 409 and again.json["error"]["code"] == "illegal_transition"


def test_sales_moves_a_meeting_and_the_invite_download_follows(
    client, tokens, meeting_id, mail, session
):
    starts_at = session.get(Meeting, meeting_id).starts_at + timedelta(days=1)
    moved = step(client, tokens, meeting_id, "reschedule", starts_at=starts_at.isoformat())
    assert moved.status_code == 200
    *_, update = mail.received()
    assert update.field("SEQUENCE") == "1" and update.method == "REQUEST"
    invite = client.get(f"/api/v1/meetings/{meeting_id}/invite.ics", headers=tokens["sales"])
    assert b"SEQUENCE:1\r\n" in invite.data  # the download is the event as last sent


def test_a_move_onto_another_meeting_is_a_409_in_a_sentence(
    client, tokens, meeting_id, session, campaign, users
):
    other = book_meeting(session, add_lead(session, campaign), users["telecaller"])
    refused = step(
        client,
        tokens,
        meeting_id,
        "reschedule",
        starts_at=other.starts_at.isoformat(),
        timezone="Asia/Kolkata",
    )
    assert refused.status_code == 409 and refused.json["error"]["code"] == "slot_taken"
    taken = short_time(other.starts_at, "Asia/Kolkata")
    assert refused.json["error"]["message"] == (
        f"Sales Person already has a meeting at {taken}; choose another time."
    )
    assert refused.json["error"]["fields"]["starts_at"].endswith("(IST).")


def test_cancelling_is_refused_to_others_and_after_the_start(
    client, tokens, meeting_id, session, clock
):
    assert step(client, tokens, meeting_id, "cancel", role="intake").status_code in (401, 403)
    clock.set(session.get(Meeting, meeting_id).starts_at + timedelta(minutes=1))
    late = step(client, tokens, meeting_id, "cancel")
    assert late.status_code == 409 and "mark it held or a no-show" in late.json["error"]["message"]
