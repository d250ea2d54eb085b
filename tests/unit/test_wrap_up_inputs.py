"""The bounds of what a telecaller and a sales rep send: the outcome, the draft, the review step.
Each bad value is refused by the model, naming its field in words, before any service runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from console.contract.common import read
from console.contract.drafts import DraftInput
from console.contract.outcomes import OutcomeEvaluation, OutcomeInput, Scores
from console.contract.reviews import ReviewInput
from console.domain.criteria import CRITERIA_NAMES
from console.errors import Invalid

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def refusal(model: type, body: dict) -> dict[str, str]:
    """The fields the model names when it refuses the body (read as the API reads it, at NOW)."""
    with pytest.raises(Invalid) as refused:
        read(model, body, context={"now": NOW})
    return refused.value.fields


def ahead(**span: float) -> str:
    return (NOW + timedelta(**span)).isoformat()


def test_a_meeting_thirteen_months_ahead_is_beyond_the_booking_horizon():
    body = {"disposition": "qualified", "meeting": {"starts_at": ahead(days=395)}}
    assert refusal(OutcomeInput, body) == {
        "meeting.starts_at": "pick a time within the next 12 months"
    }


def test_a_meeting_eleven_months_ahead_is_booked():
    outcome = read(OutcomeInput, {"meeting": {"starts_at": ahead(days=335)}}, context={"now": NOW})
    assert outcome.meeting.starts_at == NOW + timedelta(days=335)


def test_a_callback_in_year_9999_west_of_greenwich_is_refused_rather_than_overflowing():
    body = {"callback": {"at": "9999-12-31T23:30:00-12:00"}}
    assert "callback.at" in refusal(OutcomeInput, body)


def test_a_local_meeting_time_keeps_its_named_zone_for_the_service_to_read():
    body = {"meeting": {"starts_at": "2026-12-10T10:00", "timezone": "America/New_York"}}
    meeting = read(OutcomeInput, body, context={"now": NOW}).meeting
    assert meeting.starts_at.tzinfo is None and meeting.timezone == "America/New_York"


def test_a_time_that_is_no_time_says_to_use_iso_8601():
    fields = refusal(OutcomeInput, {"meeting": {"starts_at": "next tuesday"}})
    assert "ISO 8601" in fields["meeting.starts_at"]


def test_a_zone_that_is_no_iana_zone_is_named():
    body = {"meeting": {"starts_at": "2026-12-10T10:00", "timezone": "Mars/Olympus"}}
    assert "not an IANA time zone" in refusal(OutcomeInput, body)["meeting.timezone"]


def test_a_nul_in_the_notes_is_named():
    fields = refusal(OutcomeInput, {"notes": "called back\x00"})
    assert fields == {"notes": "remove the control characters (such as NUL) from it"}


def test_notes_longer_than_their_column_are_refused_not_cut():
    assert refusal(OutcomeInput, {"notes": "n" * 4001}) == {
        "notes": "shorten it to 4000 characters"
    }
    assert "next_step" in refusal(OutcomeInput, {"next_step": "n" * 501})


def test_a_score_of_4_is_outside_1_to_3():
    assert refusal(OutcomeInput, {"scores": {"need": 4}}) == {"scores.need": "use 3 or less"}


def test_a_score_given_as_text_is_refused():
    assert "scores.authority" in refusal(OutcomeInput, {"scores": {"authority": "3"}})


def test_the_scores_are_the_domains_criteria():
    assert tuple(Scores.model_fields) == CRITERIA_NAMES


def test_scores_set_by_hand_are_only_those_given():
    outcome = read(OutcomeInput, {"scores": {"need": 3, "profile": None}})
    assert outcome.hand_scores() == {"need": 3, "profile": None}
    assert read(OutcomeInput, {"scores": {}}).hand_scores() == {}


@pytest.mark.parametrize("minutes", [14, 241, "30"])
def test_a_meeting_lasts_15_to_240_minutes(minutes):
    body = {"meeting": {"starts_at": ahead(days=3), "duration_minutes": minutes}}
    assert "meeting.duration_minutes" in refusal(OutcomeInput, body)


@pytest.mark.parametrize(
    ("model", "body", "field"),
    [
        (OutcomeInput, {"disposition": "busy", "dispositon": "busy"}, "dispositon"),
        (OutcomeInput, {"call_id": 4}, "call_id"),  # only the preview names a call
        (OutcomeInput, {"meeting": {"starts_at": ahead(days=3), "room": "4B"}}, "meeting.room"),
        (DraftInput, {"answer": {}}, "answer"),
        (ReviewInput, {"reasons": "clerical"}, "reasons"),
    ],
)
def test_an_unknown_field_is_named_to_be_removed(model, body, field):
    assert refusal(model, body) == {field: "this field is not used here: remove it"}


def test_the_preview_may_leave_out_the_disposition_and_name_its_call():
    preview = read(OutcomeEvaluation, {"call_id": 7})
    assert preview.call_id == 7 and preview.disposition is None


def test_every_field_out_of_bounds_is_named_at_once():
    body = {
        "scores": {"need": 7},
        "notes": 5,
        "meeting": {"starts_at": ahead(days=400), "sales_rep": True},
    }
    fields = refusal(OutcomeInput, body)
    assert set(fields) == {"scores.need", "notes", "meeting.starts_at", "meeting.sales_rep"}


def test_a_draft_answer_is_a_choice_or_words_but_not_both():
    body = {"answers": {"opening": {"choice": "speaking", "text": "hi"}}}
    assert refusal(DraftInput, body) == {
        "answers.opening": 'an answer is {"choice": id} or {"text": words}'
    }
    draft = read(DraftInput, {"answers": {"reason": {"text": "late replies"}}})
    assert draft.stored_answers() == {"reason": {"text": "late replies"}}


def test_a_typed_answer_longer_than_2000_characters_goes_in_the_notes():
    body = {"answers": {"reason": {"text": "w" * 2001}}}
    assert refusal(DraftInput, body) == {"answers.reason.text": "shorten it to 2000 characters"}


@pytest.mark.parametrize("amount", [1e30, "1e30", "NaN", "Infinity", -5, 0, "12,000,000,000,000"])
def test_an_amount_that_is_no_real_deal_is_named(amount):
    assert "amount" in refusal(ReviewInput, {"amount": amount})


def test_an_amount_of_1e30_says_how_large_a_deal_may_be():
    assert refusal(ReviewInput, {"amount": 1e30}) == {"amount": "use 100000000000.00 or less"}


def test_an_amount_typed_with_thousands_commas_is_read_in_cents():
    assert read(ReviewInput, {"amount": "50,000,000.00"}).cents() == 5_000_000_000
    assert read(ReviewInput, {"amount": 0.1}).amount == Decimal("0.1")


def test_an_amount_finer_than_a_cent_is_refused():
    assert refusal(ReviewInput, {"amount": "12.345"}) == {
        "amount": "give an amount with at most two decimal places"
    }


def test_a_rejection_reason_and_its_criteria_come_from_the_domain():
    assert "reason" in refusal(ReviewInput, {"reason": "rude"})
    assert "overturned.0" in refusal(ReviewInput, {"overturned": ["budget"]})
    review = read(ReviewInput, {"reason": "definitional", "overturned": ["authority"]})
    assert review.reason == "definitional" and review.overturned == ["authority"]


def test_a_reschedule_beyond_the_horizon_is_named():
    assert "starts_at" in refusal(ReviewInput, {"starts_at": "9999-12-31T23:30:00-12:00"})
