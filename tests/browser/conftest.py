"""Playwright driving Debian's Chromium against the console served in this process."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.simulator import Simulator
from tests.e2e.conftest import simulated
from tests.live import ThreadServer
from tests.services import require_chromium, require_front_end

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    executable = require_chromium()
    from playwright.sync_api import expect, sync_playwright

    # A page that updates live may take a moment on a busy machine: assertions wait as long as
    # actions do (10 s) before they fail, instead of Playwright's 5 s.
    expect.set_options(timeout=10_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app):
    """The test app served over real HTTP and WebSocket, with its front-end libraries."""
    require_front_end(Path(app.config["ASSETS_DIR"]))
    with ThreadServer(app) as server:
        yield server


@pytest.fixture
def page_for(browser, live_server):
    """A fresh browser context signed in as the given user: page_for(user, password), with
    Playwright's context options if given (timezone_id="Asia/Tokyo")."""
    contexts = []

    def open_as(user, password, **context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto("/login")
        page.fill("input[name=email]", user.email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        return page

    yield open_as
    for context in contexts:
        context.close()


# Real seconds per call second: both phones ring for about a second, the lead would talk ~7 s.
SPEED = 0.15


@pytest.fixture
def simulator(app, live_server):
    """The Twilio simulator the served app talks to, calling it back at its real address."""
    simulator = Simulator(speed=SPEED, seed=3, voice_url=f"{live_server.url}/twilio/voice")
    simulator.start(port=0)
    app.config.update(simulated(live_server.url, simulator.base_url))
    app.extensions.pop("handoff.telephony", None)
    yield simulator
    simulator.stop()
