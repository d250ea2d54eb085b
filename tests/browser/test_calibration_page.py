"""In Chromium: the calibration page draws its curve and its tables."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from console.demo_population import DEMO_PASSWORD
from console.services import accounts, calibration_lab
from console.wiring import script_library
from tests.conftest import PASSWORD


def test_the_calibration_page_draws_the_curve_and_the_tables(page_for, users, session):
    weights = calibration_lab.parse_truth("need=2,authority=2")
    calibration_lab.run(session=session, library=script_library(), weights=weights, leads=60)
    page = page_for(users["lead"], PASSWORD)
    expect(page.get_by_role("heading", name="The floor")).to_be_visible()
    page.get_by_role("link", name="Calibration").click()
    page.get_by_role("link", name="Calibration lab").click()
    canvas = page.locator("#calibration-curve")
    expect(canvas).to_have_attribute("data-drawn", re.compile(r"^[1-9]\d*$"))
    assert page.evaluate("Chart.getChart('calibration-curve').data.datasets.length") >= 3
    expect(page.locator("#score-rates tbody tr")).to_have_count(12)
    expect(page.locator("#answer-rates tbody tr").first).to_be_visible()
    expect(page.locator("#ranking-accepted tbody tr")).to_have_count(4)
    expect(page.locator("#suggested-rule")).to_contain_text("Suggested")


def test_a_suggested_change_shows_its_replay_and_waits_for_sales(page_for, users, session):
    weights = calibration_lab.parse_truth("need=2,authority=2")
    calibration_lab.run(session=session, library=script_library(), weights=weights, leads=60)
    page = page_for(users["lead"], PASSWORD)
    expect(page.get_by_role("heading", name="The floor")).to_be_visible()
    page.goto(f"/calibration/{calibration_lab.SLUG}")
    page.locator("#propose-suggested").click()
    expect(page.get_by_role("heading", name="The handoff rule")).to_be_visible()
    page.get_by_role("button", name="Replay this rule").click()
    replay = page.locator("#rule-replay")
    expect(replay).to_contain_text("replayed through this rule")
    expect(replay).to_contain_text("lost")
    page.get_by_role("button", name="Propose this change to sales").click()
    waiting = page.locator("#pending-proposal")
    expect(waiting).to_contain_text("Waiting for sales to agree")
    expect(waiting).to_contain_text("It takes effect when a sales rep on this campaign agrees")
    expect(page.locator("#agree-change")).to_have_count(0)
    rep = accounts.user_by_email(session=session, email="lab.sales@demo.test")
    sales = page_for(rep, DEMO_PASSWORD)
    expect(sales.get_by_role("heading", name="My meetings")).to_be_visible()
    sales.get_by_role("link", name="Handoff rules").click()
    expect(sales.locator("table")).to_contain_text("a change proposed by Lead Person")
    sales.goto(f"/rules/{calibration_lab.SLUG}")
    expect(sales.locator("#proposal-replay")).to_contain_text("would have handed off")
    sales.locator("#agree-change").click()
    expect(sales.locator("#rule-history")).to_contain_text(
        "Proposed by Lead Person, agreed by Lab Sales Rep"
    )
