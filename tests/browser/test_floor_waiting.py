"""In Chromium: the floor lists a fresh need lead waiting for a first call, and its clock turns
amber, then red, as the app's clock moves through the campaign's speed-to-lead window; the feed
says a telecaller's pause in the server's words."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from console.realtime import publish
from console.services import accounts
from tests import handoffs
from tests.browser.pages import snap
from tests.conftest import PASSWORD


def reconnect(page: Page) -> None:
    """The page's clock follows the server's from its snapshot, sent on each (re)connect."""
    page.evaluate("handoff.socket.disconnect().connect()")


def test_a_waiting_lead_turns_amber_then_red_as_its_window_runs_out(
    page_for, users, session, campaign, working_hours, clock
):
    floor = page_for(users["lead"], PASSWORD)
    expect(floor.locator("#live-status")).to_have_attribute("data-state", "live")
    lead = handoffs.add_lead(
        session, campaign, first_name="Riley", last_name="Costa",
        company="<b>Orchardly</b> Outfitters", arrived_at=clock.now(),
    )  # fmt: skip
    publish("queue.changed", {"campaign": campaign.slug}, room=f"campaign:{campaign.id}")
    row = floor.locator(f'#waiting tr[data-lead="{lead.id}"]')
    expect(row).to_contain_text("Riley Costa · <b>Orchardly</b> Outfitters")  # text, not markup
    expect(row).to_have_attribute("data-colour", "green")
    expect(row.locator(".speed-time")).to_have_text(re.compile(r"^\d+ s$"))

    clock.advance(timedelta(minutes=31))  # past half the campaign's hour
    reconnect(floor)
    expect(row).to_have_attribute("data-colour", "amber")
    expect(row).to_have_class(re.compile(r"\btable-warning\b"))
    expect(row.locator(".speed-time")).to_have_text(re.compile(r"^31 m \d\d s$"))

    clock.advance(timedelta(minutes=30))  # past the whole hour
    reconnect(floor)
    expect(row).to_have_attribute("data-colour", "red")
    expect(row).to_have_class(re.compile(r"\btable-danger\b"))
    expect(row.locator(".speed-time")).to_have_text("1 h 01 m")
    assert floor.locator("#waiting b").count() == 0
    snap(floor, "floor-waiting-red")


def test_the_feed_says_a_pause_in_the_servers_words_once(page_for, users, session):
    floor = page_for(users["lead"], PASSWORD)
    expect(floor.locator("#live-status")).to_have_attribute("data-state", "live")
    for state, reason in (("paused", "lunch"), ("paused", "lunch"), ("available", None)):
        accounts.set_agent_state(
            session=session, user=users["telecaller"], state=state, reason=reason, publish=publish
        )
    feed = floor.locator("#live-feed .feed-item")
    expect(feed.first).to_contain_text("Telecaller Person is available")
    # Events arrive in order: the repeated pause came before, and was said once.
    expect(feed.filter(has_text="Telecaller Person is paused (lunch)")).to_have_count(1)
