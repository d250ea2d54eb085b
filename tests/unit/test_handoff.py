"""The handoff agreement, clause by clause: what goes to sales, what waits, and why."""

from datetime import UTC, datetime, timedelta

import pytest

from console.domain.criteria import SCORE_LABELS, Criteria, timeframe_from_text
from console.domain.dispositions import Disposition, Flag, disposition_for
from console.domain.handoff import (
    BookedMeeting,
    CallbackRequest,
    DecisionKind,
    HandoffRule,
    OutcomeFacts,
    OutcomeInvalid,
    RuleInvalid,
    evaluate,
)

NOW = datetime(2025, 11, 24, 15, 0, tzinfo=UTC)
SOON = NOW + timedelta(days=2)
STRONG = {"need": 3, "timeframe": 2, "authority": 3, "profile": 2}
WITH_DECISION_MAKER = BookedMeeting(SOON, decision_maker_present=True)
RULE = HandoffRule()


def outcome(code: str = "qualified", **facts) -> OutcomeFacts:
    return OutcomeFacts(disposition_for(code), **facts)


def test_a_decision_maker_with_need_and_a_meeting_is_handed_off():
    decision = evaluate(RULE, outcome(scores=STRONG, meeting=WITH_DECISION_MAKER), NOW)
    assert decision.kind is DecisionKind.HANDOFF
    assert decision.override is False
    assert decision.score.total == 10
    assert "a meeting is booked with a decision maker present" in decision.reasons


def test_an_information_gatherer_is_never_handed_off_without_an_override():
    scores = STRONG | {"authority": 1}
    decision = evaluate(RULE, outcome(scores=scores, meeting=WITH_DECISION_MAKER), NOW)
    assert decision.kind is DecisionKind.NURTURE
    assert "authority 1 is below the agreed 2: the contact is a recommender" in decision.reasons


def test_an_influencer_meets_the_default_authority_minimum():
    scores = STRONG | {"authority": 2}
    decision = evaluate(RULE, outcome(scores=scores, meeting=WITH_DECISION_MAKER), NOW)
    assert decision.kind is DecisionKind.HANDOFF


def test_a_total_below_the_agreed_threshold_stays_in_nurture_and_says_so():
    scores = {"need": 2, "timeframe": 1, "authority": 2, "profile": 2}
    decision = evaluate(RULE, outcome(scores=scores, meeting=WITH_DECISION_MAKER), NOW)
    assert decision.kind is DecisionKind.NURTURE
    assert "total 7 is below the agreed 8" in decision.reasons


def test_a_qualified_lead_without_a_meeting_is_not_handed_off():
    decision = evaluate(RULE, outcome(scores=STRONG), NOW)
    assert decision.kind is DecisionKind.NURTURE
    assert "no meeting is booked with a decision maker present" in decision.reasons


def test_a_meeting_without_a_decision_maker_present_is_not_handed_off():
    meeting = BookedMeeting(SOON, decision_maker_present=False)
    decision = evaluate(RULE, outcome(scores=STRONG, meeting=meeting), NOW)
    assert decision.kind is DecisionKind.NURTURE
    assert "the meeting is booked without a decision maker present" in decision.reasons


def test_a_written_override_hands_off_against_the_rule_and_is_marked():
    scores = STRONG | {"authority": 1}
    facts = outcome(scores=scores, meeting=WITH_DECISION_MAKER, override_reason="CFO joins")
    decision = evaluate(RULE, facts, NOW)
    assert (decision.kind, decision.override) == (DecisionKind.HANDOFF, True)
    assert decision.reasons[-1] == "handed off against the rule: CFO joins"
    assert "authority 1 is below the agreed 2: the contact is a recommender" in decision.reasons


def test_an_override_on_a_lead_that_meets_the_rule_is_not_counted_as_one():
    facts = outcome(scores=STRONG, meeting=WITH_DECISION_MAKER, override_reason="keen")
    assert evaluate(RULE, facts, NOW).override is False


def test_a_campaign_can_agree_a_lower_bar():
    rule = HandoffRule.from_dict({"threshold": 6, "requires": {"meeting": False}})
    scores = {"need": 2, "timeframe": 1, "authority": 2, "profile": 1}
    assert evaluate(rule, outcome(scores=scores), NOW).kind is DecisionKind.HANDOFF


def test_unknown_criteria_count_nothing_and_are_listed():
    decision = evaluate(RULE, outcome(scores={"need": 3, "authority": 3}), NOW)
    assert decision.unknown == (Criteria.TIMEFRAME, Criteria.PROFILE)
    assert "total 6 is below the agreed 8 (timeframe, profile unknown)" in decision.reasons


def test_an_unknown_authority_tells_the_telecaller_to_ask_who_decides():
    scores = {"need": 3, "timeframe": 3, "profile": 3}
    decision = evaluate(RULE, outcome(scores=scores, meeting=WITH_DECISION_MAKER), NOW)
    assert decision.kind is DecisionKind.NURTURE
    assert "authority is unknown and the agreed minimum is 2: ask who decides" in decision.reasons


def test_a_do_not_call_request_wins_even_over_a_sloppy_form():
    facts = outcome("dnc", scores={"need": 9, "budget": 1}, override_reason="")
    decision = evaluate(RULE, facts, NOW)
    assert decision.kind is DecisionKind.DNC
    assert "not to be called again" in decision.reasons[0]


@pytest.mark.parametrize(
    "disposition, reason",
    [
        (disposition_for("wrong-number"), "the number is wrong: disqualified"),
        (
            Disposition("fax", "Fax tone", frozenset({Flag.UNWORKABLE})),
            "the number is unworkable: disqualified",
        ),
    ],
)
def test_a_number_that_cannot_reach_the_lead_is_disqualified(disposition, reason):
    decision = evaluate(RULE, OutcomeFacts(disposition), NOW)
    assert (decision.kind, decision.reasons) == (DecisionKind.DISQUALIFY, (reason,))


@pytest.mark.parametrize("mine", [True, False])
def test_a_callback_with_a_time_is_booked_for_that_time_and_keeps_its_owner(mine):
    facts = outcome("callback", callback=CallbackRequest(SOON, mine=mine))
    decision = evaluate(RULE, facts, NOW)
    assert (decision.kind, decision.follow_up_at) == (DecisionKind.CALLBACK, SOON)
    assert ("yours" in decision.reasons[0]) is mine


def test_a_gatekeeper_who_offers_a_callback_is_a_callback():
    facts = outcome("gatekeeper", callback=CallbackRequest(SOON))
    assert evaluate(RULE, facts, NOW).kind is DecisionKind.CALLBACK


@pytest.mark.parametrize("code", ["no-answer", "busy", "voicemail", "gatekeeper"])
def test_no_contact_is_retried_when_the_cadence_says(code):
    next_attempt = NOW + timedelta(hours=3)
    decision = evaluate(RULE, outcome(code), NOW, next_attempt_at=next_attempt)
    assert (decision.kind, decision.follow_up_at) == (DecisionKind.RETRY, next_attempt)
    assert decision.reasons[0].endswith("try again")


@pytest.mark.parametrize("code", ["no-answer", "voicemail", "gatekeeper"])
def test_no_contact_after_the_last_attempt_goes_to_nurture_for_30_days(code):
    decision = evaluate(RULE, outcome(code, attempts_exhausted=True), NOW)
    assert (decision.kind, decision.follow_up_at) == (
        DecisionKind.NURTURE,
        NOW + timedelta(days=30),
    )


def test_an_interest_lead_that_is_not_retried_waits_for_its_next_follow_up_when_unreached():
    rule = HandoffRule(interest_follow_up_days=21)
    facts = outcome("no-answer", intent="interest", retries=False)
    decision = evaluate(rule, facts, NOW, next_attempt_at=NOW + timedelta(hours=1))
    assert (decision.kind, decision.follow_up_at) == (
        DecisionKind.NURTURE,
        NOW + timedelta(days=21),
    )
    assert decision.reasons[0] == (
        "no one was reached; an interest lead waits for its next follow-up"
    )
    reached = evaluate(
        rule, outcome("callback", callback=CallbackRequest(SOON), retries=False), NOW
    )
    assert reached.kind is DecisionKind.CALLBACK  # a callback they asked for still stands


def test_not_interested_waits_in_nurture_unless_a_written_reason_disqualifies_it():
    waiting = evaluate(RULE, outcome("not-interested"), NOW)
    gone = evaluate(RULE, outcome("not-interested", disqualify_reason="went bust"), NOW)
    assert (waiting.kind, waiting.follow_up_at) == (DecisionKind.NURTURE, NOW + timedelta(90))
    assert (gone.kind, gone.reasons) == (DecisionKind.DISQUALIFY, ("disqualified: went bust",))


@pytest.mark.parametrize("code, intent", [("nurture", "need"), ("nurture", "interest")])
def test_interest_only_is_followed_up_in_30_days(code, intent):
    decision = evaluate(RULE, outcome(code, intent=intent), NOW)
    assert (decision.kind, decision.follow_up_at) == (DecisionKind.NURTURE, NOW + timedelta(30))
    assert decision.reasons[-1] == "back to nurture: follow up in 30 days"


@pytest.mark.parametrize("timeframe, days", [(1, 90), (2, 45), (3, 14)])
def test_nurture_follow_up_follows_the_stated_timeframe(timeframe, days):
    scores = {"need": 1, "timeframe": timeframe, "authority": 1, "profile": 1}
    decision = evaluate(RULE, outcome(scores=scores), NOW)
    assert decision.follow_up_at == NOW + timedelta(days=days)


def test_what_they_said_about_timing_sets_the_follow_up_when_unscored():
    facts = outcome("nurture", timeframe_text="more than 6 months")
    assert evaluate(RULE, facts, NOW).follow_up_at == NOW + timedelta(days=90)


def test_scores_set_by_hand_are_recorded_on_the_decision():
    facts = outcome(scores=STRONG, meeting=WITH_DECISION_MAKER, scores_set_by_hand=True)
    assert evaluate(RULE, facts, NOW).to_dict()["score"]["set_by_hand"] is True


def test_the_decision_reads_as_the_api_returns_it():
    shown = evaluate(RULE, outcome(scores={"need": 3}), NOW).to_dict()
    assert (shown["decision"], shown["override"]) == ("nurture", False)
    assert shown["follow_up_at"] == "2025-12-24T15:00:00+00:00"
    assert shown["unknown"] == ["timeframe", "authority", "profile"]
    assert shown["score"] == {
        "need": 3,
        "timeframe": None,
        "authority": None,
        "profile": None,
        "total": 3,
        "out_of": 12,
        "set_by_hand": False,
    }


def test_authority_labels_name_who_decides():
    assert SCORE_LABELS[Criteria.AUTHORITY] == {
        1: "recommender / information gatherer",
        2: "influencer",
        3: "decision maker",
    }
    assert SCORE_LABELS[Criteria.TIMEFRAME][1] == "more than 6 months"


@pytest.mark.parametrize(
    "said, score",
    [
        ("more than 6 months", 1),
        ("next year", 1),
        ("not now, maybe later", 1),
        ("3-6 months", 2),
        ("next quarter", 2),
        ("within 3 months", 3),
        ("ASAP", 3),
        ("in 2 weeks", 3),
        ("depends on the board", None),
    ],
)
def test_what_a_contact_says_about_timing_maps_to_a_timeframe_score(said, score):
    assert timeframe_from_text(said) == score


@pytest.mark.parametrize(
    "scores, field, words",
    [
        ({"need": 4}, "scores.need", "outside 1-3; choose 1 (interest only"),
        ({"authority": 0}, "scores.authority", "3 (decision maker)"),
        ({"need": "3"}, "scores.need", "outside 1-3"),
        ({"need": True}, "scores.need", "outside 1-3"),
        ({"budget": 2}, "scores.budget", "use need, timeframe, authority or profile"),
    ],
)
def test_a_score_outside_the_agreement_is_refused_with_the_fix(scores, field, words):
    with pytest.raises(OutcomeInvalid) as refused:
        evaluate(RULE, outcome(scores=scores), NOW)
    assert words in refused.value.fields[field]


@pytest.mark.parametrize(
    "facts, field",
    [
        (
            outcome(scores=STRONG, meeting=BookedMeeting(NOW - timedelta(hours=1))),
            "meeting.starts_at",
        ),
        (outcome("not-interested", meeting=WITH_DECISION_MAKER), "meeting"),
        (outcome("callback"), "callback.at"),
        (outcome("callback", callback=CallbackRequest(NOW)), "callback.at"),
        (outcome(meeting=WITH_DECISION_MAKER, callback=CallbackRequest(SOON)), "callback"),
        (outcome(scores=STRONG, override_reason="   "), "override_reason"),
        (outcome("nurture", override_reason="keen"), "override_reason"),
        (outcome("not-interested", disqualify_reason=""), "disqualify_reason"),
        (outcome(disqualify_reason="no budget"), "disqualify_reason"),
        (outcome("nurture", intent="curious"), "intent"),
    ],
)
def test_an_outcome_that_contradicts_itself_is_refused_naming_the_field(facts, field):
    with pytest.raises(OutcomeInvalid) as refused:
        evaluate(RULE, facts, NOW)
    assert list(refused.value.fields) == [field]


def test_every_problem_is_reported_at_once():
    facts = outcome(scores={"need": 5, "profile": 0}, override_reason="")
    with pytest.raises(OutcomeInvalid) as refused:
        evaluate(RULE, facts, NOW)
    assert set(refused.value.fields) == {"scores.need", "scores.profile", "override_reason"}


def test_the_rule_round_trips_through_its_stored_form():
    stored = HandoffRule().to_dict()
    assert stored["threshold"] == 8
    assert stored["minimums"] == {"authority": 2, "need": 2}
    assert stored["requires"] == {"meeting": True, "decision_maker_present": True}
    assert stored["follow_up_days"]["timeframe"] == {"1": 90, "2": 45, "3": 14}
    assert HandoffRule.from_dict(stored) == HandoffRule()


@pytest.mark.parametrize(
    "stored, field",
    [
        ({"threshold": 13}, "threshold"),
        ({"threshold": 7.5}, "threshold"),
        ({"minimums": {"budget": 2}}, "minimums.budget"),
        ({"minimums": {"need": 4}}, "minimums.need"),
        ({"minimums": [2]}, "minimums"),
        ({"requires": {"meeting": "yes"}}, "requires.meeting"),
        ({"follow_up_days": {"interest": 0}}, "follow_up_days.interest"),
        ({"follow_up_days": {"timeframe": {"4": 10}}}, "follow_up_days.timeframe.4"),
        ({"follow_up_days": {"timeframe": {"1": -1}}}, "follow_up_days.timeframe.1"),
        ({"thresold": 8}, "rule.thresold"),
    ],
)
def test_a_malformed_stored_rule_names_each_bad_setting(stored, field):
    with pytest.raises(RuleInvalid) as refused:
        HandoffRule.from_dict(stored)
    assert field in refused.value.fields
