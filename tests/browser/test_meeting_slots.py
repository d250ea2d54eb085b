"""In Chromium, a telecaller books the meeting by clicking one of the rep's free times."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from console.models import Meeting
from tests.browser.pages import snap
from tests.browser.test_handoff_loop import lead, on_the_phone, walk_the_script  # noqa: F401
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("working_hours", "on_the_phone")]


def test_a_telecaller_books_by_clicking_a_free_time(page_for, users, lead, session):  # noqa: F811
    caller = page_for(users["telecaller"], PASSWORD)
    walk_the_script(caller)
    form = caller.locator("#wrap-up-form")
    expect(form.locator("#wu-next-meeting")).to_be_checked()
    slots = form.locator("#wu-slots")
    expect(slots.locator("button.slot").first).to_be_visible()
    expect(slots).to_contain_text("(lead) ·")
    slot = slots.locator("div").nth(1).locator("button.slot").first  # the next day's first
    date, time = slot.get_attribute("data-date"), slot.get_attribute("data-time")
    words = slot.get_attribute("title")
    assert "(rep), with Sales Person" in words

    slot.click()

    expect(slot).to_have_attribute("aria-pressed", "true")
    expect(form.locator("#wu-meeting-date")).to_have_value(date)
    expect(form.locator("#wu-meeting-time")).to_have_value(time)
    expect(caller.locator("#wu-decision-word")).to_have_text("handoff")
    snap(caller, "slot-picked")
    caller.locator("#wu-save").click()
    expect(caller.locator("#wu-result")).to_contain_text("Outcome saved")

    session.expire_all()
    [meeting] = session.exec(select(Meeting)).all()
    chosen = datetime.fromisoformat(f"{date}T{time}").replace(tzinfo=ZoneInfo(lead.timezone))
    assert meeting.starts_at == chosen
    assert meeting.sales_rep_id == users["sales"].id


def test_saving_a_meeting_without_a_time_says_so_in_a_sentence(page_for, users, lead):  # noqa: F811
    caller = page_for(users["telecaller"], PASSWORD)
    walk_the_script(caller)
    caller.locator("#wu-save").click()
    expect(caller.locator("#wu-errors")).to_have_text(
        "Choose a time: the meeting needs a date and start time."
    )
