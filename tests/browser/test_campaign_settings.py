"""In Chromium: an admin narrows a campaign's calling window and cadence, and sees it audited."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.pages import snap
from tests.conftest import PASSWORD


def test_an_admin_edits_a_campaign_from_the_setup_page(page_for, users, campaign, session):
    page = page_for(users["admin"], PASSWORD)
    page.get_by_role("link", name="Campaigns").click()
    page.locator("#campaigns").get_by_role("link", name="Inbound demo requests").click()
    expect(page.get_by_label("Attempt cadence")).to_have_value("10m,1h,1d,2d,4d,7d")
    page.get_by_label("Attempt cadence").fill("15m, 3h, 2d")
    page.get_by_label("Until").fill("19:00")
    page.get_by_label("Sat", exact=True).uncheck()
    page.get_by_label("Sun", exact=True).uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("Saved (cadence, calling window)")
    history = page.locator("#campaign-history")
    expect(history).to_contain_text("10m,1h,1d,2d,4d,7d → 15m,3h,2d")
    expect(history).to_contain_text("08:00-21:00 Mon-Sun → 08:00-19:00 Mon-Fri")
    snap(page, "campaign-settings")
    session.refresh(campaign)
    assert campaign.calling_window == {"start": "08:00", "end": "19:00", "days": [0, 1, 2, 3, 4]}

    page.get_by_label("From").fill("07:00")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("calls may not start before 08:00")
    session.refresh(campaign)
    assert campaign.calling_window["start"] == "08:00"


def test_an_admin_adds_a_disposition_with_its_meaning(page_for, users, campaign):
    page = page_for(users["admin"], PASSWORD)
    page.goto("/setup/campaigns/inbound")
    page.get_by_label("Code").fill("left-company")
    page.get_by_label("Label").fill("Left the company")
    for flag in ("human answered", "contacted", "unworkable"):
        page.get_by_label(flag, exact=True).check()
    page.get_by_label("Ends the cadence").check()
    page.get_by_role("button", name="Add the disposition").click()
    expect(page.locator(".alert-success")).to_contain_text("end a call as Left the company")
    row = page.locator("#dispositions tr[data-code='left-company']")
    expect(row).to_contain_text("contacted, human answered, unworkable")
    snap(page, "campaign-dispositions")
    row.get_by_role("button", name="Remove").click()
    expect(page.locator("#dispositions tr[data-code='left-company']")).to_have_count(0)
    expect(page.locator("#dispositions tr[data-code='no-answer'] button")).to_have_count(0)
