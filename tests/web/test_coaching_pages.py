"""Coaching: each telecaller sees the criteria sales overturned on their handoffs, with the calls;
team leads see everyone's."""

from __future__ import annotations

from console.contract.reviews import ReviewInput
from console.services import reviews
from tests.handoffs import Spy, add_lead, book_meeting


def reject(session, meeting, users, criterion: str) -> None:
    review = ReviewInput(reason="definitional", overturned=[criterion], note="Not the buyer.")
    reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=users["sales"],
        action="reject",
        review=review,
        publish=Spy(),
    )


def accept(session, meeting, users) -> None:
    reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=users["sales"],
        action="accept",
        review=ReviewInput(),
        publish=Spy(),
    )


def three_reviewed(session, campaign, users):
    """Three handoffs this month: authority overturned on two, the third accepted."""
    booked = [
        book_meeting(session, add_lead(session, campaign), users["telecaller"]) for _ in range(3)
    ]
    reject(session, booked[0], users, "authority")
    reject(session, booked[1], users, "authority")
    accept(session, booked[2], users)
    return booked


def test_a_telecaller_sees_which_scores_sales_overturned_with_the_calls(
    session, campaign, users, signed_in
):
    three_reviewed(session, campaign, users)
    page = signed_in("telecaller").get("/my/handoffs").get_data(as_text=True)
    assert "authority overturned 2 times in 3 reviewed handoffs" in page
    assert page.count('href="/calls/') >= 2


def test_a_team_lead_sees_each_telecaller(session, campaign, users, signed_in):
    three_reviewed(session, campaign, users)
    page = signed_in("lead").get("/coaching").get_data(as_text=True)
    assert "<strong>Telecaller Person</strong>: authority overturned 2 times" in page


def test_sales_reps_do_not_open_coaching(signed_in):
    assert signed_in("sales").get("/coaching").status_code == 403
