"""`handoff demo`: the demo team, campaigns, leads and weeks of history, made by the real services.

The history is replayed, not written: on a clock held still and moved forward between steps,
the team is created, leads arrive through intake, telecallers work the queue and record outcomes,
and sales reviews the meetings, each through the service a person's click would call. It ends at
the start of the minute the clock showed when the demo began, so the moments a command takes to
start change nothing. The replay has a connection of its own whose commits do not wait for the
disk (nothing but the demo is lost if the machine stops), and a seed that fails part way
removes every row it added.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from console import clock
from console.clock import Clock
from console.demo_population import DEMO_PASSWORD, arrival, campaigns, population, staff
from console.models import (
    Call,
    Callback,
    Campaign,
    DncEntry,
    Lead,
    Meeting,
    MeetingReview,
    User,
    report_days,
)
from console.services.call_connect import Webhooks
from console.services.demo_floor import Floor, open_floor
from console.services.demo_line import Line
from console.services.demo_replay import Replay
from console.services.demo_sales import Sales
from console.services.demo_team import hire, open_campaigns, quiet
from console.services.scripting import Library
from console.telephony.port import Telephony

ALREADY = "Demo data already present; use `handoff demo --reset` to start over."
# How a connection commits without waiting for the disk: (read the setting, set it, put it back).
QUICK = {
    True: ("PRAGMA synchronous", "PRAGMA synchronous=NORMAL", "PRAGMA synchronous={was}"),
    False: (None, "SET synchronous_commit = off", "RESET synchronous_commit"),
}
LEAD_COUNT = 300
SETUP_AGO = timedelta(days=60)  # staff and campaigns predate the six weeks of leads
DEVELOPMENT_BASE = "http://127.0.0.1:5000"  # the callbacks' address without PUBLIC_BASE_URL
Wiring = tuple[Telephony, Webhooks, Library]  # what the replayed calls go through


def seed(
    *,
    session: Session,
    telephony: Telephony,
    library: Library,
    public_base: str | None = None,
    seed: int = 7,
    reset: bool = False,
    if_empty: bool = False,
    now: datetime | None = None,
    leads: int = LEAD_COUNT,
) -> str:
    """Replay the demo's history up to `now` (the clock's now, to the minute); what was made and
    the logins.

    `reset` empties every table first; `if_empty` does nothing once anyone has an account, and
    without `reset` an existing demo is left alone rather than doubled. `leads` sizes the crowd.
    The calls go through `telephony` with callbacks to `public_base` (PUBLIC_BASE_URL; the
    development port when unset) and walk the scripts of `library`.
    """
    now = now or clock.now()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    # From the start of its minute, so the moments a command takes to start change nothing.
    now = now.replace(second=0, microsecond=0)
    if (if_empty and session.exec(select(User.id)).first() is not None) or (
        not reset and _demo_present(session)
    ):
        return "\n".join([ALREADY, *logins()])
    wiring = (telephony, Webhooks(public_base or DEVELOPMENT_BASE), library)
    session.rollback()  # the replay writes on a connection of its own
    with quick_commits(session.get_bind()) as replayed:
        if reset:
            _wipe(replayed)
        marks = _marks(replayed)
        try:
            _replay(replayed, seed, now, leads, wiring)
        except BaseException:
            replayed.rollback()
            _undo(replayed, marks)
            raise
        summary = _summary(replayed, seed)
    session.expire_all()
    return "\n".join([summary, *logins()])


def logins() -> list[str]:
    """The demo logins, one per line, with the shared password."""
    lines = [f"Demo logins (password: {DEMO_PASSWORD}):"]
    return lines + [f"  {user.email} ({user.role.label.lower()})" for user in staff()]


@contextmanager
def quick_commits(engine: Engine) -> Iterator[Session]:
    """A session on a connection of its own whose commits do not wait for the disk to flush."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        was = connection.exec_driver_sql(QUICK[sqlite][0]).scalar() if sqlite else None
        connection.exec_driver_sql(QUICK[sqlite][1])
        connection.commit()
        try:
            with Session(bind=connection, expire_on_commit=False) as replayed:
                yield replayed
        finally:
            connection.rollback()
            connection.exec_driver_sql(QUICK[sqlite][2].format(was=was))
            connection.commit()


def _demo_present(session: Session) -> bool:
    emails = [user.email for user in staff()]
    slugs = [spec.slug for spec in campaigns()]
    return (
        session.exec(select(User.id).where(User.email.in_(emails))).first() is not None
        or session.exec(select(Campaign.id).where(Campaign.slug.in_(slugs))).first() is not None
    )


def _marks(session: Session) -> dict[str, int]:
    """The highest id in each table before the replay adds to it."""
    return {
        table.name: session.execute(select(func.max(table.c.id))).scalar() or 0
        for table in SQLModel.metadata.sorted_tables
        if "id" in table.c
    }


def _undo(session: Session, marks: dict[str, int]) -> None:
    """Delete every row added since `marks` (children first), after a seed failed part way."""
    for table in reversed(SQLModel.metadata.sorted_tables):
        if "id" in table.c:
            added = table.c.id > marks[table.name]
        else:  # a link table: its rows added are those linking a row added
            added = or_(*(key.parent > marks[key.column.table.name] for key in table.foreign_keys))
        session.execute(table.delete().where(added))
    report_days.rebuild(session)  # the rows deleted here passed no flush: count afresh
    session.commit()


def _wipe(session: Session) -> None:
    # Children before parents, so foreign keys hold at every step of the same transaction.
    for table in reversed(SQLModel.metadata.sorted_tables):
        session.execute(table.delete())
    session.commit()


def _replay(session: Session, seed: int, now: datetime, leads: int, wiring: Wiring) -> None:
    """The team set up two months before now, then six weeks of leads and work, up to now."""
    held = Clock((now - SETUP_AGO).replace(microsecond=0), frozen=True)
    previous = clock.use(held)
    try:
        floor = _set_up(session, Replay(held), seed, now, wiring)
        people = sorted(
            ((arrival(person, now), person) for person in population(seed, leads)),
            key=lambda pair: (pair[0], pair[1].external_id),
        )
        # Held here, the zones stay in zoneinfo's cache instead of being read again per claim.
        zones = [ZoneInfo(zone) for zone in {person.timezone for _, person in people}]
        open_floor(floor, people, since=people[0][0] if people else now)
        floor.replay.run()
        del zones
    finally:
        clock.use(previous)


def _set_up(session: Session, replay: Replay, seed: int, now: datetime, wiring: Wiring) -> Floor:
    """The staff and campaigns, made now, and the floor they will work on."""
    users = hire(session)
    reps = {user.id: user for user in users.values()}
    telephony, webhooks, library = wiring
    return Floor(
        session=session,
        replay=replay,
        seed=seed,
        end=now,
        # The provider as the webhooks see it: the app's Twilio adapter and callback URLs.
        line=Line(session, telephony, webhooks, quiet),
        library=library,
        users=users,
        campaigns=open_campaigns(session, users),
        sales=Sales(session, replay, seed, now, reps),
    )


def _summary(session: Session, seed: int) -> str:
    def count(model: type[SQLModel], *where: object) -> int:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()

    parts = [
        f"{count(User)} users",
        f"{count(Campaign)} campaigns",
        f"{count(Lead)} leads",
        f"{count(Call)} calls",
        f"{count(Meeting)} meetings ({count(MeetingReview)} reviews)",
        f"{count(Callback, Callback.done_at.is_(None))} open callbacks",
        f"{count(DncEntry)} do-not-call numbers",
    ]
    return f"Seeded the demo (seed {seed}): " + ", ".join(parts) + "."
