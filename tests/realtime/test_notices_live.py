"""Reminders arrive live: the app's own tick runs the due jobs, and each notice reaches its
reader's pages only; a process ticks on its own once it serves, when asked to."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlmodel import select

from console import ticker
from console.db import get_session
from console.extensions import socketio
from console.models import ScheduledJob
from console.services.jobs import JOBS
from tests.conftest import make_app, sign_in
from tests.handoffs import promise_callback


def names(client) -> list[str]:
    return [event["name"] for event in client.get_received()]


def test_a_tick_sends_the_reminder_to_its_telecaller_only(app, session, campaign, users, clock):
    clock.set(clock.working_hours(), frozen=True)
    pages = {}
    for role in ("telecaller", "sales"):
        browser = app.test_client()
        assert sign_in(browser, users[role].email).status_code == 302
        pages[role] = socketio.test_client(app, flask_test_client=browser)
        pages[role].get_received()  # the snapshot
    promise_callback(session, campaign, users["telecaller"], clock.now() + timedelta(minutes=4))
    ran = ticker.tick(app)
    assert ("callback-reminders", True) in [(one.name, one.ok) for one in ran]
    [event] = pages["telecaller"].get_received()
    assert event["name"] == "notice.posted"
    assert event["args"][0]["notice"]["kind"] == "callback_due"
    assert event["args"][0]["notice"]["recipient_id"] == users["telecaller"].id
    assert names(pages["sales"]) == []
    assert ticker.tick(app) == []  # nothing is due again within the minute
    for page in pages.values():
        page.disconnect()


def test_a_process_asked_to_tick_starts_with_its_first_request_and_stops(tmp_path):
    app: Flask = make_app(f"sqlite:///{tmp_path / 'ticks.db'}", SCHEDULER_TICK_SECONDS=0.05)
    with app.app_context():
        assert get_session().exec(select(ScheduledJob)).all() == []  # nothing at start
    app.test_client().get("/login")
    ticking = app.extensions[ticker.STARTED]
    try:
        with app.app_context():
            session = get_session()
            ran = []
            for _ in range(400):  # the ticker's thread runs the jobs; wait for its first round
                ran = session.exec(select(ScheduledJob.name)).all()
                if len(ran) == len(JOBS):
                    break
                socketio.sleep(0.05)
                session.rollback()
        assert sorted(ran) == sorted(job.name for job in JOBS)
    finally:
        ticking.stop()
    assert not ticker.start(app)  # once per app
