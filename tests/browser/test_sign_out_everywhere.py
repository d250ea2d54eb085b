"""In Chromium: a page whose person signed out elsewhere, or was switched off, goes to sign-in."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from console.realtime import disconnect
from console.services import accounts
from tests.browser.pages import live
from tests.conftest import PASSWORD


def test_signing_out_in_another_tab_sends_this_page_to_sign_in(page_for, users):
    page = page_for(users["telecaller"], PASSWORD)
    live(page)
    other = page.context.new_page()
    other.goto("/queue")
    other.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_a_switched_off_telecallers_page_goes_to_sign_in_at_once(page_for, users, session):
    page = page_for(users["telecaller"], PASSWORD)
    live(page)
    accounts.set_active(
        session=session,
        user_id=users["telecaller"].id,
        active=False,
        actor=users["admin"],
        disconnect=disconnect,
    )
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
