"""The sales review loop: accept or reject, then held, then an opportunity, then won or lost."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from console.domain.criteria import Criteria
from console.domain.handoff import HandoffRule
from console.domain.meetings import (
    IllegalTransition,
    MeetingAction,
    MeetingStatus,
    NotYetStarted,
    RejectReason,
    ReviewInvalid,
    after_no_show,
    after_rejection,
    allowed_actions,
    attendance_opens,
    rejection,
    round_robin,
    transition,
)

NOW = datetime(2025, 11, 24, 15, 0, tzinfo=UTC)
MISROUTED = rejection("procedural", note="wrong territory")


@pytest.mark.parametrize(
    "status, action, after",
    [
        ("booked", "accept", MeetingStatus.ACCEPTED),
        ("booked", "reschedule", MeetingStatus.BOOKED),
        ("accepted", "reschedule", MeetingStatus.ACCEPTED),
        ("accepted", "held", MeetingStatus.HELD),
        ("accepted", "no_show", MeetingStatus.NO_SHOW),
        ("held", "opportunity", MeetingStatus.OPPORTUNITY),
        ("held", "lost", MeetingStatus.LOST),
        ("opportunity", "lost", MeetingStatus.LOST),
    ],
)
def test_a_meeting_moves_along_the_funnel(status, action, after):
    assert transition(status, action) is after


def test_a_rejection_with_a_reason_closes_the_meeting():
    assert transition("booked", "reject", rejected=MISROUTED) is MeetingStatus.REJECTED


@pytest.mark.parametrize("amount", [1, Decimal("12500.00")])
def test_an_opportunity_is_won_with_its_amount(amount):
    assert transition("opportunity", "won", amount=amount) is MeetingStatus.WON


@pytest.mark.parametrize(
    "status, action, message",
    [
        ("rejected", "held", "a rejected meeting cannot be marked held"),
        ("booked", "held", "a booked meeting cannot be marked held; accept it first"),
        ("no_show", "reschedule", "a no-show meeting cannot be rescheduled"),
        ("accepted", "reject", "an accepted meeting cannot be rejected"),
        ("won", "lost", "a won meeting cannot be marked lost"),
        ("held", "won", "a held meeting cannot be marked won"),
    ],
)
def test_an_out_of_order_review_is_refused_in_plain_words(status, action, message):
    with pytest.raises(IllegalTransition) as refused:
        transition(status, action)
    assert str(refused.value) == message


@pytest.mark.parametrize("amount", [None, 0, -5])
def test_a_win_without_a_positive_amount_is_refused(amount):
    with pytest.raises(ReviewInvalid) as refused:
        transition("opportunity", "won", amount=amount)
    assert "greater than 0" in refused.value.fields["amount"]


def test_a_rejection_without_a_reason_is_refused():
    with pytest.raises(ReviewInvalid) as refused:
        transition("booked", "reject")
    assert "procedural, clerical or definitional" in refused.value.fields["reason"]


@pytest.mark.parametrize(
    "status, actions",
    [
        ("booked", {"accept", "reject", "reschedule", "cancel"}),
        ("opportunity", {"won", "lost"}),
        ("lost", set()),
    ],
)
def test_the_review_screen_offers_only_allowed_actions(status, actions):
    assert set(allowed_actions(status)) == {MeetingAction(a) for a in actions}


def test_a_definitional_rejection_says_which_criteria_were_wrong():
    said = rejection("definitional", ["authority", "need"], "  not the buyer ")
    assert said.reason is RejectReason.DEFINITIONAL
    assert said.overturned == {Criteria.AUTHORITY, Criteria.NEED}
    assert said.note == "not the buyer"


@pytest.mark.parametrize(
    "reason, overturned, field, words",
    [
        ("definitional", [], "overturned", "say which criterion was wrong"),
        ("definitional", ["budget"], "overturned", "unknown criteria budget"),
        ("clerical", ["need"], "overturned", "only a definitional rejection"),
        ("too small", [], "reason", "choose procedural (misrouted)"),
    ],
)
def test_a_rejection_is_one_of_the_three_agreed_reasons(reason, overturned, field, words):
    with pytest.raises(ReviewInvalid) as refused:
        rejection(reason, overturned)
    assert words in refused.value.fields[field]


def test_a_rejected_lead_goes_back_to_nurture_with_its_score_reset():
    rule = HandoffRule()
    back = after_rejection(rule, rejection("definitional", ["authority"]), NOW)
    assert back.follow_up_at == NOW + timedelta(days=30)
    assert back.scores == dict.fromkeys(Criteria)
    assert back.reason == "sales rejected it as definitional (authority overturned)"


def test_a_no_show_is_called_again_soon_to_rebook():
    back = after_no_show(HandoffRule(), NOW)
    assert back.follow_up_at == NOW + timedelta(days=2)
    assert all(score is None for score in back.scores.values())


@pytest.mark.parametrize(
    "last, chosen",
    [(None, 11), (11, 12), (12, 13), (13, 11), (99, 11)],
)
def test_meetings_go_round_the_sales_team_in_turn(last, chosen):
    assert round_robin([11, 12, 13], last) == chosen


def test_a_team_without_sales_reps_cannot_take_a_meeting():
    with pytest.raises(ValueError, match="no sales rep"):
        round_robin([], None)


MEETING_AT = datetime(2027, 3, 9, 15, 0, tzinfo=UTC)


def test_held_and_no_show_wait_for_the_meeting_to_begin():
    before = MEETING_AT - timedelta(minutes=1)
    assert allowed_actions("accepted", MEETING_AT, before) == (
        MeetingAction.RESCHEDULE,
        MeetingAction.CANCEL,
    )
    assert attendance_opens("accepted", MEETING_AT, before) == MEETING_AT
    with pytest.raises(NotYetStarted) as early:
        transition("accepted", "held", starts_at=MEETING_AT, now=before)
    assert early.value.starts_at == MEETING_AT and "before it starts" in str(early.value)


def test_once_the_meeting_begins_held_and_no_show_are_offered():
    assert set(allowed_actions("accepted", MEETING_AT, MEETING_AT)) == {
        MeetingAction.HELD,
        MeetingAction.NO_SHOW,
        MeetingAction.RESCHEDULE,
    }
    assert attendance_opens("accepted", MEETING_AT, MEETING_AT) is None
    assert transition("accepted", "no_show", starts_at=MEETING_AT, now=MEETING_AT) == "no_show"


def test_a_booked_meeting_is_reviewed_whenever_it_starts():
    early = MEETING_AT - timedelta(days=3)
    assert attendance_opens("booked", MEETING_AT, early) is None  # accept or reject any time
    assert set(allowed_actions("booked", MEETING_AT, early)) == {
        MeetingAction.ACCEPT,
        MeetingAction.REJECT,
        MeetingAction.RESCHEDULE,
        MeetingAction.CANCEL,
    }
