"""In Chromium: a lead a telecaller takes shows on the floor live; the team lead hands it on and
the telecaller who gets it is told live."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from console.realtime import publish
from console.services import accounts, campaign_people, queue
from tests import handoffs
from tests.browser.pages import live, snap
from tests.conftest import PASSWORD, WORKING_ZONE, at_work

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours


def test_a_team_lead_sees_a_taken_lead_live_and_hands_it_on(page_for, users, campaign, session):
    grace = accounts.create_user(
        session=session, email="grace@example.test", name="Grace Hopper", role="telecaller",
        password=PASSWORD,
    )  # fmt: skip
    campaign_people.add_members(session=session, campaign=campaign, users=[grace])
    at_work(session, grace)
    lead = handoffs.add_lead(session, campaign, last_name="Byrne", timezone=WORKING_ZONE)
    graces_queue = page_for(grace, PASSWORD)
    live(graces_queue)
    page = page_for(users["lead"], PASSWORD)
    live(page)
    held = page.locator("#held-leads")
    expect(held).to_contain_text("Nobody holds a lead right now.")
    page.evaluate("window.__loaded = true")
    assert queue.claim_next(session=session, agent=users["telecaller"], publish=publish).lead
    row = held.locator(f"tr[data-lead='{lead.id}']")
    expect(row).to_contain_text("Telecaller Person")
    assert page.evaluate("window.__loaded") is True  # it arrived live, without a reload
    snap(page, "floor-held")
    row.get_by_label("Hand to").select_option(label="Grace Hopper")
    row.get_by_role("button", name="Hand over").click()
    expect(page.locator(".alert-success")).to_contain_text("Ada Byrne is now with Grace Hopper.")
    expect(held.locator(f"tr[data-lead='{lead.id}']")).to_contain_text("Grace Hopper")
    expect(graces_queue.locator("#live-feed")).to_contain_text("Lead Person handed you Ada Byrne")
    session.refresh(lead)
    assert lead.lease_owner_id == grace.id
