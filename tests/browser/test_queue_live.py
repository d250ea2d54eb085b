"""In Chromium: a lead posted through the API reaches a signed-in telecaller without a reload."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import PASSWORD, WORKING_ZONE

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours


def test_a_lead_posted_through_the_api_appears_without_a_reload(
    page_for, users, campaign, tokens, live_server
):
    page = page_for(users["telecaller"], PASSWORD)
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    expect(page.locator("[data-bucket=fresh_need] .badge")).to_have_text("0")
    page.evaluate("window.__same_document = true")
    body = {
        "campaign": "inbound",
        "first_name": "Grace",
        "last_name": "Hopper",
        "company": "Navy Labs",
        "phone": "+12025550143",
        "timezone": WORKING_ZONE,
        "form": "demo",
        "source": "website",
    }
    response = requests.post(
        f"{live_server.url}/api/v1/leads", json=body, headers=tokens["intake"], timeout=10
    )
    assert response.status_code == 201, response.text
    expect(page.locator("#live-feed .feed-item").first).to_contain_text("Grace Hopper")
    expect(page.locator("[data-bucket=fresh_need] .badge")).to_have_text("1")
    page.keyboard.press("n")
    expect(page.locator("#lead-name")).to_have_text("Grace Hopper")
    expect(page.locator("#why-next")).to_contain_text("Fresh need lead")
    assert page.evaluate("window.__same_document") is True
