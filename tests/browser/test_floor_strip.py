"""In Chromium: a team lead's floor shows a telecaller's call strip move through ringing,
connected and wrap-up while the telecaller works in a second browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_click_to_call import held_lead, open_call_screen
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours


def test_the_floor_strip_follows_a_call_from_ringing_to_wrap_up(
    page_for,
    users,
    session,
    campaign,
    simulator,
):
    lead = held_lead(session, campaign, users["telecaller"], "+14155550123")
    lead.company = "<b>Northwind</b> Logistics"  # what a lead typed is shown, never run
    session.commit()
    floor = page_for(users["lead"], PASSWORD)
    expect(floor.locator("#live-status")).to_have_attribute("data-state", "live")
    caller = page_for(users["telecaller"], PASSWORD)
    open_call_screen(caller, lead)
    caller.get_by_role("button", name=re.compile("^Call Priya Shah")).click()

    strip = floor.locator(f'#floor tr[data-agent="{users["telecaller"].id}"] .call-strip')
    expect(strip).to_have_attribute("data-phase", "ringing")
    expect(strip.locator(".strip-lead")).to_have_text("Priya Shah · <b>Northwind</b> Logistics")
    expect(strip).to_have_attribute("data-phase", "connected")
    expect(strip.locator(".strip-phase")).to_contain_text("Connected · ")
    expect(floor.locator("#live-feed")).to_contain_text("Telecaller Person is talking to a lead")

    caller.get_by_role("button", name="Hang up").click()
    expect(strip).to_have_attribute("data-phase", "wrap_up")
    expect(strip.locator(".strip-phase")).to_contain_text("Wrap-up · ")
    expect(floor.locator("#live-feed")).to_contain_text("Telecaller Person is in wrap-up")
    assert floor.locator("#floor b").count() == 0
