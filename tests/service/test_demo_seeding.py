"""Seeding the demo: once, the same for the same seed and minute, ending at the clock's minute,
giving the clock back, leaving nothing behind when it fails. A small crowd of leads shows each."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from console import clock as app_clock
from console.db import get_session
from console.demo_population import staff
from console.models import (
    AgentStateEvent,
    Call,
    CallEvent,
    Campaign,
    Lead,
    MeetingReview,
    Outcome,
    User,
)
from console.services import demo, outcomes
from tests.conftest import make_app, seed_demo

SMALL = 40  # leads


def count(session: Session, model: type[SQLModel]) -> int:
    """Rows of a table."""
    return session.exec(select(func.count()).select_from(model)).one()


def digest(session: Session) -> str:
    """A fingerprint of every row of every table, password hashes left out (they are salted)."""
    fingerprint = hashlib.sha256()
    for table in SQLModel.metadata.sorted_tables:
        secret = ("password_hash", "session_secret")  # salted or random by design
        columns = [column for column in table.columns if column.name not in secret]
        rows = session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        fingerprint.update(f"{table.name}:{rows!r}".encode())
    return fingerprint.hexdigest()


def test_the_same_seed_and_minute_give_identical_rows(clock, tmp_path):
    minute = clock.now().replace(second=0, microsecond=0)
    digests = []
    for twin, second in (("one", 3), ("two", 41), ("other-seed", 3)):
        clock.set(minute + timedelta(seconds=second), frozen=True)  # as a command starting late
        random.seed(twin)  # the global generator differs between runs and must not matter
        with make_app(f"sqlite:///{tmp_path / twin}.db").app_context():
            seed_demo(get_session(), leads=SMALL, seed=8 if twin == "other-seed" else 7)
            digests.append(digest(get_session()))
    assert digests[0] == digests[1] != digests[2]


def test_the_history_ends_at_the_clocks_minute_and_the_clock_is_given_back(clock, session):
    at = clock.now()
    clock.set(at, frozen=True)
    seed_demo(session, leads=SMALL)
    assert app_clock.current() is clock and clock.now() == at
    at = at.replace(second=0, microsecond=0)
    moments = [
        select(func.max(Lead.arrived_at)),
        select(func.max(Call.ended_at)),
        select(func.max(CallEvent.received_at)),
        select(func.max(Outcome.created_at)),
        select(func.max(AgentStateEvent.at)),
        select(func.max(MeetingReview.created_at)),
    ]
    latest = [session.exec(moment).one() for moment in moments]
    assert all(moment is None or moment <= at for moment in latest)
    assert session.exec(select(func.min(User.created_at))).one() < at - demo.SETUP_AGO / 2


def test_seeding_an_occupied_database_with_if_empty_changes_nothing(clock, session):
    clock.set(clock.now(), frozen=True)
    seed_demo(session, leads=SMALL)
    before = digest(session)
    report = seed_demo(session, if_empty=True, leads=SMALL)
    assert report.startswith(demo.ALREADY) and "caller1@demo.test (telecaller)" in report
    assert digest(session) == before
    assert seed_demo(session, leads=SMALL).startswith(demo.ALREADY)
    assert count(session, Lead) == SMALL


def test_reset_replaces_everything_with_the_new_seed(clock, session):
    clock.set(clock.now(), frozen=True)
    seed_demo(session, seed=7, leads=SMALL)
    still_loaded = session.exec(select(Lead)).all()  # noqa: F841 - old rows held in the session
    report = seed_demo(session, seed=8, reset=True, leads=SMALL)
    assert report.startswith(f"Seeded the demo (seed 8): 8 users, 2 campaigns, {SMALL} leads")
    ids = session.exec(select(Lead.external_id)).all()
    assert len(ids) == SMALL and all(external_id.startswith("demo-8-") for external_id in ids)
    assert count(session, User) == len(staff()) and count(session, Campaign) == 2


def test_a_failed_seed_writes_nothing_and_gives_the_clock_back(clock, session, monkeypatch):
    clock.set(clock.now(), frozen=True)

    def broken(**_: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(outcomes, "record_outcome", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        seed_demo(session, leads=SMALL)
    assert app_clock.current() is clock
    assert count(session, User) == 0 and count(session, Lead) == 0 and count(session, Call) == 0
