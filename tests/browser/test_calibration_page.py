"""In Chromium: the calibration page draws its curve and its tables."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from console.services import calibration_lab
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
