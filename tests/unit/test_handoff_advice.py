"""The script's suggested outcome, checked against the handoff rule: it never contradicts the
rule, and while the call has not found out what the rule needs it says what is missing."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from console.domain.criteria import Criteria
from console.domain.dispositions import DEFAULT_DISPOSITIONS, disposition_for, parse_dispositions
from console.domain.handoff import (
    NEEDS_MEETING,
    BookedMeeting,
    DecisionKind,
    HandoffRule,
    OutcomeFacts,
    advise,
    evaluate,
    missing,
    needs_said,
)
from console.domain.outcomes import check_scores
from tests.unit.test_handoff_properties import rules

NOW = datetime(2025, 11, 24, 15, 0, tzinfo=UTC)
RULE = HandoffRule()  # 8 of 12, authority and need at least 2, a meeting with the decision maker
QUALIFIED = disposition_for("qualified")
SPOKE = ["human_answered", "contacted", "conversation"]
STRONG = {"need": 3, "timeframe": 2, "authority": 3, "profile": 2}


def score(**values):
    return check_scores(values, {})


def test_agreeing_to_a_call_without_any_criterion_known_is_not_a_qualified_lead_yet():
    # The opening answered "just send me the pricing", then "agreed to a call": 0 of 12.
    advice = advise(RULE, QUALIFIED, score(), meeting_booked=True, decision_maker_present=True)
    assert advice.decision is None
    assert advice.needs == ("need", "timeframe", "authority", "profile")


def test_a_lead_that_meets_the_rule_is_suggested_as_qualified_and_handed_off():
    advice = advise(
        RULE, QUALIFIED, score(**STRONG), meeting_booked=True, decision_maker_present=True
    )
    assert (advice.disposition, advice.decision, advice.needs) == ("qualified", "handoff", ())
    assert advice.meeting_with_decision_maker


def test_a_criterion_known_to_fall_short_suggests_nurture_without_the_meeting():
    known = score(**STRONG | {"authority": 1})
    advice = advise(RULE, QUALIFIED, known, meeting_booked=True, decision_maker_present=True)
    assert (advice.disposition, advice.decision, advice.meeting_booked) == (
        "nurture",
        "nurture",
        False,
    )
    assert any("authority 1 is below the agreed 2" in reason for reason in advice.reasons)


def test_nurture_is_suggested_as_the_campaigns_own_interested_not_ready_outcome():
    own = parse_dispositions(
        [
            {
                "code": "won-over",
                "label": "Qualified",
                "flags": [*SPOKE, "qualified"],
                "final": True,
            },
            {"code": "later", "label": "Not yet", "flags": [*SPOKE, "send_info"], "final": True},
        ]
    )
    known = score(**STRONG | {"authority": 1})
    advice = advise(
        RULE, own[0], known, meeting_booked=True, decision_maker_present=True, dispositions=own
    )
    assert (advice.disposition, advice.decision) == ("later", "nurture")


def test_the_wrap_up_needs_only_what_is_unknown_and_the_meeting_time():
    partial = score(need=3, authority=3)
    assert missing(RULE, partial, None) == ("timeframe", "profile", NEEDS_MEETING)
    met = BookedMeeting(NOW + timedelta(days=1), decision_maker_present=True)
    assert missing(RULE, score(**STRONG), met) == ()


def test_nothing_is_missing_when_no_answer_could_lift_the_lead_over_the_rule():
    assert missing(HandoffRule(threshold=12), score(need=2), None) == ()  # 2 + 9 < 12
    assert missing(RULE, score(need=1), None) == ()  # need is known below its minimum


def test_a_proposal_other_than_qualified_is_left_as_the_script_says():
    advice = advise(
        RULE,
        disposition_for("callback"),
        score(),
        meeting_booked=False,
        decision_maker_present=False,
    )
    assert (advice.disposition, advice.decision, advice.needs) == ("callback", None, ())


scores = st.fixed_dictionaries({}, optional={c.value: st.integers(1, 3) for c in Criteria})


@given(rules, st.sampled_from(DEFAULT_DISPOSITIONS), scores, st.booleans(), st.booleans())
def test_a_suggested_decision_is_the_one_the_rule_makes_when_it_is_recorded(
    rule, proposed, values, booked, present
):
    advice = advise(
        rule,
        proposed,
        check_scores(values, {}),
        meeting_booked=booked,
        decision_maker_present=present,
    )
    if advice.decision is None:
        return
    meeting = BookedMeeting(NOW + timedelta(days=1), present) if advice.meeting_booked else None
    recorded = OutcomeFacts(disposition_for(advice.disposition), scores=values, meeting=meeting)
    assert evaluate(rule, recorded, NOW).kind is DecisionKind(advice.decision)
    assert not advice.needs


def test_what_is_missing_reads_in_the_forms_words():
    assert needs_said(("need", "authority", NEEDS_MEETING)) == (
        "Needs: need / fit, buying authority and a meeting time"
    )
    assert needs_said(("timeframe",)) == "Needs: timeframe"
    assert needs_said(()) == ""
