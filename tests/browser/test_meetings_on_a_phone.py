"""In Chromium at a phone's width (390 px): a sales rep's meetings page fits the screen, one card
per meeting, every control in sight (nothing runs off the edge, nothing scrolls sideways)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.handoffs import add_lead, book_meeting

WIDTH = 390
# Every element whose box runs past the screen's edges, described so a failure says which.
PAST_THE_EDGE = """(width) => [...document.querySelectorAll("body *")]
  .filter((el) => { const r = el.getBoundingClientRect();
                    return r.width > 0 && (r.left < -0.5 || r.right > width + 0.5); })
  .map((el) => `${el.tagName.toLowerCase()}#${el.id}: ${el.textContent.trim().slice(0, 40)}`)"""


def test_the_meetings_page_fits_a_390_pixel_screen(page_for, session, campaign, users):
    for company in ("Orchardly Outfitters Pty Ltd", "Prairiefield Builders LLC"):
        book_meeting(session, add_lead(session, campaign, company=company), users["telecaller"])
    page = page_for(users["sales"], PASSWORD)
    page.set_viewport_size({"width": WIDTH, "height": 844})
    expect(page.locator("#meetings tr.meeting-row")).to_have_count(2)
    row = page.locator("#meetings tr.meeting-row").first
    expect(row).to_have_css("display", "block")  # a card, not a row (retried: the list may be
    # fetched again once the live connection is up)
    expect(row.locator("td[data-label='Meeting']")).to_be_visible()
    expect(page.locator("#meetings thead")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH  # no sideways scroll
    assert page.evaluate(PAST_THE_EDGE, WIDTH) == []
    expect(page.get_by_role("link", name="Rejected", exact=True)).to_be_in_viewport()
