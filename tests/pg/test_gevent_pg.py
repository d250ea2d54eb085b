"""Under gevent (gunicorn.conf.py's worker) a query waiting on PostgreSQL lets the process's other
connections run: psycopg waits through the patched select once gevent has patched, not in C."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.live import ROOT

pytestmark = pytest.mark.pg

# Two greenlets, each on its own pooled connection (the app's engine), both connected before
# either sends a slow query. A greenlet notes "sent" just before its query; if waiting for the
# answer blocked the process, the second could not note it until the first had its answer.
TWO_SLOW_QUERIES = """
import sys
if sys.argv[2] == "patched":
    from gevent import monkey

    monkey.patch_all()
import gevent
import gevent.event
from sqlalchemy import text

from console.db import make_engine

engine = make_engine(sys.argv[1], pool_size=2)
order, ready, both_ready = [], [], gevent.event.Event()


def slow_query(name):
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        ready.append(name)
        if len(ready) == 2:
            both_ready.set()
        both_ready.wait()
        order.append(f"{name} sent")
        connection.execute(text("SELECT pg_sleep(0.2)"))
        order.append(f"{name} answered")


gevent.joinall([gevent.spawn(slow_query, "first"), gevent.spawn(slow_query, "second")])
engine.dispose()
print(",".join(order))
"""


def run_two_slow_queries(pg_url: str, mode: str) -> list[str]:
    """The order in which two greenlets sent their slow queries and got their answers."""
    done = subprocess.run(
        [sys.executable, "-c", TWO_SLOW_QUERIES, pg_url, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().split(",")


def test_two_slow_queries_in_two_greenlets_wait_together_once_gevent_has_patched(pg_url):
    order = run_two_slow_queries(pg_url, "patched")

    assert sorted(order[:2]) == ["first sent", "second sent"], order
    assert sorted(order[2:]) == ["first answered", "second answered"]


def test_without_the_patch_the_second_query_waits_for_the_first(pg_url):
    """The control: the same greenlets on an unpatched process queue up behind each other,
    so the test above would see it if psycopg stopped waiting cooperatively."""
    order = run_two_slow_queries(pg_url, "plain")

    one, other = order[0].split()[0], order[2].split()[0]
    assert order == [f"{one} sent", f"{one} answered", f"{other} sent", f"{other} answered"]
    assert {one, other} == {"first", "second"}
