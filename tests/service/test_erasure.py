"""Erasure: nothing about the person is left in any table, the figures count the same, the lead
reads "Erased lead" and is never dialled; on SQLite and on the real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from console.contract.reviews import ReviewInput
from console.domain.queue import LeadStatus
from console.errors import Conflict, NotFound
from console.models import AuditEntry, Call, Callback, DncEntry, Lead, Notice, Outcome
from console.services import dnc, erasure, leads, metrics, queue, reviews
from tests.erasure import PERSON, holding, lived_lead, needles
from tests.handoffs import Spy, add_lead, book_meeting, ended_call

NOW = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # a Wednesday: 11:00 in New York


@pytest.fixture
def app(app_on_both):
    return app_on_both


@pytest.fixture(autouse=True)
def held_clock(clock):
    clock.set(NOW)
    return clock


@pytest.fixture
def lived(session, campaign, users):
    return lived_lead(session, campaign, users["telecaller"], users["sales"])


def erase(session, lead, users, **options):
    options.setdefault("now", NOW)
    return erasure.erase(session=session, lead_id=lead.id, actor=users["admin"], **options)


def figures(session):
    span = metrics.period("2026-11-01", "2026-12-31", "UTC", NOW)
    return metrics.metrics(session=session, span=span)


def test_nothing_about_the_person_is_left_in_any_table(session, users, lived):
    lead, _ = lived
    words = needles(lead)
    assert len(holding(session, words)) > 10  # the history really holds them before
    done = erase(session, lead, users)
    assert not done.already and done.calls == 1 and not done.dnc
    session.expire_all()
    assert holding(session, words) == []


def test_the_rows_stay_with_their_status_dates_scores_and_dispositions(session, users, lived):
    lead, meeting = lived
    before = session.exec(select(Outcome).where(Outcome.lead_id == lead.id)).one()
    kept = (before.disposition, before.decision, dict(before.scores), before.total)
    erase(session, lead, users)
    session.expire_all()
    after = session.exec(select(Outcome).where(Outcome.lead_id == lead.id)).one()
    assert (after.disposition, after.decision, after.scores, after.total) == kept
    assert after.answers["authority"] == {"choice": "decides"}  # choices stay for calibration
    assert after.answers["reason"] == {"text": ""} and after.evidence == {}
    call = session.exec(select(Call).where(Call.lead_id == lead.id)).one()
    assert call.status == "completed" and call.duration_seconds == 288
    assert call.recording_sid is None and call.recording_url is None and call.draft == {}
    found = session.get(Lead, lead.id)
    # rejected by sales, the lead was back in nurture: erased, it closes for good
    assert found.erased_at == NOW and found.status == "closed" and found.name == "Erased lead"


def test_the_metrics_count_the_same_after_erasure(session, users, lived):
    lead, _ = lived
    before = figures(session)
    assert before["team"]["meetings_booked"] == 1 and before["team"]["rejected"] == 1
    erase(session, lead, users)
    session.expire_all()
    assert figures(session) == before


def test_an_erased_lead_is_never_dialled_and_reads_erased_lead(session, campaign, users):
    lead = add_lead(session, campaign, **PERSON, arrived_at=NOW - timedelta(minutes=4))
    erase(session, lead, users)
    got = queue.claim_next(session=session, agent=users["telecaller"], publish=Spy(), now=NOW)
    assert got.lead is None
    shown = leads.record(session=session, lead_id=lead.id, viewer=users["lead"])
    assert shown["name"] == "Erased lead" and shown["status"] == LeadStatus.closed
    assert shown["phone"] == f"erased-{lead.id}" and shown["email"] is None


def test_open_callbacks_close_so_nobody_is_reminded(session, users, lived):
    lead, _ = lived
    erase(session, lead, users)
    callback = session.exec(select(Callback).where(Callback.lead_id == lead.id)).one()
    assert callback.done_at == NOW and callback.note == ""


def test_the_readers_pages_drop_the_notices_that_named_the_person(session, users, lived):
    lead, _ = lived
    [reminder] = session.exec(select(Notice.id).where(Notice.lead_id == lead.id)).all()
    spy = Spy()
    erase(session, lead, users, publish=spy)
    done = [(body["ids"], room) for name, body, room in spy.sent if name == "notice.done"]
    assert done == [([reminder], f"user:{users['telecaller'].id}")]
    assert not session.exec(select(Notice).where(Notice.lead_id == lead.id)).all()


def test_the_audit_says_who_when_and_which_lead_and_nothing_about_the_person(session, users, lived):
    lead, _ = lived
    erase(session, lead, users)
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "lead.erase")).one()
    assert (entry.actor_id, entry.entity_id, entry.at) == (users["admin"].id, str(lead.id), NOW)
    assert entry.after == {
        "by": "admin",
        "dnc": False,
        "calls": 1,
        "recordings_deleted": 0,
        "meetings_cancelled": [],
    }


def test_the_number_goes_on_the_do_not_call_list_only_when_asked(session, campaign, users):
    kept = add_lead(session, campaign, **PERSON)
    phone = kept.phone
    done = erase(session, kept, users, dnc=True)
    assert done.dnc and dnc.is_listed(session, phone)
    entry = session.exec(select(DncEntry).where(DncEntry.phone == phone)).one()
    assert entry.source == "request"
    other = add_lead(session, campaign, **PERSON)
    other_phone = other.phone
    erase(session, other, users)
    assert not dnc.is_listed(session, other_phone)
    # the listed number is kept on the list (and its audit line) only: nowhere else
    session.expire_all()
    places = holding(session, [phone], skip=("dnc_entry",))
    assert places == [f"audit_entry.entity_id: {phone}", f"audit_entry.after: {phone}"]


def test_erasing_twice_changes_nothing(session, users, lived):
    lead, _ = lived
    first = erase(session, lead, users)
    again = erase(session, lead, users, now=NOW + timedelta(days=1))
    assert again.already and again.erased_at == first.erased_at
    audits = session.exec(select(AuditEntry).where(AuditEntry.action == "lead.erase")).all()
    assert len(audits) == 1


def test_a_lead_on_a_call_now_is_not_erased(session, campaign, users):
    lead = add_lead(session, campaign, **PERSON)
    ended_call(session, lead, users["telecaller"], status="in-progress", ended_at=None)
    with pytest.raises(Conflict) as refused:
        erase(session, lead, users)
    assert refused.value.code == "call_live"
    assert session.get(Lead, lead.id).first_name == "Zelda"


def test_rejecting_an_erased_leads_meeting_never_brings_it_back_to_the_queue(
    session, campaign, users, clock
):
    lead = add_lead(session, campaign, **PERSON)
    meeting = book_meeting(session, lead, users["telecaller"])
    begun = meeting.starts_at + timedelta(hours=1)  # begun: the erasure does not cancel it
    clock.set(begun)
    erase(session, lead, users, now=begun)
    review = ReviewInput(reason="definitional", overturned=["authority"], note="")
    reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=users["sales"],
        action="reject",
        review=review,
        publish=Spy(),
    )
    assert session.get(Lead, lead.id).status != LeadStatus.nurture
    assert queue.claim_next(session=session, agent=users["telecaller"], publish=Spy()).lead is None


def test_a_lead_whose_call_awaits_its_outcome_is_not_erased(session, campaign, users):
    lead = add_lead(session, campaign, **PERSON)
    ended_call(session, lead, users["telecaller"])  # the telecaller is wrapping it up
    with pytest.raises(Conflict) as refused:
        erase(session, lead, users)
    assert refused.value.code == "call_live" and "awaits its outcome" in refused.value.message
    assert session.get(Lead, lead.id).first_name == "Zelda"


def test_an_unknown_lead_is_not_found(session, users):
    with pytest.raises(NotFound):
        erasure.erase(session=session, lead_id=999, actor=users["admin"])
