"""Properties of the handoff rule that must hold for every campaign rule and every call outcome."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from console.domain.criteria import Criteria
from console.domain.dispositions import DEFAULT_DISPOSITIONS, Disposition, Flag, disposition_for
from console.domain.handoff import (
    BookedMeeting,
    CallbackRequest,
    DecisionKind,
    HandoffRule,
    OutcomeFacts,
    OutcomeInvalid,
    evaluate,
)

NOW = datetime(2025, 11, 24, 15, 0, tzinfo=UTC)
future = st.integers(min_value=1, max_value=60 * 24 * 30).map(lambda m: NOW + timedelta(minutes=m))
score = st.one_of(st.none(), st.integers(min_value=1, max_value=3))
written = st.text(min_size=1).filter(str.strip)

rules = st.builds(
    HandoffRule,
    threshold=st.integers(min_value=4, max_value=12),
    minimums=st.dictionaries(st.sampled_from(list(Criteria)), st.integers(1, 3)),
    requires_meeting=st.booleans(),
    requires_decision_maker=st.booleans(),
)
outcomes = st.builds(
    OutcomeFacts,
    disposition=st.sampled_from(DEFAULT_DISPOSITIONS),
    scores=st.fixed_dictionaries({}, optional={c.value: score for c in Criteria}),
    scores_set_by_hand=st.booleans(),
    meeting=st.one_of(st.none(), st.builds(BookedMeeting, future, st.booleans())),
    callback=st.one_of(st.none(), st.builds(CallbackRequest, future, st.booleans())),
    intent=st.sampled_from(["need", "interest"]),
    attempts_exhausted=st.booleans(),
    override_reason=st.one_of(st.none(), written),
    disqualify_reason=st.one_of(st.none(), written),
)

qualified_outcomes = outcomes.map(
    lambda facts: OutcomeFacts(
        disposition_for("qualified"),
        scores=facts.scores,
        meeting=facts.meeting,
        override_reason=facts.override_reason,
    )
)


def meets(rule: HandoffRule, facts: OutcomeFacts) -> bool:
    """The agreement restated independently of the implementation under test."""
    known = {c: v for c, v in facts.scores.items() if v is not None}
    if any(known.get(c, 0) < minimum for c, minimum in rule.minimums.items()):
        return False
    if sum(known.values()) < rule.threshold:
        return False
    if rule.requires_meeting and facts.meeting is None:
        return False
    meeting = facts.meeting
    return not (rule.requires_decision_maker and meeting and not meeting.decision_maker_present)


@given(rules, outcomes)
def test_a_lead_below_the_agreement_is_handed_off_only_with_a_written_override(rule, facts):
    try:
        decision = evaluate(rule, facts, NOW)
    except OutcomeInvalid as refused:
        assert refused.fields
        return
    if decision.kind is DecisionKind.HANDOFF and not meets(rule, facts):
        assert decision.override is True
        assert facts.override_reason and facts.override_reason.strip()
    if decision.override:
        assert decision.kind is DecisionKind.HANDOFF and not meets(rule, facts)


@given(rules, qualified_outcomes)
def test_a_qualified_outcome_is_handed_off_exactly_when_it_meets_the_agreement(rule, facts):
    decision = evaluate(rule, facts, NOW)
    if meets(rule, facts):
        assert (decision.kind, decision.override) == (DecisionKind.HANDOFF, False)
    elif facts.override_reason:
        assert (decision.kind, decision.override) == (DecisionKind.HANDOFF, True)
    else:
        assert decision.kind is DecisionKind.NURTURE


@given(rules, outcomes)
def test_only_a_qualified_outcome_ever_reaches_sales(rule, facts):
    try:
        decision = evaluate(rule, facts, NOW)
    except OutcomeInvalid:
        return
    if decision.kind is DecisionKind.HANDOFF:
        assert facts.disposition.has(Flag.QUALIFIED)
        assert Flag.DNC_REQUEST not in facts.disposition.flags


@given(rules, outcomes, st.frozensets(st.sampled_from(list(Flag))))
def test_a_do_not_call_request_always_yields_dnc(rule, facts, other_flags):
    asked = Disposition("dnc-custom", "Asked not to call", other_flags | {Flag.DNC_REQUEST}, True)
    facts = OutcomeFacts(
        asked,
        scores=facts.scores | {"need": 7},
        meeting=facts.meeting,
        callback=facts.callback,
        override_reason=facts.override_reason,
    )
    assert evaluate(rule, facts, NOW).kind is DecisionKind.DNC


@given(rules, outcomes)
def test_every_decision_gives_a_reason_and_a_follow_up_when_it_waits(rule, facts):
    try:
        decision = evaluate(rule, facts, NOW, next_attempt_at=NOW + timedelta(hours=4))
    except OutcomeInvalid:
        return
    assert decision.reasons and all(decision.reasons)
    if decision.kind in (DecisionKind.NURTURE, DecisionKind.RETRY, DecisionKind.CALLBACK):
        assert decision.follow_up_at is not None and decision.follow_up_at > NOW
