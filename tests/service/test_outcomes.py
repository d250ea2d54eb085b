"""Recording outcomes: the rule's decision, the lead moved in one transaction, once per call."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from console import clock
from console.contract.common import read
from console.contract.outcomes import OutcomeEvaluation
from console.contract.rules import HandoffRuleForm
from console.domain.roles import AgentState
from console.errors import Forbidden, Invalid
from console.models import AuditEntry, Callback, DncEntry, Meeting, Outcome
from console.services import (
    accounts,
    campaign_dispositions,
    campaign_people,
    campaigns,
    handoff_rules,
    outcomes,
    queue,
)
from console.wiring import script_library
from tests.handoffs import (
    QUALIFIED_ANSWERS,
    Spy,
    add_lead,
    ended_call,
    meeting_body,
    next_weekday,
    outcome,
)


@pytest.fixture
def setup(session, campaign, users):
    lead = add_lead(session, campaign)
    agent = users["telecaller"]
    agent.state = AgentState.WRAP_UP
    session.commit()
    return lead, agent


def record(session, call, agent, body, spy=None):
    return outcomes.record_outcome(
        session=session,
        call_id=call.id,
        agent=agent,
        outcome=outcome(body),
        publish=spy or Spy(),
        library=script_library(),
    )


def test_a_qualified_call_with_a_meeting_is_handed_to_a_sales_rep(session, setup, users):
    lead, agent = setup
    call = ended_call(session, lead, agent, answers=QUALIFIED_ANSWERS)
    spy = Spy()
    body = {"disposition": "qualified", "meeting": {"starts_at": next_weekday()}}
    recorded = record(session, call, agent, body, spy)
    assert recorded.decision.kind == "handoff"
    meeting = session.exec(select(Meeting)).one()
    assert meeting.sales_rep_id == users["sales"].id and meeting.decision_maker_present
    assert meeting.review_due_at > clock.now() and meeting.status == "booked"
    assert lead.status == "meeting" and lead.attempts == 1 and lead.lease_owner_id is None
    assert agent.state == AgentState.AVAILABLE
    outcome = recorded.outcome
    assert outcome.total == 12 and not outcome.scores_set_by_hand
    assert outcome.evidence["pain"].startswith("We answer demo requests")
    assert outcome.rule["threshold"] == 8 and outcome.wrap_seconds >= 60
    assert spy.rooms("outcome.recorded") == {f"campaign:{lead.campaign_id}", "floor"}
    assert spy.rooms("meeting.booked") == {f"rep:{users['sales'].id}", "floor", f"user:{agent.id}"}


def test_a_second_save_for_the_same_call_is_refused_with_the_first_decision(session, setup):
    lead, agent = setup
    call = ended_call(session, lead, agent)
    record(session, call, agent, {"disposition": "no-answer"})
    with pytest.raises(outcomes.OutcomeExists) as refused:
        record(session, call, agent, {"disposition": "qualified"})
    assert refused.value.status == 409 and refused.value.outcome.decision == "retry"
    assert len(session.exec(select(Outcome)).all()) == 1


def test_scores_given_by_hand_win_over_the_meter_and_are_marked(session, setup):
    lead, agent = setup
    call = ended_call(session, lead, agent, answers=QUALIFIED_ANSWERS)
    body = {**meeting_body(), "scores": {"authority": 1}}
    recorded = record(session, call, agent, body)
    assert recorded.outcome.scores["authority"] == 1 and recorded.outcome.scores["need"] == 3
    assert recorded.outcome.scores_set_by_hand
    assert recorded.decision.kind == "nurture"
    assert any("authority 1 is below the agreed 2" in r for r in recorded.decision.reasons)


def test_a_written_override_hands_off_against_the_rule_and_is_marked(session, setup):
    lead, agent = setup
    call = ended_call(session, lead, agent)
    body = {
        "disposition": "qualified",
        "scores": {"need": 3, "timeframe": 1, "authority": 2, "profile": 1},
        "meeting": {"starts_at": next_weekday(), "decision_maker_present": True},
        "override_reason": "The CEO asked us to fast-track this account.",
    }
    recorded = record(session, call, agent, body)
    assert recorded.decision.kind == "handoff" and recorded.decision.override
    assert recorded.meeting.override and "fast-track" in recorded.outcome.override_reason


def test_no_answer_retries_on_the_cadence_and_the_last_attempt_goes_to_nurture(session, setup):
    lead, agent = setup
    call = ended_call(session, lead, agent)
    recorded = record(session, call, agent, {"disposition": "no-answer"})
    assert recorded.decision.kind == "retry" and lead.status == "queued"
    assert lead.next_attempt_at == call.started_at + timedelta(minutes=10)
    lead.attempts = 5
    session.commit()
    last = ended_call(session, lead, agent)
    assert record(session, last, agent, {"disposition": "busy"}).decision.kind == "nurture"
    assert lead.status == "nurture" and lead.follow_up_at is not None


@pytest.mark.parametrize("mine", [True, False])
def test_a_callback_is_promised_to_me_or_to_anyone(session, setup, mine):
    lead, agent = setup
    call = ended_call(session, lead, agent)
    at = clock.now() + timedelta(days=1)
    body = {"disposition": "callback", "callback": {"at": at.isoformat(), "mine": mine}}
    assert record(session, call, agent, body).decision.kind == "callback"
    promise = session.exec(select(Callback)).one()
    assert promise.owner_id == (agent.id if mine else None) and promise.due_at == at
    assert lead.callback_at == at and lead.callback_owner_id == promise.owner_id
    assert lead.status == "queued"


def test_a_do_not_call_request_blocks_the_number_everywhere_at_once(session, setup, campaign):
    lead, agent = setup
    other = campaigns.create_campaign(
        session=session, slug="webinar", name="Webinar", script_id="webinar-followup"
    )
    twin = add_lead(session, other, phone=lead.phone)  # the same person in another campaign
    call = ended_call(session, lead, agent)
    assert record(session, call, agent, {"disposition": "dnc"}).decision.kind == "dnc"
    assert session.exec(select(DncEntry.phone)).one() == lead.phone
    session.refresh(twin)
    assert lead.dnc and lead.status == "dnc" and twin.dnc and twin.status == "dnc"
    assert session.exec(select(AuditEntry.action)).all() == ["dnc.add"]


def test_a_written_disqualify_reason_disqualifies(session, setup):
    lead, agent = setup
    call = ended_call(session, lead, agent)
    body = {"disposition": "not-interested", "disqualify_reason": "A student project"}
    recorded = record(session, call, agent, body)
    assert recorded.decision.kind == "disqualify" and lead.status == "disqualified"
    assert "A student project" in recorded.decision.reasons[0]


def test_changing_the_rule_later_leaves_past_decisions_alone(session, setup, campaign, users):
    lead, agent = setup
    call = ended_call(session, lead, agent, answers=QUALIFIED_ANSWERS)
    recorded = record(session, call, agent, meeting_body())
    strict = HandoffRuleForm(threshold=12)
    handoff_rules.update_rule(session=session, campaign=campaign, rule=strict, actor=users["admin"])
    session.refresh(recorded.outcome)
    assert recorded.outcome.rule["threshold"] == 8 and recorded.outcome.decision == "handoff"
    assert campaign.handoff_rule["threshold"] == 12


def test_only_the_telecaller_on_the_call_records_its_outcome(session, setup, users):
    lead, agent = setup
    call = ended_call(session, lead, agent)
    other = accounts.create_user(
        session=session,
        email="t2@example.test",
        name="Tess Two",
        role="telecaller",
        password="correct horse battery",
    )
    with pytest.raises(Forbidden):
        record(session, call, other, {"disposition": "no-answer"})


def test_every_field_the_rule_finds_wrong_is_named_at_once(session, setup):
    lead, agent = setup
    call = ended_call(session, lead, agent)
    an_hour_ago = (clock.now() - timedelta(hours=1)).isoformat()
    body = {
        "disposition": "qualified",
        "meeting": {"starts_at": an_hour_ago},
        "callback": {"at": an_hour_ago},
        "override_reason": " ",
    }
    with pytest.raises(Invalid) as refused:
        record(session, call, agent, body)
    expected = {"meeting.starts_at", "callback.at", "callback", "override_reason"}
    assert expected <= set(refused.value.fields)
    assert session.exec(select(Outcome)).first() is None


def test_a_disposition_the_campaign_does_not_have_is_named_with_its_choices(session, setup):
    lead, agent = setup
    call = ended_call(session, lead, agent)
    with pytest.raises(Invalid) as refused:
        record(session, call, agent, {"disposition": "maybe-later"})
    assert "choose no-answer, busy" in refused.value.fields["disposition"]


def test_a_named_rep_takes_the_meeting_and_a_stranger_is_refused(session, setup, users):
    lead, agent = setup
    call = ended_call(session, lead, agent, answers=QUALIFIED_ANSWERS)
    with pytest.raises(Invalid) as refused:
        record(session, call, agent, meeting_body(sales_rep="nobody@example.test"))
    assert "meeting.sales_rep" in refused.value.fields
    recorded = record(session, call, agent, meeting_body(sales_rep=users["sales"].email))
    assert recorded.meeting.sales_rep_id == users["sales"].id


def test_reps_take_meetings_in_turn(session, campaign, users):
    second = accounts.create_user(
        session=session,
        email="s2@example.test",
        name="Sam Second",
        role="sales",
        password="correct horse battery",
    )
    campaign_people.add_members(session=session, campaign=campaign, users=[second])
    agent, reps = users["telecaller"], []
    for _ in range(3):
        lead = add_lead(session, campaign)
        call = ended_call(session, lead, agent, answers=QUALIFIED_ANSWERS)
        reps.append(record(session, call, agent, meeting_body()).meeting.sales_rep_id)
    assert reps == [users["sales"].id, second.id, users["sales"].id]


def test_the_preview_decides_without_writing_anything(session, setup, campaign):
    lead, agent = setup
    call = ended_call(session, lead, agent, answers=QUALIFIED_ANSWERS)
    body = {
        "call_id": call.id,
        "disposition": "qualified",
        "meeting": {"starts_at": next_weekday()},
    }
    answer = outcomes.preview_decision(
        session=session,
        campaign_slug=campaign.slug,
        agent=agent,
        outcome=read(OutcomeEvaluation, body),
        library=script_library(),
    )
    assert answer["decision"] == "handoff" and answer["score"]["total"] == 12
    assert answer["sales_rep"]["name"] == "Sales Person" and len(answer["meeting_times"]) == 2
    assert answer["meter"]["suggestion"]["decision_maker_present"] is True
    assert session.exec(select(Outcome)).first() is None and lead.status == "queued"


def test_the_queue_waits_for_the_wrap_up_and_wrap_up_time_counts(session, setup, campaign):
    lead, agent = setup
    call = ended_call(session, lead, agent)
    with pytest.raises(Exception) as refused:
        queue.claim_next(session=session, agent=agent, publish=Spy())
    assert getattr(refused.value, "code", None) == "wrap_up_pending"
    recorded = record(session, call, agent, {"disposition": "voicemail"})
    assert recorded.outcome.wrap_seconds >= 60
    queue.claim_next(session=session, agent=agent, publish=Spy())  # no longer refused


def test_an_outcome_for_a_call_never_dialled_sets_its_end(session, setup):
    lead, agent = setup
    call = ended_call(session, lead, agent, status="preparing", ended_at=None)
    recorded = record(session, call, agent, {"disposition": "wrong-number"})
    assert call.ended_at is not None and recorded.outcome.wrap_seconds == 0
    assert lead.status == "disqualified" and lead.first_touch_at is None


def test_a_campaigns_own_disposition_is_judged_by_its_flags(session, setup, campaign, users):
    lead, agent = setup
    campaign_dispositions.add_disposition(
        session=session,
        campaign=campaign,
        values={"code": "left-company", "label": "Left the company", "final": True,
                "flags": ["human_answered", "contacted", "unworkable"]},
        actor=users["admin"],
    )  # fmt: skip
    call = ended_call(session, lead, agent)
    recorded = record(session, call, agent, {"disposition": "left-company"})
    assert recorded.decision.kind == "disqualify" and lead.status == "disqualified"


def test_a_florida_retry_waits_until_the_third_call_of_the_day_ages_out(session, setup):
    lead, agent = setup
    lead.region = "FL"
    session.commit()
    first = ended_call(session, lead, agent, lead_call_sid="CA-first")
    first.started_at = clock.now() - timedelta(hours=5)
    record(session, first, agent, {"disposition": "no-answer"})
    ended_call(session, lead, agent, lead_call_sid="CA-second")
    third = ended_call(session, lead, agent, lead_call_sid="CA-third")
    recorded = record(session, third, agent, {"disposition": "no-answer"})
    assert recorded.decision.kind == "retry"
    # The cadence says about an hour; Florida says not before the first call is 24 hours old.
    assert lead.next_attempt_at == first.started_at + timedelta(hours=24)


def test_a_dial_that_never_rang_a_fresh_lead_saves_and_leaves_it_due_at_once(session, setup):
    # The telecaller's own leg failed (or the app died before the lead was dialled): the dial
    # is no attempt, so the lead still has none, and its outcome must save.
    lead, agent = setup
    call = ended_call(
        session, lead, agent, status="canceled", twilio_sid="CA" + "7" * 32, answered_at=None
    )
    assert lead.attempts == 0
    recorded = record(session, call, agent, {"disposition": "no-answer"})
    assert recorded.decision.kind == "retry"
    session.refresh(lead)
    assert lead.attempts == 0 and lead.next_attempt_at <= clock.now()
