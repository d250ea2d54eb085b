"""In Chromium: click to call from the call screen, watch it ring and connect, hang up."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from console import clock
from console.models import Call, Lead
from tests.browser.pages import snap
from tests.conftest import PASSWORD, WORKING_ZONE

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours


def held_lead(session, campaign, telecaller, phone: str) -> Lead:
    telecaller.phone = "+14155550100"  # ends 00: the telecaller's phone picks up
    lead = Lead(
        campaign_id=campaign.id,
        first_name="Priya",
        last_name="Shah",
        company="Northwind Logistics",
        phone=phone,
        country="US",
        region="NY",
        timezone=WORKING_ZONE,
        form="demo",
        lease_owner_id=telecaller.id,
        lease_expires_at=clock.now() + timedelta(minutes=10),
    )
    session.add(lead)
    session.commit()
    return lead


def open_call_screen(page: Page, lead: Lead) -> None:
    page.goto(f"/calls/lead/{lead.id}")  # reading writes nothing: the button opens the call
    page.get_by_role("button", name="Open call screen").click()
    expect(page).to_have_url(re.compile(r"/calls/\d+$"))
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")


def test_a_telecaller_clicks_call_sees_ringing_then_connected_and_hangs_up(
    page_for, users, session, campaign, simulator
):
    lead = held_lead(session, campaign, users["telecaller"], "+14155550123")
    page = page_for(users["telecaller"], PASSWORD)
    open_call_screen(page, lead)
    phase = page.locator("#dial-phase")
    expect(phase).to_have_text("Ready to call")
    expect(page.locator("#dial-mode")).to_contain_text("+14155550100")
    wrap_up = page.locator("#wrap-up")
    expect(wrap_up).to_be_hidden()  # not before the dial
    page.get_by_role("button", name=re.compile("^Call Priya Shah")).click()
    expect(phase).to_have_attribute("data-phase", "ringing")
    snap(page, "click-to-call-ringing")
    expect(phase).to_have_attribute("data-phase", "connected")
    expect(page.locator("#dial-timer")).to_be_visible()
    expect(wrap_up).to_be_hidden()  # nor during the call
    snap(page, "click-to-call-connected")
    page.get_by_role("button", name="Hang up").click()
    expect(phase).to_have_attribute("data-phase", "ended")
    expect(phase).to_have_text("Call ended")
    expect(page.get_by_role("button", name="Hang up")).to_be_hidden()
    expect(wrap_up).to_be_visible()  # when it ends
    snap(page, "click-to-call-ended")
    call = session.exec(Call.__table__.select().where(Call.lead_id == lead.id)).one()
    assert call.status == "completed" and call.duration_seconds < 45


def test_the_keyboard_calls_and_a_busy_line_shows_busy(
    page_for, users, session, campaign, simulator
):
    lead = held_lead(session, campaign, users["telecaller"], "+14155550161")
    page = page_for(users["telecaller"], PASSWORD)
    open_call_screen(page, lead)
    page.keyboard.press("c")
    expect(page.locator("#dial-phase")).to_have_text("Busy")
    expect(page.get_by_role("button", name=re.compile("^Call Priya Shah"))).to_be_hidden()
    expect(page.locator("#dial-mode")).to_be_hidden()  # the wrap-up says what comes next
    expect(page.locator("#wrap-up")).to_be_visible()


def test_a_refused_dial_says_why_in_the_telecallers_words(
    page_for, users, session, campaign, simulator
):
    lead = held_lead(session, campaign, users["telecaller"], "+14155550123")
    page = page_for(users["telecaller"], PASSWORD)
    open_call_screen(page, lead)
    lead.dnc = True  # the number went on the do-not-call list after the screen opened
    session.commit()
    page.keyboard.press("c")
    expect(page.locator("#dial-refusal")).to_contain_text("do-not-call list")
    snap(page, "click-to-call-refused")
    expect(page.locator("#dial-phase")).to_have_text("Ready to call")
    assert len(simulator.calls) == 0
