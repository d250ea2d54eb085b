"""In Chromium: a reminder reaches the telecaller's queue page without a reload, stays in the
list, and goes when they dismiss it."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from console import ticker
from tests.conftest import PASSWORD
from tests.handoffs import promise_callback


def test_a_reminder_appears_live_and_is_dismissed_in_place(
    app, page_for, users, session, campaign, clock
):
    clock.set(clock.working_hours(), frozen=True)
    page = page_for(users["telecaller"], PASSWORD)
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    expect(page.locator("#notices .notice")).to_have_count(0)
    page.evaluate("window.__same_document = true")
    promise_callback(session, campaign, users["telecaller"], clock.now() + timedelta(minutes=5))
    ticker.tick(app)  # what the running app's ticking does
    notice = page.locator("#notices .notice")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("Your callback to Ada Byron (Engines Ltd) is due at")
    expect(page.locator("#toasts")).to_contain_text("Your callback to Ada Byron")
    expect(page.locator("#live-feed .feed-item").first).to_contain_text("Your callback")
    notice.get_by_role("button", name="Dismiss").click()
    expect(page.locator("#notices .notice")).to_have_count(0)
    assert page.evaluate("window.__same_document") is True
