"""In Chromium at a phone's width (390 px): a sales rep's meetings fit the screen, one card each."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.handoffs import add_lead, book_meeting


def test_the_meetings_list_fits_a_390_pixel_screen(page_for, session, campaign, users):
    for company in ("Orchardly Outfitters Pty Ltd", "Prairiefield Builders LLC"):
        book_meeting(session, add_lead(session, campaign, company=company), users["telecaller"])
    page = page_for(users["sales"], PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("#meetings tr.meeting-row")).to_have_count(2)
    box = page.locator("#meetings").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # the list itself fits the screen
    row = page.locator("#meetings tr.meeting-row").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"  # a card, not a row
    expect(row.locator("td[data-label='Meeting']")).to_be_visible()
    expect(page.locator("#meetings thead")).to_be_hidden()
