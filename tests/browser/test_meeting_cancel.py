"""In Chromium: the telecaller who booked a meeting cancels it from its packet (asked once), and
a rep's reschedule onto another meeting is refused on the page in a sentence."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.handoffs import add_lead, book_meeting


def test_the_telecaller_cancels_the_meeting_they_booked(page_for, session, campaign, users):
    meeting = book_meeting(session, add_lead(session, campaign), users["telecaller"])
    page = page_for(users["telecaller"], PASSWORD)
    page.goto(f"/meetings/{meeting.id}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("button[data-action='cancel']").click()
    expect(page.locator("#meeting-status")).to_have_text("Cancelled")
    expect(page.locator("#undo-bar")).to_contain_text("Meeting cancelled.")


def test_a_reschedule_onto_another_meeting_is_refused_in_words(page_for, session, campaign, users):
    meeting = book_meeting(session, add_lead(session, campaign), users["telecaller"])
    other = book_meeting(session, add_lead(session, campaign), users["telecaller"])
    page = page_for(users["sales"], PASSWORD)
    page.goto(f"/meetings/{meeting.id}")
    page.get_by_role("button", name="Reschedule…").click()
    onto = other.starts_at + timedelta(minutes=15)  # the rep's zone is UTC
    page.locator("#reschedule-at").fill(f"{onto:%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Move the meeting").click()
    refusal = page.locator("#review-error")
    expect(refusal).to_contain_text("Sales Person already has a meeting at")
    expect(refusal).to_contain_text("choose another time. Sales Person is free at")
