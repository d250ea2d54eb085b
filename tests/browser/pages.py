"""Steps the browser tests share: wait for a page to go live, take a lead, save a screenshot."""

from __future__ import annotations

import os
import re

from playwright.sync_api import Page, expect


def snap(page: Page, name: str) -> None:
    """Save a screenshot when HANDOFF_SCREENSHOTS names a folder (to look at the screen)."""
    folder = os.environ.get("HANDOFF_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def live(page: Page) -> None:
    """Wait until the page's scripts run and its live connection is open."""
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")


def take_lead(page: Page) -> None:
    """From the queue page: Next lead, then Open call screen."""
    live(page)
    page.get_by_role("button", name="Next lead").click()
    page.get_by_role("button", name="Open call screen").click()
    expect(page).to_have_url(re.compile(r"/calls/\d+$"))
    live(page)
