"""In Chromium: a step that sends the lead away asks once; any step can be undone for a minute."""

from __future__ import annotations

from playwright.sync_api import expect

from console.models import Lead
from tests.conftest import PASSWORD
from tests.handoffs import add_lead, book_meeting


def test_a_no_show_asks_once_and_an_accept_is_undone_from_the_page(
    page_for, session, campaign, users, clock
):
    meeting = book_meeting(session, add_lead(session, campaign), users["telecaller"])
    page = page_for(users["sales"], PASSWORD)
    page.goto(f"/meetings/{meeting.id}")
    page.locator("button[data-action='accept']").click()
    expect(page.locator("#meeting-status")).to_have_text("Accepted")
    expect(page.locator("#undo-bar")).to_contain_text("Meeting accepted.")
    page.locator("#undo-step").click()
    expect(page.locator("#meeting-status")).to_have_text("Awaiting review")
    expect(page.locator("#undo-bar")).to_have_count(0)

    page.locator("button[data-action='accept']").click()
    expect(page.locator("#attendance-opens")).to_be_visible()  # not before the meeting begins
    clock.set(meeting.starts_at)  # the meeting begins: held and no-show are offered
    page.reload()
    asked: list[str] = []

    def decline(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.locator("button[data-action='no-show']").click()
    expect(page.locator("button[data-action='no-show']")).to_be_enabled()
    assert asked == ["Mark this meeting a no-show? The lead goes back to nurture to rebook."]
    session.expire_all()
    assert session.get(Lead, meeting.lead_id).status != "nurture"  # declined: nothing happened
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("button[data-action='no-show']").click()
    expect(page.locator("#meeting-status")).to_have_text("No-show")
