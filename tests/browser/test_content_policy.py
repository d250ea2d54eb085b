"""In Chromium: every page a role can reach works under the content security policy it is sent."""

from __future__ import annotations

import pytest
from flask import url_for
from playwright.sync_api import Page, expect

from console.web.auth import NAV
from tests.browser.pages import live, take_lead
from tests.conftest import PASSWORD
from tests.handoffs import add_lead

WATCH = """document.addEventListener("securitypolicyviolation", (e) =>
  (window.__refused = window.__refused || []).push(`${e.violatedDirective} ${e.blockedURI}`));"""


def refused(page: Page) -> list[str]:
    """What the policy refused on this page so far."""
    return page.evaluate("window.__refused || []")


def visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    live(page)
    assert refused(page) == [], path


@pytest.mark.parametrize("role", sorted(role.value for role in NAV))
def test_each_roles_pages_run_without_a_refusal(app, page_for, users, role):
    page = page_for(users[role], PASSWORD)
    page.context.add_init_script(WATCH)
    with app.test_request_context():
        paths = [url_for(endpoint) for endpoint, _ in NAV[users[role].role]]
    for path in paths:
        visit(page, path)
    assert page.context.pages[0].url  # the last page is still open and signed in


def test_the_call_screen_runs_without_a_refusal(page_for, users, session, campaign, clock):
    clock.working_hours()
    add_lead(session, campaign)
    page = page_for(users["telecaller"], PASSWORD)
    page.context.add_init_script(WATCH)
    page.reload()
    take_lead(page)
    expect(page.locator("#dial-phase")).to_have_text("Ready to call")
    assert page.locator("#dialer").evaluate("e => getComputedStyle(e).display") == "flex"
    assert refused(page) == []


def test_every_response_carries_the_policy_and_the_frame_and_type_guards(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers  # plain http in tests
