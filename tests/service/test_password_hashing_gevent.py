"""Under gevent one thread serves every page of a process: a password hash (scrypt, CPU-bound)
runs in gevent's native threads, so the other connections keep being served meanwhile."""

from __future__ import annotations

import subprocess
import sys

from tests.live import ROOT

# A greenlet counts while another hashes a password and checks it. If the hash ran on the
# process's one thread, the counter could not move between "hashing" and "hashed".
COUNT_WHILE_HASHING = """
import sys
if sys.argv[1] == "patched":
    from gevent import monkey

    monkey.patch_all()
import gevent

from console import passwords

ticks, hashing = [0], [True]


def count():
    while hashing[0]:
        ticks[0] += 1
        gevent.sleep(0)


counter = gevent.spawn(count)
gevent.sleep(0)
before = ticks[0]
digest = passwords.hash_password("a long enough passphrase")
matches = passwords.password_matches(digest, "a long enough passphrase")
during = ticks[0] - before
hashing[0] = False
counter.join()
print(during, matches)
"""


def ticks_while_hashing(mode: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", COUNT_WHILE_HASHING, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    during, matches = done.stdout.split()
    return int(during), matches


def test_other_greenlets_run_while_a_password_is_hashed_under_gevent():
    during, matches = ticks_while_hashing("patched")

    assert matches == "True"
    assert during > 0


def test_with_threads_the_hash_runs_in_the_callers_thread():
    """The control: unpatched, the hash runs where it is called (its thread is the caller's), so
    the counter stands still; the test above would see a hash that blocked the hub."""
    during, matches = ticks_while_hashing("plain")

    assert matches == "True"
    assert during == 0
