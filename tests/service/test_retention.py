"""Retention: leads untouched for N months (no touch, call, meeting or change since, nothing
planned) are erased by erase_stale; the clock is held, so the hour a test runs never matters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from console.models import AuditEntry, Call, Lead, LeadTouch
from console.services import erasure
from tests.erasure import PERSON, lived_lead
from tests.handoffs import add_lead, ended_call

NOW = datetime(2027, 3, 14, 6, 30, tzinfo=UTC)
LONG_AGO = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)  # 13 months before NOW
LATELY = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)  # 2 months before NOW


@pytest.fixture
def app(app_on_both):
    return app_on_both


@pytest.fixture
def old(session, campaign, clock):
    """Make leads as they were long ago."""

    def make(**fields) -> Lead:
        clock.set(LONG_AGO)
        lead = add_lead(session, campaign, **PERSON, **fields)
        clock.set(NOW)
        return lead

    return make


def stale_ids(session, months=12):
    return [lead.id for lead in erasure.stale_leads(session=session, now=NOW, months=months)]


def test_a_lead_untouched_for_the_period_is_stale(session, old):
    lead = old()
    assert stale_ids(session) == [lead.id]
    assert stale_ids(session, months=14) == []


def test_a_touch_a_call_or_a_change_since_keeps_the_lead(session, old, users):
    touched, called, changed = old(), old(), old()
    session.add(LeadTouch(lead_id=touched.id, received_at=LATELY))
    ended_call(session, called, users["telecaller"], started_at=LATELY)
    changed.updated_at = LATELY
    session.add(changed)
    session.commit()
    assert stale_ids(session) == []


def test_something_planned_after_the_cutoff_keeps_the_lead(session, old):
    old(follow_up_at=NOW + timedelta(days=30))
    old(callback_at=LATELY, status="queued")
    assert stale_ids(session) == []


def test_a_whole_history_long_ago_is_stale_and_a_recent_one_is_not(session, campaign, users, clock):
    clock.set(LONG_AGO)
    past, _ = lived_lead(session, campaign, users["telecaller"], users["sales"])
    clock.set(LATELY)
    lived_lead(session, campaign, users["telecaller"], users["sales"], phone="+12125559999")
    clock.set(NOW)
    assert stale_ids(session) == [past.id]


def test_erase_stale_erases_them_and_says_how_many(session, old, users):
    first, second = old(), old()
    kept = old()
    ended_call(session, kept, users["telecaller"], started_at=LATELY)
    assert erasure.erase_stale(session=session, now=NOW, months=12) == 2
    session.expire_all()
    erased = session.exec(select(Lead).where(Lead.erased_at.is_not(None))).all()
    assert sorted(lead.id for lead in erased) == [first.id, second.id]
    audits = session.exec(select(AuditEntry).where(AuditEntry.action == "lead.erase")).all()
    assert {(a.actor_id, a.after["by"]) for a in audits} == {(None, "retention")}
    assert session.get(Lead, kept.id).first_name == "Zelda"
    assert erasure.erase_stale(session=session, now=NOW, months=12) == 0  # done once


def test_retention_off_erases_nothing(session, old):
    old()
    assert erasure.erase_stale(session=session, now=NOW, months=None) == 0
    assert erasure.erase_stale(session=session, now=NOW, months=0) == 0
    assert stale_ids(session) != []


def test_a_lead_on_a_call_is_left_for_the_next_run(session, old, users):
    lead = old()
    ended_call(session, lead, users["telecaller"], status="in-progress", ended_at=None)
    call = session.exec(select(Call).where(Call.lead_id == lead.id)).one()
    call.started_at = call.updated_at = LONG_AGO  # stuck since long ago
    lead.lease_owner_id = lead.lease_expires_at = None
    session.add_all([call, lead])
    session.commit()
    assert erasure.erase_stale(session=session, now=NOW, months=12) == 0
    assert session.get(Lead, lead.id).erased_at is None


def test_a_wrap_up_left_open_for_months_does_not_keep_the_lead(session, campaign, clock, users):
    clock.set(LONG_AGO)
    lead = add_lead(session, campaign, **PERSON)
    ended_call(session, lead, users["telecaller"])  # its outcome was never saved
    clock.set(NOW)
    assert erasure.erase_stale(session=session, now=NOW, months=12) == 1
    assert session.get(Lead, lead.id).erased_at == NOW
