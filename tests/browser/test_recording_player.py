"""In Chromium: the packet's player streams the recording through the app, and says why not."""

from __future__ import annotations

import re
import socket

import pytest
from playwright.sync_api import expect

from console import clock
from console.simulator import Simulator
from console.simulator.calls import Recording
from console.simulator_account import SIM_ACCOUNT_SID, SIM_AUTH_TOKEN
from tests.conftest import PASSWORD
from tests.handoffs import add_lead, book_meeting

# Whether the player has the audio's length within 10 s (a promise, evaluated without eval: the
# page's content security policy rightly forbids it, and Playwright's wait_for_function uses it).
LOADED = """audio => new Promise(done => {
  if (audio.duration > 0) return done(true);
  audio.addEventListener("loadedmetadata", () => done(audio.duration > 0));
  setTimeout(() => done(false), 10000);
})"""


@pytest.fixture
def simulator(app):
    """The Twilio simulator holding the recordings the served app fetches."""
    simulator = Simulator(speed=0.001, seed=11)
    simulator.start(port=0)
    app.config.update(
        TWILIO_API_BASE=simulator.base_url,
        TWILIO_ACCOUNT_SID=SIM_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=SIM_AUTH_TOKEN,
    )
    app.extensions.pop("handoff.telephony", None)
    yield simulator
    simulator.stop()


def twilio_away(app) -> None:
    """Point the app at a port nobody listens on, as when Twilio cannot be reached."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config["TWILIO_API_BASE"] = f"http://127.0.0.1:{port}"
    app.extensions.pop("handoff.telephony", None)


def load(page) -> None:
    """What pressing play does first: fetch the audio (the player starts with preload none)."""
    page.locator("#recording").evaluate("audio => { audio.preload = 'auto'; audio.load(); }")


def test_sales_hears_the_recording_from_the_app_and_is_told_why_when_twilio_is_away(
    app, page_for, users, session, campaign, simulator
):
    sid = simulator.new_sid("RE")  # a recording the simulator made of a 3-second conversation
    simulator.calls.add_recording(
        Recording(sid, simulator.new_sid("CA"), 3, 2, "DialVerb", clock.now())
    )
    lead = add_lead(session, campaign)
    meeting = book_meeting(session, lead, users["telecaller"], recording_sid=sid)
    page = page_for(users["sales"], PASSWORD)
    page.goto(f"/meetings/{meeting.id}")
    player = page.locator("#recording")
    expect(player).to_have_attribute("src", re.compile(r"^/api/v1/calls/\d+/recording$"))
    load(page)
    assert player.evaluate(LOADED), "the recording did not load"
    expect(page.locator("#recording-problem")).to_be_hidden()
    twilio_away(app)
    page.reload()
    load(page)
    expect(page.locator("#recording-problem")).to_have_text(
        "The recording could not be fetched: Twilio did not answer. Try again soon."
    )
