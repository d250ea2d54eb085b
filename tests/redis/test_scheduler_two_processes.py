"""Two app processes ticking on one database, with Redis between them: a reminder falls due once,
is stored once, and reaches the telecaller's page whichever process ran the job."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import select

from console import clock
from console.db import get_session
from console.models import Notice, ScheduledJob, User
from console.services import campaigns
from tests.conftest import make_app
from tests.handoffs import promise_callback
from tests.live import ProcessServer
from tests.redis.conftest import live_page, login


def test_a_reminder_is_posted_once_and_reaches_the_page_through_redis(shared_env, shared_database):
    url = shared_database[0]
    ticking = {**shared_env, "SCHEDULER_TICK_SECONDS": "0.2"}
    with ProcessServer(ticking) as first, ProcessServer(ticking) as second:
        page = live_page(login(first.url, "caller@x.test"), first.url)
        heard = threading.Event()
        received: list[dict] = []

        @page.on("notice.posted")
        def on_notice(event):
            received.append(event)
            heard.set()

        try:
            app = make_app(url)
            with app.app_context():  # the promise is made while both processes tick
                session = get_session()
                caller = session.exec(select(User).where(User.email == "caller@x.test")).one()
                campaign = campaigns.create_campaign(
                    session=session, slug="inbound", name="Inbound", script_id="x"
                )
                due = clock.now() + timedelta(minutes=2)
                promise_callback(session, campaign, caller, due)
                # Time passes: the reminder job, run by the first ticks, is due again (by any
                # process's clock, which started at HANDOFF_NOW later than this one's, if set).
                due_again = clock.now() - timedelta(days=1)
                session.execute(update(ScheduledJob).values(next_run_at=due_again))
                session.commit()
            assert heard.wait(20), "no process posted the reminder to the telecaller's page"
            assert received[0]["notice"]["kind"] == "callback_due"
            assert second.process.poll() is None  # both processes ticked throughout
            with app.app_context():
                assert len(get_session().exec(select(Notice)).all()) == 1
        finally:
            page.disconnect()
    assert len(received) == 1
