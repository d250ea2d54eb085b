"""`handoff demo`: the history replayed through the real services is whole, lawful and believable.

One demo is seeded for the module at the test process's instant (HANDOFF_NOW, else the wall
clock), so running the suite at another instant replays another history and checks it again.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from console import clock as app_clock
from console.db import get_session
from console.demo_population import DEMO_PASSWORD, staff
from console.domain.compliance import is_florida
from console.domain.handoff import HandoffRule
from console.models import (
    AgentStateEvent,
    Call,
    Callback,
    CallEvent,
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
from console.services import accounts, calls, demo
from tests.conftest import make_app, seed_demo


@dataclass
class Seeded:
    """The seeded demo: its app, a session on it, the instant it ends at, what it printed."""

    app: Flask
    session: Session
    now: datetime
    report: str
    refusals: list


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Iterator[Seeded]:
    """One demo, seeded once at the process's instant and only read by the tests sharing it."""
    app = make_app(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    refusals: list = []
    real_refusal = calls.refusal

    def watched(**checked: object) -> object:
        refused = real_refusal(**checked)
        refusals.append(refused)
        return refused

    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(calls, "refusal", watched)
        now = app_clock.now().replace(second=0, microsecond=0)  # the demo ends at its minute
        report = seed_demo(get_session(), now=now)
        yield Seeded(app, get_session(), now, report, refusals)


def count(session: Session, model: type[SQLModel], *where: object) -> int:
    """Rows of a table, optionally filtered."""
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_the_report_counts_what_was_made_and_lists_every_login(seeded):
    first, *logins = seeded.report.splitlines()
    assert first.startswith("Seeded the demo (seed 7): 8 users, 2 campaigns, 300 leads, ")
    assert f"{count(seeded.session, Call)} calls" in first
    assert logins == demo.logins()


@pytest.mark.parametrize(
    ("model", "low", "high"),
    [(User, 8, 8), (Team, 2, 2), (Campaign, 2, 2), (CampaignMember, 12, 12), (Lead, 300, 300),
     (LeadTouch, 300, 300), (Call, 300, 700), (Meeting, 12, 50), (MeetingReview, 15, 120),
     (DncEntry, 1, 15), (AgentStateEvent, 600, 4000)],
)  # fmt: skip
def test_each_table_holds_a_believable_number_of_rows(seeded, model, low, high):
    assert low <= count(seeded.session, model) <= high


@pytest.mark.parametrize("login", staff(), ids=lambda login: login.email)
def test_every_demo_login_signs_in_with_the_published_password(seeded, login):
    user = accounts.authenticate(session=seeded.session, email=login.email, password=DEMO_PASSWORD)
    assert user is not None and user.role == login.role


def test_every_call_was_placed_and_moved_on_by_its_callbacks_and_wrapped_up(seeded):
    events = Counter(seeded.session.exec(select(CallEvent.call_id)).all())
    wrapped = set(seeded.session.exec(select(Outcome.call_id)).all())
    for call in seeded.session.exec(select(Call)):
        assert events[call.id] >= 3 and call.id in wrapped, call
        assert call.twilio_sid.startswith("CA") and len(call.twilio_sid) == 34
        assert call.lead_call_sid and call.status in ("completed", "no-answer", "busy")
        assert call.started_at < call.ended_at < seeded.now and call.script_id


def test_no_lead_has_a_first_touch_without_a_call_and_it_is_the_first_dial(seeded):
    first_dials = dict(
        seeded.session.exec(
            select(Call.lead_id, func.min(Call.started_at)).group_by(Call.lead_id)
        ).all()
    )
    for lead in seeded.session.exec(select(Lead)):
        assert lead.first_touch_at == first_dials.get(lead.id), lead.id
        if lead.first_touch_at is not None:
            assert lead.first_touch_at > lead.arrived_at, lead.id


def test_a_lead_has_as_many_attempts_as_calls_in_its_round(seeded):
    """A lead back from nurture counts its attempts again: a round ends where the lead left for
    nurture (a call's outcome, or sales' rejection or no-show) and the next starts there."""
    session = seeded.session
    calls: dict[int, list[datetime]] = {}
    for lead_id, started in session.exec(select(Call.lead_id, Call.started_at)):
        calls.setdefault(lead_id, []).append(started)
    left: dict[int, list[datetime]] = {}
    nurtured = select(Outcome.lead_id, Outcome.created_at).where(Outcome.decision == "nurture")
    reviewed = (
        select(Meeting.lead_id, MeetingReview.created_at)
        .join(Meeting, Meeting.id == MeetingReview.meeting_id)
        .where(MeetingReview.action.in_(["reject", "no_show"]))
    )
    for lead_id, at in [*session.exec(nurtured), *session.exec(reviewed)]:
        left.setdefault(lead_id, []).append(at)
    came_back = 0
    for lead in session.exec(select(Lead)):
        rounds = sorted(left.get(lead.id, []))
        if lead.status == "nurture" and rounds:
            rounds.pop()  # its last round ended when it left
        since = rounds[-1] if rounds else None
        came_back += since is not None and lead.status != "nurture"
        in_round = [at for at in calls.get(lead.id, []) if since is None or at > since]
        assert len(in_round) == lead.attempts, lead.id
    assert came_back  # the demo's weeks see leads come back from nurture


def test_about_a_third_of_leads_are_never_dialled_and_content_downloads_wait_in_nurture(seeded):
    never = seeded.session.exec(select(Lead).where(Lead.first_touch_at.is_(None))).all()
    assert 0.2 <= len(never) / 300 <= 0.45
    downloads = seeded.session.exec(
        select(Lead)
        .join(Campaign)
        .where(Campaign.slug == "inbound-demo-requests")
        .where(Lead.intent == "interest")
    ).all()
    # Parked in nurture on arrival, each is called only once its follow-up date has come.
    waiting = [lead for lead in downloads if lead.first_touch_at is None]
    assert waiting and all(lead.status == "nurture" and not lead.attempts for lead in waiting)
    inbound = seeded.session.exec(
        select(Campaign).where(Campaign.slug == "inbound-demo-requests")
    ).one()
    days = timedelta(days=HandoffRule.from_dict(inbound.handoff_rule).interest_follow_up_days)
    for lead in downloads:
        assert lead.first_touch_at is None or lead.first_touch_at >= lead.arrived_at + days


def test_every_telecallers_speed_to_lead_is_minutes_by_the_metrics_api(seeded):
    lead = seeded.session.exec(select(User).where(User.email == "lead@demo.test")).one()
    token = accounts.issue_token(session=seeded.session, kind="personal", name="t", user=lead)
    span = {"from": (seeded.now - timedelta(days=50)).isoformat(), "to": seeded.now.isoformat()}
    answer = seeded.app.test_client().get(
        "/api/v1/metrics", query_string=span, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    rows = answer.get_json()["telecallers"]
    assert len(rows) == 4
    for row in rows:
        assert 60 <= row["median_speed_to_lead_seconds"] <= 4 * 3600, row
        assert 15 <= row["median_wrap_seconds"] <= 150, row
        assert row["dials"] > 20 and row["conversations"] > 5, row


def test_no_call_was_refused_and_every_dial_was_inside_the_leads_calling_hours(seeded):
    assert seeded.refusals and all(refused is None for refused in seeded.refusals)
    rows = seeded.session.exec(select(Call.started_at, Lead).join(Lead, Lead.id == Call.lead_id))
    for started, lead in rows:
        for zone in lead.zones:
            local = started.astimezone(ZoneInfo(zone))
            assert local.weekday() < 5 and 9 <= local.hour < 20, (lead.id, local)


def test_no_florida_lead_gets_more_than_three_calls_in_a_day(seeded):
    starts: dict[int, list[datetime]] = {}
    for lead, started in seeded.session.exec(select(Lead, Call.started_at).join(Call)):
        if is_florida(lead.country, lead.region):
            starts.setdefault(lead.id, []).append(started)
    assert starts
    for times in starts.values():
        for start in times:
            assert sum(start <= other < start + timedelta(days=1) for other in times) <= 3


def test_the_newest_need_leads_wait_undialled_for_whoever_signs_in(seeded):
    fresh = seeded.session.exec(
        select(Lead).where(Lead.arrived_at > seeded.now - timedelta(hours=1))
    ).all()
    assert len(fresh) >= 5 and any(lead.intent == "need" for lead in fresh)
    assert all(lead.attempts == 0 and lead.status in ("queued", "nurture") for lead in fresh)


def test_the_floor_is_signed_out_and_shifts_fill_the_last_weekdays(seeded):
    callers = seeded.session.exec(select(User).where(User.role == "telecaller")).all()
    assert {caller.state for caller in callers} == {"offline"}
    week = seeded.now - timedelta(days=7)
    for caller in callers:
        states = seeded.session.exec(
            select(AgentStateEvent.state).where(
                AgentStateEvent.user_id == caller.id, AgentStateEvent.at > week
            )
        ).all()
        assert {"available", "paused", "on_call", "wrap_up", "offline"} <= set(states)


def test_handoffs_are_scored_by_the_script_and_meet_the_rule(seeded):
    handoffs = seeded.session.exec(select(Outcome).where(Outcome.decision == "handoff")).all()
    assert handoffs and all(o.answers and not o.scores_set_by_hand for o in handoffs)
    assert all(o.total >= 8 and o.evidence.get("pain") for o in handoffs)
    meetings = seeded.session.exec(select(Meeting.outcome_id)).all()
    assert sorted(o.id for o in handoffs) == sorted(meetings)
    wraps = [o.wrap_seconds for o in seeded.session.exec(select(Outcome))]
    assert 15 <= statistics.median(wraps) <= 150


@pytest.mark.parametrize(
    "status", ["booked", "accepted", "rejected", "held", "no_show", "opportunity", "won", "lost"]
)
def test_meetings_reach_every_stage_of_the_review_loop(seeded, status):
    assert count(seeded.session, Meeting, Meeting.status == status) >= 1


def test_some_booked_meetings_are_overdue_for_review_and_some_are_not(seeded):
    booked = seeded.session.exec(select(Meeting).where(Meeting.status == "booked")).all()
    assert {meeting.review_due_at < seeded.now for meeting in booked} == {True, False}


def test_sales_accepts_most_handoffs_and_rejects_only_for_agreed_reasons(seeded):
    reviews = seeded.session.exec(select(MeetingReview).where(MeetingReview.action != "held"))
    verdicts = Counter((r.action, r.reason) for r in reviews if r.action in ("accept", "reject"))
    assert 0.7 <= verdicts[("accept", None)] / sum(verdicts.values()) <= 0.95
    assert {reason for action, reason in verdicts if action == "reject"} == {
        "definitional", "clerical", "procedural"
    }  # fmt: skip
    won = seeded.session.exec(select(Meeting).where(Meeting.status == "won")).all()
    assert all(meeting.amount_cents and meeting.amount_cents > 0 for meeting in won)


def test_open_callbacks_are_personal_and_shared_and_some_are_due_now(seeded):
    caller1 = seeded.session.exec(select(User).where(User.email == "caller1@demo.test")).one()
    open_ = seeded.session.exec(select(Callback).where(Callback.done_at.is_(None))).all()
    assert 5 <= len(open_) <= 15
    assert sum(callback.owner_id == caller1.id for callback in open_) >= 2
    assert any(callback.owner_id is None for callback in open_)
    assert {callback.due_at <= seeded.now for callback in open_} == {True, False}
    waiting = seeded.session.exec(select(Lead).where(Lead.callback_at.is_not(None))).all()
    assert {(c.lead_id, c.due_at) for c in open_} == {(w.id, w.callback_at) for w in waiting}


def test_do_not_call_leads_asked_on_a_call_and_are_on_the_list(seeded):
    blocked = set(seeded.session.exec(select(DncEntry.phone)).all())
    dnc_leads = seeded.session.exec(select(Lead).where(Lead.status == "dnc")).all()
    assert dnc_leads and {lead.phone for lead in dnc_leads} == blocked
    asked = seeded.session.exec(select(Outcome.lead_id).where(Outcome.disposition == "dnc")).all()
    assert set(asked) == {lead.id for lead in dnc_leads}
