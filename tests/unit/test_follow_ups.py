"""Leads that come back from nurture: their place in the queue, what they become when taken, and
the sentence that says why they left and what changed."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from console.domain.follow_ups import (
    Departure,
    FollowUpReason,
    came_back,
    due,
    reason_of,
    weeks_from,
)
from console.domain.queue import (
    Blocker,
    Bucket,
    Candidate,
    LeadStatus,
    QueuePolicy,
    ago,
    bucket_order,
    pick_next,
    take_back,
    why_not,
)

# Monday 2024-06-03 15:00 UTC: 11:00 in New York.
NOW = datetime(2024, 6, 3, 15, tzinfo=UTC)
ME = 7
POLICY = QueuePolicy()


def nurtured(**changes) -> Candidate:
    """A need lead in nurture after six unanswered attempts, its follow-up due an hour ago."""
    base = Candidate(
        id=changes.pop("id", 1),
        intent="need",
        arrived_at=NOW - timedelta(days=40),
        attempts=6,
        zones=("America/New_York",),
        country="US",
        region="NY",
        status=LeadStatus.nurture,
        follow_up_at=NOW - timedelta(hours=1),
    )
    return replace(base, **changes)


def fresh(**changes) -> Candidate:
    base = Candidate(id=90, intent="need", arrived_at=NOW - timedelta(minutes=3), zones=("UTC",))
    return replace(base, **changes)


def retry(**changes) -> Candidate:
    values = {"id": 91, "attempts": 2, "next_attempt_at": NOW - timedelta(minutes=1)}
    return fresh(**{**values, **changes})


def test_a_lead_in_nurture_whose_follow_up_has_come_is_callable_again():
    pick = pick_next([nurtured()], ME, NOW, POLICY)
    assert pick.bucket is Bucket.follow_up
    assert pick.reason == (
        "Follow-up due 60 minutes ago: back from nurture for a new round of calls."
    )


def test_a_lead_in_nurture_waits_for_its_follow_up_date():
    waiting = nurtured(follow_up_at=NOW + timedelta(days=3))
    assert why_not(waiting, ME, NOW, POLICY) is Blocker.awaiting_follow_up
    pick = pick_next([waiting], ME, NOW, POLICY)
    assert pick.why == {"awaiting_follow_up": 1}
    assert pick.reason == "No lead can be called right now: 1 waiting for their follow-up date."


def test_a_lead_in_nurture_without_a_follow_up_date_is_not_in_the_queue():
    assert why_not(nurtured(follow_up_at=None), ME, NOW, POLICY) is Blocker.not_queued


def test_follow_ups_come_after_fresh_need_callbacks_and_retries_but_before_the_backlog():
    assert bucket_order() == (
        Bucket.personal_callback,
        Bucket.fresh_need,
        Bucket.shared_callback,
        Bucket.retry,
        Bucket.follow_up,
        Bucket.backlog,
    )
    assert pick_next([nurtured(), retry()], ME, NOW, POLICY).bucket is Bucket.retry


def test_a_campaign_can_put_follow_ups_before_fresh_need():
    first = QueuePolicy(follow_ups_first=True)
    assert bucket_order(first)[:3] == (
        Bucket.personal_callback,
        Bucket.follow_up,
        Bucket.fresh_need,
    )
    assert pick_next([fresh(), nurtured()], ME, NOW, first).bucket is Bucket.follow_up
    assert pick_next([fresh(), nurtured()], ME, NOW, POLICY).bucket is Bucket.fresh_need


def test_the_longest_overdue_follow_up_goes_first_and_one_released_before_any_still_in_nurture():
    older = nurtured(id=1, follow_up_at=NOW - timedelta(days=3))
    newer = nurtured(id=2, follow_up_at=NOW - timedelta(days=1))
    assert pick_next([newer, older], ME, NOW, POLICY).lead == older
    released = nurtured(id=3, **take_back(nurtured()))  # taken once, then given back
    assert pick_next([older, released], ME, NOW, POLICY).lead == released


def test_a_lead_taken_back_starts_a_new_round_of_attempts_and_keeps_its_place():
    changes = take_back(nurtured(next_attempt_at=NOW - timedelta(days=9)))
    assert changes == {"status": LeadStatus.queued, "attempts": 0, "next_attempt_at": None}
    taken = replace(nurtured(), **changes)
    assert why_not(taken, ME, NOW, POLICY) is None
    assert pick_next([taken], ME, NOW, POLICY).bucket is Bucket.follow_up  # not fresh need


def test_a_lead_in_its_usual_round_is_not_changed_when_taken():
    assert take_back(fresh()) == {}


def test_an_interest_lead_the_campaign_does_not_call_still_gets_its_follow_up_and_callbacks():
    interest = nurtured(intent="interest", attempts=0)
    assert why_not(interest, ME, NOW, POLICY) is None
    promised = fresh(intent="interest", attempts=1, callback_at=NOW - timedelta(minutes=5))
    assert pick_next([promised], ME, NOW, POLICY).bucket is Bucket.shared_callback
    assert why_not(fresh(intent="interest"), ME, NOW, POLICY) is Blocker.interest_only


def test_a_follow_up_still_keeps_calling_hours_and_the_do_not_call_list():
    assert why_not(nurtured(dnc=True), ME, NOW, POLICY) is Blocker.dnc
    night = nurtured(zones=("Asia/Tokyo",), country="JP", region=None)
    assert why_not(night, ME, NOW, POLICY) is Blocker.outside_calling_hours


def left(reason: FollowUpReason, **changes) -> Departure:
    values = {"reason": reason, "left_at": NOW - timedelta(days=30), "due_at": NOW, **changes}
    return Departure(**values)


def test_a_rejected_lead_says_what_sales_overturned_and_what_to_ask():
    sentence = came_back(left(FollowUpReason.rejected, overturned=("authority",)), NOW, "UTC")
    assert sentence == (
        "Rejected by sales 30 days ago: authority overturned; ask who decides; follow-up due today."
    )


def test_a_rejected_lead_quotes_the_sales_rep_and_a_clerical_reason_says_to_check_the_record():
    rejected = left(FollowUpReason.rejected, rejected_as="clerical", said="Wrong company.  ")
    assert came_back(rejected, NOW, "UTC") == (
        "Rejected by sales 30 days ago: the record was wrong or incomplete; check the details "
        'first; follow-up due today. The sales rep said: "Wrong company".'
    )


def test_a_nurtured_lead_says_what_the_telecaller_noted():
    nurture = left(
        FollowUpReason.nurture, left_at=NOW - timedelta(days=61), said="No budget until Q3."
    )
    assert came_back(nurture, NOW, "UTC") == (
        "Nurture since 2 months ago: No budget until Q3; follow-up due today."
    )


def test_a_no_show_asks_to_rebook_and_counts_new_touches():
    no_show = left(FollowUpReason.no_show, left_at=NOW - timedelta(days=2), touches_since=2)
    assert came_back(no_show, NOW, "UTC") == (
        "No-show 2 days ago: the meeting did not happen; call to rebook it; follow-up due today."
        " It reached us again since: 2 times."
    )


def test_an_interest_lead_names_its_form():
    interest = left(FollowUpReason.interest, form="ebook", due_at=NOW - timedelta(days=1))
    assert came_back(interest, NOW, "UTC") == (
        "Interest only since 30 days ago: from the ebook form; find out whether there is a need "
        "now; follow-up due yesterday."
    )


def test_the_due_day_is_counted_where_the_viewer_is():
    late_sunday_utc = datetime(2024, 6, 3, 2, tzinfo=UTC)  # still Sunday evening in New York
    assert due(late_sunday_utc, NOW, "UTC") == "today"
    assert due(late_sunday_utc, NOW, "America/New_York") == "yesterday"
    assert due(NOW + timedelta(days=3), NOW, "UTC") == "in 3 days"


def test_times_ago_read_in_the_largest_natural_unit():
    spans = [timedelta(seconds=20), timedelta(minutes=90), timedelta(hours=30), timedelta(days=59)]
    assert [ago(span) for span in spans] == [
        "just now",
        "90 minutes ago",
        "30 hours ago",
        "59 days ago",
    ]
    assert ago(timedelta(days=95)) == "3 months ago"


def test_a_lead_sent_to_nurture_before_reasons_were_kept_counts_as_nurture():
    assert reason_of(None) is FollowUpReason.nurture
    assert reason_of("no_show") is FollowUpReason.no_show


def test_this_week_ends_at_midnight_into_monday_where_the_team_lead_is():
    weeks = weeks_from(NOW, "America/New_York")  # Monday 11:00 there
    assert weeks.this_week_ends == datetime(2024, 6, 10, 4, tzinfo=UTC)  # 00:00 EDT
    assert weeks.next_week_ends == datetime(2024, 6, 17, 4, tzinfo=UTC)
    sunday_night = datetime(2024, 6, 10, 3, 59, tzinfo=UTC)
    assert weeks_from(sunday_night, "America/New_York").this_week_ends == weeks.this_week_ends
