"""Notices on people's pages: a reminder shows until its reader dismisses it (a POST with the
CSRF token, theirs only) or acts on it; sentences are escaped text."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.contract.reviews import ReviewInput
from console.services import reminders, reviews
from tests.conftest import csrf_token, sign_in
from tests.handoffs import Spy, add_lead, book_meeting, promise_callback


@pytest.fixture(autouse=True)
def held(clock, working_hours):
    clock.set(working_hours, frozen=True)


@pytest.fixture
def reminded(session, campaign, users, clock):
    """A callback of the telecaller's, due in 4 minutes, with its reminder posted; the lead
    typed a name with markup in it."""
    due = clock.now() + timedelta(minutes=4)
    promise_callback(session, campaign, users["telecaller"], due, first_name="<b>Ada</b>")
    reminders.remind_callbacks(session=session, publish=Spy(), now=clock.now())
    return due


def notice_ids(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('data-notice="')[1:]]


def test_a_reminder_shows_on_the_queue_escaped_until_dismissed(signed_in, reminded):
    client = signed_in("telecaller")
    page = client.get("/queue").get_data(as_text=True)
    [notice_id] = notice_ids(page)
    assert "Your callback to &lt;b&gt;Ada&lt;/b&gt; Byron (Engines Ltd) is due at" in page
    assert "<b>Ada</b>" not in page
    refused = client.post(f"/notices/{notice_id}/dismiss")
    assert refused.status_code == 400  # no CSRF token
    assert notice_ids(client.get("/queue").get_data(as_text=True)) == [notice_id]
    token = csrf_token(client, "/queue")
    dismissed = client.post(f"/notices/{notice_id}/dismiss", data={"csrf_token": token})
    assert dismissed.status_code == 303 and dismissed.location.endswith("/queue")
    assert notice_ids(client.get("/queue").get_data(as_text=True)) == []


def test_dismissing_in_place_answers_the_list_again(signed_in, reminded):
    client = signed_in("telecaller")
    [notice_id] = notice_ids(client.get("/notices").get_data(as_text=True))
    answer = client.post(
        f"/notices/{notice_id}/dismiss",
        headers={"HX-Request": "true", "X-CSRFToken": csrf_token(client, "/queue")},
    )
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert 'id="notices"' in html and notice_ids(html) == []


def test_nobody_dismisses_another_persons_notice(app, client, signed_in, users, reminded):
    [notice_id] = notice_ids(signed_in("telecaller").get("/notices").get_data(as_text=True))
    sales = app.test_client()
    sign_in(sales, users["sales"].email)
    token = csrf_token(sales, "/meetings")
    refused = sales.post(f"/notices/{notice_id}/dismiss", data={"csrf_token": token})
    assert refused.status_code == 404
    assert notice_ids(client.get("/queue").get_data(as_text=True)) == [notice_id]
    assert app.test_client().get("/notices").status_code == 302  # nobody signed in: sign in


def test_a_review_warning_shows_on_the_meetings_page_until_the_meeting_is_reviewed(
    session, campaign, users, clock, signed_in
):
    meeting = book_meeting(session, add_lead(session, campaign), users["telecaller"])
    clock.set(meeting.review_due_at - timedelta(hours=1), frozen=True)
    reminders.warn_review_clocks(session=session, publish=Spy(), now=clock.now())
    client = signed_in("sales")
    page = client.get("/meetings").get_data(as_text=True)
    assert len(notice_ids(page)) == 1 and f"/meetings/{meeting.id}" in page
    reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=users["sales"],
        action="accept",
        review=ReviewInput(),
        publish=Spy(),
    )
    assert notice_ids(client.get("/meetings").get_data(as_text=True)) == []


def test_an_anyones_callback_shows_on_the_floor(session, campaign, users, clock, signed_in):
    promise_callback(session, campaign, None, clock.now() + timedelta(minutes=2))
    reminders.remind_callbacks(session=session, publish=Spy(), now=clock.now())
    page = signed_in("lead").get("/floor").get_data(as_text=True)
    assert len(notice_ids(page)) == 1 and "open to anyone" in page
