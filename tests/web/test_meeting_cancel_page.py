"""The packet's Cancel button: for the meeting's rep (with every other step) and for the
telecaller who booked it (alone), asked once; never once the meeting has begun."""

from __future__ import annotations

import pytest

from tests.handoffs import add_lead, book_meeting


@pytest.fixture
def meeting(session, campaign, users, clock):
    clock.working_hours()
    return book_meeting(session, add_lead(session, campaign), users["telecaller"])


def test_the_rep_is_offered_cancel_among_the_steps_and_asked_once(signed_in, meeting):
    html = signed_in("sales").get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-action="cancel"' in html and 'data-action="accept"' in html
    assert "Cancel this meeting? The sales rep and the lead&#39;s attendees" in html


def test_the_telecaller_who_booked_it_is_offered_cancel_alone(signed_in, meeting):
    html = signed_in("telecaller").get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-action="cancel"' in html
    assert 'data-action="accept"' not in html and 'id="reschedule-form"' not in html


def test_no_cancel_once_the_meeting_has_begun(signed_in, meeting, clock):
    clock.set(meeting.starts_at)
    html = signed_in("telecaller").get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-action="cancel"' not in html
