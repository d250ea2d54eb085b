"""In Chromium: each role signs in, lands on its home page and sees live events without a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from console.realtime import publish
from console.services import accounts
from tests.conftest import PASSWORD

HOMES = {
    "telecaller": ("/queue", "My queue"),
    "lead": ("/floor", "The floor"),
    "sales": ("/meetings", "My meetings"),
    "admin": ("/setup", "Setup"),
}


@pytest.mark.parametrize("role", HOMES)
def test_each_role_signs_in_and_a_live_event_arrives_without_a_reload(page_for, users, role):
    path, heading = HOMES[role]
    page = page_for(users[role], PASSWORD)
    expect(page).to_have_url(f"{page.url.split(path)[0]}{path}")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    page.evaluate("window.__loaded = true")
    me = accounts.agent_card(users[role])  # a real event, to this user's room only
    publish("agent.state", accounts.agent_event(users[role]), room=f"user:{users[role].id}")
    expect(page.locator("#live-feed .feed-item").first).to_contain_text(f"{me['name']} is")
    assert page.evaluate("window.__loaded") is True  # same document: no reload happened


def test_the_floor_updates_when_a_telecaller_goes_on_a_break(page_for, users, session):
    page = page_for(users["lead"], PASSWORD)
    row = page.locator(f"#floor tr[data-agent='{users['telecaller'].id}']")
    expect(row).to_contain_text("available")  # the users fixture puts them to work
    accounts.set_agent_state(
        session=session, user=users["telecaller"], state="paused", reason="lunch", publish=publish
    )
    expect(row).to_contain_text("paused (lunch)")


def test_a_telecaller_changes_state_with_a_click(page_for, users):
    page = page_for(users["telecaller"], PASSWORD)
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    page.get_by_role("button", name="Available").click()
    expect(page.locator("#my-state")).to_have_attribute("data-state", "available")
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Coaching").click()
    expect(page.locator("#my-state")).to_contain_text("coaching")


def test_a_telecaller_is_shown_a_clear_403_on_an_admin_page(page_for, users, live_server):
    page = page_for(users["telecaller"], PASSWORD)
    expect(page.get_by_role("heading", name="My queue")).to_be_visible()
    response = page.goto("/setup")
    assert response.status == 403
    expect(page.locator("#error-message")).to_contain_text("Your role does not give access")
