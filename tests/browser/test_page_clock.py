"""In Chromium: pages count time by the server's clock, not the browser's, whatever either says.

The app's clock is set far from the real time, and the browser's own clock somewhere else again,
so a page that read the browser's clock would be years out; both instants are chosen here, so the
tests pass at any real time and under any HANDOFF_NOW.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from console.realtime import publish
from console.services import accounts
from tests import handoffs
from tests.browser.pages import live, snap, take_lead
from tests.conftest import PASSWORD

# 11:00 in New York on the morning the clocks go forward (a Sunday).
SERVER_NOW = datetime(2027, 3, 14, 15, 0, tzinfo=UTC)
BROWSER_NOW = datetime(2031, 7, 1, 3, 33, tzinfo=UTC)  # what the computer's own clock says


def with_a_wrong_browser_clock(page: Page) -> Page:
    """Set the browser's own clock to BROWSER_NOW and load the page again under it."""
    page.clock.set_system_time(BROWSER_NOW)
    page.reload()
    assert page.evaluate("new Date().getUTCFullYear()") == BROWSER_NOW.year
    live(page)
    return page


def test_the_floor_shows_time_in_state_by_the_servers_clock(page_for, users, session, clock):
    clock.set(SERVER_NOW)
    accounts.set_agent_state(
        session=session, user=users["telecaller"], state="paused", reason="lunch", publish=publish
    )
    clock.advance(timedelta(minutes=5))
    page = with_a_wrong_browser_clock(page_for(users["lead"], PASSWORD))
    row = page.locator(f"#floor tr[data-agent='{users['telecaller'].id}']")
    expect(row).to_contain_text("paused (lunch)")
    expect(row.locator("td").nth(2)).to_have_text(re.compile(r"^5 m \d\d s$"))  # five minutes in
    expect(row).not_to_have_class("table-warning")  # a 5-minute lunch is not overdue
    snap(page, "floor-server-clock")


def test_a_reconnect_sets_the_pages_clock_again(page_for, users, session, clock):
    clock.set(SERVER_NOW)
    accounts.set_agent_state(
        session=session, user=users["telecaller"], state="paused", reason="lunch", publish=publish
    )
    page = with_a_wrong_browser_clock(page_for(users["lead"], PASSWORD))
    in_state = page.locator(f"#floor tr[data-agent='{users['telecaller'].id}'] td").nth(2)
    expect(in_state).to_have_text(re.compile(r"^\d+ s$"))
    clock.advance(timedelta(hours=1, minutes=5))  # the server's clock moves; the page's has not
    page.evaluate("handoff.socket.disconnect().connect()")  # the snapshot carries the new time
    expect(in_state).to_have_text("1 h 05 m")
    expect(in_state.locator("xpath=..")).to_have_class("table-warning")  # a long lunch shows


def test_the_call_screen_shows_the_leads_local_time_by_the_servers_clock(
    page_for, users, session, campaign, clock
):
    clock.set(SERVER_NOW)
    handoffs.add_lead(session, campaign, timezone="America/New_York")
    page = page_for(users["telecaller"], PASSWORD)
    take_lead(page)
    page = with_a_wrong_browser_clock(page)
    # Eastern daylight time began at 02:00 that morning: 15:00 UTC is 11:00 there.
    lead_clock = page.locator("#lead-local-time .lead-clock-time")
    expect(lead_clock).to_have_text(re.compile(r"^11:0[01]$"))
    snap(page, "call-screen-server-clock")


def test_the_live_feed_writes_times_in_the_viewers_zone_not_the_browsers(
    page_for, users, session, clock
):
    clock.set(SERVER_NOW)
    users["lead"].timezone = "Asia/Tokyo"  # 15:00 UTC is midnight there
    session.commit()
    page = page_for(users["lead"], PASSWORD, timezone_id="America/Los_Angeles")  # 08:00 there
    live(page)
    accounts.set_agent_state(
        session=session, user=users["telecaller"], state="paused", reason="lunch", publish=publish
    )
    expect(page.locator("#live-feed li.feed-item").first).to_have_text(re.compile(r"^00:0\d · "))
