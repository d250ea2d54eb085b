"""Whether a telecaller is here: their pages' live connections and their work say so, never a
button pressed hours ago.

Each app process vouches for the connections it holds every VOUCH_EVERY; a connection that closed
(the tab shut, the network dropped) still counts for GRACE, so a reload or a blip changes nothing;
one whose process stopped vouching (it died) counts until LAPSE after it was last vouched for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

VOUCH_EVERY = timedelta(seconds=15)
GRACE = timedelta(seconds=30)
LAPSE = timedelta(seconds=90)
FORGET = timedelta(days=1)  # an open connection nobody vouched for this long is gone for good


@dataclass(frozen=True)
class Seen:
    """One of a person's connections: open or not, and when it was last vouched for (a closed
    one: when it closed)."""

    is_open: bool
    seen_at: datetime


def counts(connection: Seen, now: datetime) -> bool:
    """Whether this connection still says its person is here."""
    kept_for = LAPSE if connection.is_open else GRACE
    return now - connection.seen_at < kept_for


def is_here(connections: list[Seen], state_since: datetime, on_a_call: bool, now: datetime) -> bool:
    """Whether a telecaller who is not offline stays so: a connection that counts, a live call
    (the phone line outlives the page), or a state chosen less than GRACE ago (the page that
    chose it is still connecting)."""
    if on_a_call or now - state_since < GRACE:
        return True
    return any(counts(connection, now) for connection in connections)


def forgettable(connection: Seen, now: datetime) -> bool:
    """A connection whose row can go: closed past its grace, or unvouched for a day (kept that
    long, a process that was only slow finds its rows again when it vouches)."""
    if connection.is_open:
        return now - connection.seen_at >= FORGET
    return not counts(connection, now)
