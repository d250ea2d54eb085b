"""The calibration rules: rates with intervals, exact replays, the rule search, coaching."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.domain.calibration import (
    Handled,
    Rate,
    Verdict,
    candidate_rules,
    coaching,
    facts_from_stored,
    replay,
    score_rates,
    stored_facts,
    suggest,
    thin_data,
)
from console.domain.dispositions import DEFAULT_DISPOSITIONS
from console.domain.handoff import BookedMeeting, HandoffRule, OutcomeFacts, evaluate

AT = datetime(2026, 11, 2, 15, tzinfo=UTC)
AGREED = HandoffRule()
QUALIFIED = next(d for d in DEFAULT_DISPOSITIONS if d.code == "qualified")


def handled(number: int, scores: dict, accepted: bool | None, *, rule=AGREED, **kw):
    """A qualified call with a meeting with the decision maker, decided by `rule`."""
    facts = OutcomeFacts(
        QUALIFIED, scores=scores, meeting=BookedMeeting(AT + timedelta(days=2), True)
    )
    stored = stored_facts(facts)
    flags = [str(f) for f in QUALIFIED.flags]
    back = facts_from_stored("qualified", flags, scores, False, stored)
    decision = evaluate(rule, facts, AT).kind
    verdict = None if decision != "handoff" else Verdict(accepted, **kw)
    return Handled(number, number, 1, AT, str(decision), False, scores, {}, back, verdict)


def full(need, timeframe, authority, profile):
    return {"need": need, "timeframe": timeframe, "authority": authority, "profile": profile}


def test_a_rate_carries_its_wilson_interval():
    rate = Rate(9, 10).to_dict()
    assert rate["rate"] == 0.9
    assert 0.59 < rate["low"] < 0.6 and 0.98 < rate["high"] < 0.99
    assert Rate(0, 0).to_dict() == {"k": 0, "n": 0, "rate": None, "low": 0.0, "high": 1.0}


def test_stored_facts_give_back_the_same_decision():
    one = handled(1, full(3, 3, 3, 3), True)
    assert replay(HandoffRule(), [one]).handoffs == 1


def test_a_stricter_rule_loses_handoffs_and_a_looser_one_gains_them():
    loose = HandoffRule(threshold=4, minimums={})
    records = [
        handled(1, full(3, 3, 3, 3), True, rule=loose),
        handled(2, full(1, 1, 3, 1), False, rule=loose),
        handled(3, full(3, 1, 1, 1), None, rule=loose),
    ]
    strict = replay(HandoffRule(threshold=8), records)
    assert [h.outcome_id for h in strict.lost] == [2, 3]
    assert strict.gained == () and strict.handoffs == 1 and strict.acceptance == 1.0
    same = replay(loose, records)
    assert same.differ == 0 and not same.gained and not same.lost


def test_unreviewed_handoffs_count_by_the_model_estimate():
    records = [handled(1, full(3, 3, 3, 3), None)]
    result = replay(HandoffRule(), records, predict=lambda scores: 0.75)
    assert result.expected_accepted == 0.75 and result.estimated == 1


def test_the_search_covers_every_threshold_and_minimum():
    rules = candidate_rules(HandoffRule())
    assert len(rules) == 9 * 3**4
    assert all(r.requires_meeting for r in rules)


def test_the_suggestion_keeps_to_the_target_with_the_most_accepted():
    loose = HandoffRule(threshold=4, minimums={})
    records = [
        *(handled(n, full(3, 2, 3, 2), True, rule=loose) for n in range(10)),
        *(handled(10 + n, full(1, 2, 3, 2), n < 2, rule=loose) for n in range(10)),
    ]
    found = suggest(loose, records, target=90)
    assert found.best.handoffs == 10 and found.best.acceptance == 1.0
    assert found.current.handoffs == 20 and found.current.acceptance == 0.6
    assert found.best.rule.minimums.get("need", 0) >= 2 or found.best.rule.threshold > 8


def test_few_reviews_are_too_thin_to_rank():
    assert "Only 1 handoff was reviewed" in thin_data([handled(1, full(3, 3, 3, 3), True)])


def test_rates_by_score_count_reviewed_handoffs_only():
    records = [handled(1, full(3, 3, 3, 3), True), handled(2, full(3, 3, 3, 3), None)]
    need3 = next(r for r in score_rates(records) if r.key == "need" and r.value == "3")
    assert need3.accepted.n == 1 and need3.accepted.k == 1


def test_coaching_counts_each_criterion_sales_overturned():
    records = [
        handled(1, full(3, 3, 3, 3), False, overturned=("authority",)),
        handled(2, full(3, 3, 3, 3), True),
    ]
    first = coaching(records)[0]
    assert first.sentence == "authority overturned once in 2 reviewed handoffs"
    assert first.call_ids == (1,)
