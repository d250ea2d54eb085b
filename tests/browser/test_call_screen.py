"""In Chromium: a telecaller takes a lead, walks the script, reloads mid-call and loses nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from console.models import Lead
from tests.browser.pages import live, snap, take_lead
from tests.conftest import PASSWORD, WORKING_ZONE

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours

PAIN = "Inbound leads wait two days for a call back"


@pytest.fixture
def need_lead(session, campaign) -> Lead:
    """A fresh need lead in the campaign, callable now."""
    lead = Lead(
        campaign_id=campaign.id,
        first_name="Priya",
        last_name="Shah",
        title="Head of Sales Operations",
        company="Northwind Logistics",
        phone="+12125550123",
        email="priya@northwind.example",
        timezone=WORKING_ZONE,
        source="website",
        form="demo",
        notes="Asked about routing leads to the right rep.",
        intent="need",
    )
    session.add(lead)
    session.commit()
    return lead


def step(page: Page):
    """The heading of the step on screen."""
    return page.locator("#step-title")


def choose(page: Page, label: str) -> None:
    page.locator("#step .choice", has_text=label).click()


def test_a_telecaller_walks_the_gatekeeper_branch_and_a_reload_loses_nothing(
    page_for, users, need_lead
):
    page = page_for(users["telecaller"], PASSWORD)
    take_lead(page)
    expect(page.locator("#lead-name")).to_have_text("Priya Shah")
    choose(page, "Someone else answered")
    expect(step(page)).to_have_text("Gatekeeper")
    choose(page, "Putting me through")
    expect(step(page)).to_have_text("Permission")
    choose(page, "Yes, go ahead")
    expect(step(page)).to_have_text("Reason")
    page.locator("#answer-text").fill(PAIN)
    page.get_by_role("button", name="Save and continue").click()
    expect(step(page)).to_have_text("Current approach")
    choose(page, "By hand, spreadsheets")
    choose_when(page, "Impact", "It costs real money")
    choose_when(page, "Authority", "They decide and sign off themselves")
    expect(step(page)).to_have_text("Timeframe")
    page.locator("#call-notes").fill("Wants Tuesday afternoons")
    expect(page.locator("#save-status")).to_have_text("All answers saved")
    expect(page.locator('#meter [data-evidence="decision_maker"]')).to_have_text("yes")
    snap(page, "call-screen-mid-call")

    page.reload()
    live(page)
    expect(step(page)).to_have_text("Timeframe")
    expect(page.locator("#call-notes")).to_have_value("Wants Tuesday afternoons")
    expect(page.locator('#meter [data-evidence="pain"]')).to_have_text(PAIN)
    expect(page.locator('#meter [data-criterion="authority"]')).to_contain_text("decision maker")
    expect(page.locator("#meter-total")).to_have_text("6")
    trail = page.locator("#trail .trail-item")
    expect(trail).to_have_count(8)
    expect(trail.first).to_have_text("Opening")
    page.locator('[data-goto="reason"]').click()
    expect(page.locator("#answer-text")).to_have_value(PAIN)


def choose_when(page: Page, title: str, label: str) -> None:
    """Wait for the step, then pick the answer."""
    expect(step(page)).to_have_text(title)
    choose(page, label)


def test_the_whole_call_works_from_the_keyboard(page_for, users, need_lead):
    page = page_for(users["telecaller"], PASSWORD)
    live(page)
    page.keyboard.press("n")
    expect(page.locator("#lead-card")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/calls/\d+$"))
    live(page)
    page.keyboard.press("2")
    expect(step(page)).to_have_text("Gatekeeper")
    page.keyboard.press("1")
    expect(step(page)).to_have_text("Permission")
    page.keyboard.press("1")
    expect(step(page)).to_have_text("Reason")
    page.keyboard.type(PAIN)
    page.keyboard.press("Enter")
    expect(step(page)).to_have_text("Current approach")
    page.keyboard.press("Alt+ArrowLeft")
    expect(step(page)).to_have_text("Reason")
    expect(page.locator("#answer-text")).to_have_value(PAIN)
    # Typing in the answer, Backspace and Alt+Left edit the words and never step the script back.
    expect(page.locator("#answer-text")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("Backspace")
    page.keyboard.type("k")
    page.keyboard.press("Alt+ArrowLeft")
    expect(step(page)).to_have_text("Reason")
    expect(page.locator("#answer-text")).to_have_value(PAIN)
    page.keyboard.press("Escape")  # out of the field, Alt+Left steps back
    page.keyboard.press("Alt+ArrowLeft")
    expect(step(page)).to_have_text("Permission")
    expect(page.locator("#step .choice[aria-pressed=true]")).to_contain_text("Yes, go ahead")
    page.keyboard.press("1")
    expect(step(page)).to_have_text("Current approach")  # later answers were kept
    page.keyboard.press("t")
    expect(page.locator("#call-notes")).to_be_focused()
    page.keyboard.type("Uses a dialer today")
    page.keyboard.press("Escape")
    page.keyboard.press("3")
    expect(step(page)).to_have_text("Have vendor")
    expect(page.locator("#answer-text")).to_be_focused()
    page.reload()
    expect(page.locator("#call-notes")).to_have_value("Uses a dialer today")


def test_a_lead_named_like_code_shows_as_text_and_runs_nothing(page_for, users, session, campaign):
    session.add(
        Lead(
            campaign_id=campaign.id,
            first_name="<script>alert(1)</script>",
            last_name="<img src=x onerror=alert(2)>",
            company="{{ config }}",
            phone="+12125550199",
            timezone=WORKING_ZONE,
            intent="need",
        )
    )
    session.commit()
    dialogs: list[str] = []
    page = page_for(users["telecaller"], PASSWORD)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    take_lead(page)
    expect(page.locator("#lead-name")).to_contain_text("<script>alert(1)</script>")
    expect(page.locator("#lead-company")).to_have_text("{{ config }}")
    expect(page.locator("#script-words")).to_have_text("Hi, is this <script>alert(1)</script>?")
    page.keyboard.press("1")
    expect(step(page)).to_have_text("Permission")
    expect(page.locator("#script-words")).to_contain_text("Hi <script>alert(1)</script>")
    snap(page, "call-screen-xss")
    assert dialogs == []


def test_the_screen_stacks_on_a_phone(page_for, users, need_lead):
    page = page_for(users["telecaller"], PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    take_lead(page)
    lead_box = page.locator("#lead-card").bounding_box()
    step_box = page.locator("#step").bounding_box()
    meter_box = page.locator("#meter").bounding_box()
    assert lead_box["y"] < step_box["y"] < meter_box["y"]
    assert step_box["width"] > 300
    snap(page, "call-screen-phone")
