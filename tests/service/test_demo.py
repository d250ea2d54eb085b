"""`handoff demo`: the seeded team, campaigns, leads and history are whole, lawful, repeatable."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from console.db import make_engine
from console.demo_population import DEMO_PASSWORD, staff
from console.models import (
    AgentStateEvent,
    Call,
    Callback,
    Campaign,
    CampaignMember,
    DncEntry,
    Lead,
    LeadTouch,
    Meeting,
    MeetingReview,
    Outcome,
    Team,
    User,
)
from console.services import accounts, demo

NOW = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)  # a Wednesday afternoon in New York


def fresh_session(path) -> Session:  # noqa: ANN001
    """A session on a new SQLite database with every table created."""
    engine = make_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    return Session(engine, expire_on_commit=False)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Iterator[Session]:
    """One demo database, seeded once and only read by the tests that share it."""
    with fresh_session(tmp_path_factory.mktemp("demo") / "demo.db") as session:
        demo.seed(session=session, now=NOW)
        yield session


def count(session: Session, model: type[SQLModel], *where: object) -> int:
    """Rows of a table, optionally filtered."""
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def digest(session: Session) -> str:
    """A fingerprint of every row of every table, secrets left out (salted or random by design)."""
    fingerprint = hashlib.sha256()
    for table in SQLModel.metadata.sorted_tables:
        columns = [c for c in table.columns if c.name not in ("password_hash", "session_secret")]
        rows = session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        fingerprint.update(f"{table.name}:{rows!r}".encode())
    return fingerprint.hexdigest()


@pytest.mark.parametrize(
    ("model", "low", "high"),
    [
        (User, 8, 8),
        (Team, 2, 2),
        (Campaign, 2, 2),
        (CampaignMember, 12, 12),
        (Lead, 300, 300),
        (LeadTouch, 300, 300),
        (Call, 250, 700),
        (Outcome, 250, 700),
        (Meeting, 15, 25),
        (MeetingReview, 20, 80),
        (Callback, 4, 12),
        (DncEntry, 1, 12),
        (AgentStateEvent, 40, 100),
    ],
)
def test_each_table_holds_a_believable_number_of_rows(seeded, model, low, high):
    assert low <= count(seeded, model) <= high


@pytest.mark.parametrize("login", staff(), ids=lambda login: login.email)
def test_every_demo_login_signs_in_with_the_published_password(seeded, login):
    user = accounts.authenticate(session=seeded, email=login.email, password=DEMO_PASSWORD)
    assert user is not None and user.role == login.role


def test_seeding_an_occupied_database_with_if_empty_changes_nothing(session):
    demo.seed(session=session, now=NOW)
    before = digest(session)
    report = demo.seed(session=session, if_empty=True, now=NOW + timedelta(days=1))
    assert report.startswith(demo.ALREADY)
    assert "caller1@demo.test (telecaller)" in report
    assert digest(session) == before


def test_the_report_lists_every_login_and_a_second_seed_refuses_to_double(session):
    report = demo.seed(session=session, now=NOW)
    assert "Seeded the demo (seed 7)" in report
    assert "  admin@demo.test (admin)" in report.splitlines()
    assert "  lead@demo.test (team lead)" in report.splitlines()
    assert all(login.email in report for login in staff())
    assert demo.seed(session=session, now=NOW).startswith(demo.ALREADY)
    assert count(session, Lead) == 300


def test_reset_replaces_everything_with_the_new_seed(session):
    demo.seed(session=session, seed=7, now=NOW)
    still_loaded = session.exec(select(Lead)).all()  # noqa: F841 - old rows held in the session
    demo.seed(session=session, seed=8, reset=True, now=NOW)
    ids = session.exec(select(Lead.external_id)).all()
    assert len(ids) == 300 and all(external_id.startswith("demo-8-") for external_id in ids)
    assert count(session, User) == 8 and count(session, Campaign) == 2


def test_the_same_seed_and_clock_give_identical_rows(session, tmp_path):
    random.seed(1)  # the global RNG differs between runs and must not matter
    demo.seed(session=session, now=NOW)
    random.seed(2)
    with fresh_session(tmp_path / "twin.db") as twin:
        demo.seed(session=twin, now=NOW)
        assert digest(twin) == digest(session)


def test_a_failed_seed_writes_nothing(session, monkeypatch):
    def broken(**_: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "plant_history", broken)
    with pytest.raises(RuntimeError):
        demo.seed(session=session, now=NOW)
    assert count(session, User) == 0 and count(session, Lead) == 0


@pytest.mark.parametrize(
    "status", ["booked", "accepted", "rejected", "held", "no_show", "opportunity", "won"]
)
def test_meetings_reach_every_stage_of_the_review_loop(seeded, status):
    assert count(seeded, Meeting, Meeting.status == status) >= 1


def test_some_booked_meetings_are_overdue_for_review_and_some_are_not(seeded):
    booked = seeded.exec(select(Meeting).where(Meeting.status == "booked")).all()
    assert {meeting.review_due_at < NOW for meeting in booked} == {True, False}


def test_sales_accepts_most_handoffs_and_rejects_only_for_agreed_reasons(seeded):
    reviews = seeded.exec(
        select(MeetingReview).where(MeetingReview.action.in_(["accept", "reject"]))
    )
    verdicts = Counter((review.action, review.reason) for review in reviews)
    accepted = verdicts[("accept", None)]
    assert 0.75 <= accepted / sum(verdicts.values()) <= 0.95
    assert {reason for action, reason in verdicts if action == "reject"} == {
        "definitional",
        "clerical",
        "procedural",
    }
    overturned = seeded.exec(select(MeetingReview).where(MeetingReview.reason == "definitional"))
    assert all(review.overturned == ["authority"] for review in overturned)


def test_won_meetings_carry_an_amount(seeded):
    won = seeded.exec(select(Meeting).where(Meeting.status == "won")).all()
    assert won and all(meeting.amount_cents and meeting.amount_cents > 0 for meeting in won)


def test_every_handoff_outcome_booked_one_meeting(seeded):
    handoffs = seeded.exec(select(Outcome).where(Outcome.decision == "handoff")).all()
    meetings = seeded.exec(select(Meeting)).all()
    assert sorted(o.id for o in handoffs) == sorted(m.outcome_id for m in meetings)


def test_no_lead_left_unattempted_has_calls(seeded):
    dialled = Counter(seeded.exec(select(Call.lead_id)).all())
    for lead in seeded.exec(select(Lead)):
        assert dialled[lead.id] == lead.attempts


def test_the_newest_need_leads_wait_undialled_in_the_queue(seeded):
    fresh = seeded.exec(select(Lead).where(Lead.arrived_at > NOW - timedelta(hours=1))).all()
    assert len(fresh) >= 10
    assert all(lead.attempts == 0 and lead.status == "queued" for lead in fresh)
    assert any(lead.intent == "need" for lead in fresh)


def test_do_not_call_leads_are_on_the_do_not_call_list(seeded):
    blocked = set(seeded.exec(select(DncEntry.phone)).all())
    dnc_leads = seeded.exec(select(Lead).where(Lead.status == "dnc")).all()
    assert dnc_leads and {lead.phone for lead in dnc_leads} == blocked
    assert all(lead.dnc for lead in dnc_leads)


def test_calls_are_made_inside_weekday_calling_hours_of_the_lead(seeded):
    zones = dict(seeded.exec(select(Lead.id, Lead.timezone)).all())
    for call in seeded.exec(select(Call)):
        local = call.started_at.astimezone(ZoneInfo(zones[call.lead_id].split()[0]))
        assert local.weekday() < 5 and 9 <= local.hour < 20, (call.id, local)
        assert call.ended_at < NOW


def test_about_a_third_of_dials_reach_someone(seeded):
    outcomes = seeded.exec(select(Outcome.flags)).all()
    contacted = sum("contacted" in flags for flags in outcomes)
    assert 0.2 <= contacted / len(outcomes) <= 0.45


def test_open_callbacks_are_personal_and_shared_and_some_are_due_now(seeded):
    caller1 = seeded.exec(select(User).where(User.email == "caller1@demo.test")).one()
    callbacks = seeded.exec(select(Callback).where(Callback.done_at.is_(None))).all()
    assert any(callback.owner_id == caller1.id for callback in callbacks)
    assert any(callback.owner_id is None for callback in callbacks)
    assert any(callback.due_at <= NOW for callback in callbacks)
    leads = {
        lead.id: lead for lead in seeded.exec(select(Lead).where(Lead.callback_at.is_not(None)))
    }
    assert {(c.lead_id, c.due_at) for c in callbacks} == {
        (lead.id, lead.callback_at) for lead in leads.values()
    }


def test_twilio_sids_look_like_twilio_call_sids(seeded):
    sids = seeded.exec(select(Call.twilio_sid)).all()
    assert all(sid.startswith("CA") and len(sid) == 34 for sid in sids)
    assert len(set(sids)) == len(sids)


def test_no_florida_lead_gets_more_than_three_calls_in_a_day(seeded):
    florida = select(Call.lead_id, Call.started_at).join(Lead).where(Lead.region == "FL")
    calls: dict[int, list[datetime]] = {}
    for lead_id, started_at in seeded.exec(florida):
        calls.setdefault(lead_id, []).append(started_at)
    assert calls
    for starts in calls.values():
        for start in starts:
            assert sum(start <= other < start + timedelta(days=1) for other in starts) <= 3
