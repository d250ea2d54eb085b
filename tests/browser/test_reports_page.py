"""In Chromium: the Reports page draws its four charts from the server's figures and downloads
each table as CSV."""

from __future__ import annotations

import csv
import json

from playwright.sync_api import expect

from tests.browser.pages import snap
from tests.conftest import PASSWORD
from tests.handoffs import add_lead, book_meeting

CHARTS = ("chart-funnel", "chart-trend", "chart-speed", "chart-rejections")


def test_the_reports_page_draws_its_charts_and_downloads_its_tables(
    page_for, users, session, campaign, working_hours
):
    book_meeting(session, add_lead(session, campaign), users["telecaller"])
    page = page_for(users["lead"], PASSWORD)
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    for chart in CHARTS:
        expect(page.locator(f"canvas#{chart}")).to_have_attribute("data-drawn", "true")
    drawn = page.evaluate(
        "() => Chart.getChart('chart-funnel').data.datasets[0].data"
    )  # what Chart.js holds is what the server sent
    sent = json.loads(page.locator("#report-charts").text_content())
    assert drawn == sent["funnel"]["counts"] and 1 in drawn
    box = page.locator("canvas#chart-funnel").bounding_box()
    assert box["width"] > 100 and box["height"] > 50
    snap(page, "reports")
    with page.expect_download() as downloading:
        page.locator("#table-telecallers").get_by_role("link", name="Download CSV").click()
    download = downloading.value
    assert download.suggested_filename.startswith("telecallers-")
    with open(download.path(), newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:2] == ["Telecaller", "Accepted"]
    assert [row[0] for row in rows[1:]] == ["Telecaller Person", "Team"]


def test_a_telecaller_opens_my_figures_from_the_navigation(page_for, users):
    page = page_for(users["telecaller"], PASSWORD)
    page.get_by_role("link", name="My figures").click()
    expect(page.get_by_role("heading", name="My figures")).to_be_visible()
    expect(page.locator("canvas#chart-trend")).to_have_attribute("data-drawn", "true")
