"""The review loop's pages: meetings, the packet, my handoffs, the floor's tiles, the rules."""

from __future__ import annotations

import pytest
from sqlmodel import select

from console.contract.common import read
from console.contract.reviews import ReviewInput
from console.models import AuditEntry
from console.services import reviews
from tests.conftest import csrf_token
from tests.handoffs import (
    QUALIFIED_ANSWERS,
    Spy,
    add_lead,
    book_meeting,
    ended_call,
    meeting_begins,
)


@pytest.fixture
def meeting(session, campaign, users):
    lead = add_lead(session, campaign, company="<b>Bold</b> Ltd")
    return book_meeting(session, lead, users["telecaller"])


def test_sales_sees_the_list_with_its_review_clock_and_lead_text_escaped(signed_in, meeting):
    html = signed_in("sales").get("/meetings").get_data(as_text=True)
    assert "1</strong> awaiting review" in html and f'data-meeting="{meeting.id}"' in html
    assert "&lt;b&gt;Bold&lt;/b&gt; Ltd" in html and "<b>Bold</b>" not in html


def test_the_packet_offers_only_the_steps_the_meeting_allows(signed_in, meeting):
    html = signed_in("sales").get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-action="accept"' in html and 'id="reject-form"' in html
    assert 'data-action="held"' not in html and "We answer demo requests" in html
    assert "/invite.ics" in html
    assert "misrouted: the wrong rep, territory or product line" in html  # beside "Procedural"


def test_held_and_no_show_are_offered_once_the_meeting_begins(
    signed_in, session, meeting, users, clock
):
    users["sales"].timezone = "America/New_York"
    reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=users["sales"],
        action="accept",
        review=read(ReviewInput, {}),
        publish=Spy(),
    )
    client = signed_in("sales")
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-action="held"' not in html and 'data-action="no-show"' not in html
    assert "Held and No-show are offered once the meeting begins" in html
    assert "UTC" not in html  # every time in the reader's zone
    meeting_begins(clock, meeting.starts_at)
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-action="held"' in html and 'data-action="no-show"' in html
    assert 'id="attendance-opens"' not in html


def test_the_telecaller_reads_the_packet_but_gets_no_review_buttons(signed_in, meeting):
    client = signed_in("telecaller")
    assert 'data-action="accept"' not in client.get(f"/meetings/{meeting.id}").get_data(
        as_text=True
    )
    assert "Waiting for sales to review" in client.get("/my/handoffs").get_data(as_text=True)
    assert client.get("/meetings").status_code == 403


def test_the_floor_shows_todays_tiles_and_the_booking(signed_in, meeting):
    client = signed_in("lead")
    html = client.get("/floor").get_data(as_text=True)
    assert 'data-kind="meetings_booked"' in html and "meeting booked for Sales Person" in html
    tiles = client.get("/floor/tiles").get_data(as_text=True)
    assert '<div class="tile-value" data-value="1">1</div>' in tiles.replace("\n", "")


def test_the_wrap_up_form_starts_from_the_script(signed_in, session, campaign, users):
    lead = add_lead(session, campaign)
    call = ended_call(session, lead, users["telecaller"], answers=QUALIFIED_ANSWERS)
    html = " ".join(
        signed_in("telecaller").get(f"/wrap-up/{call.id}/form").get_data(as_text=True).split()
    )
    assert 'value="qualified" data-qualified="true" data-callback="false" selected' in html
    assert 'id="wu-next-meeting" value="meeting" checked' in html


def test_an_admin_proposes_a_rule_change_and_it_waits_for_sales(signed_in, session, campaign):
    client = signed_in("admin")
    token = csrf_token(client, f"/rules/{campaign.slug}")
    form = {
        "csrf_token": token,
        "threshold": "9",
        "minimums.need": "3",
        "minimums.authority": "2",
        "requires.meeting": "on",
        "follow_up_days.interest": "30",
        "follow_up_days.timeframe.1": "90",
    }
    shown = client.post(f"/rules/{campaign.slug}", data={**form, "action": "replay"})
    assert shown.status_code == 200 and 'id="rule-replay"' in shown.get_data(as_text=True)
    assert session.exec(select(AuditEntry)).all() == []  # a replay saves nothing
    response = client.post(f"/rules/{campaign.slug}", data={**form, "action": "propose"})
    assert response.status_code == 302
    entry = session.exec(select(AuditEntry)).one()
    assert entry.action == "handoff_rule.propose" and entry.after["rule"]["threshold"] == 9
    assert entry.after["rule"]["requires"]["decision_maker_present"] is False
    session.refresh(campaign)
    assert campaign.handoff_rule["threshold"] == 8  # not in force until sales agrees
    page = client.get(f"/rules/{campaign.slug}").get_data(as_text=True)
    assert "Waiting for sales to agree" in page and "<code>threshold</code>: 8 → 9" in page
    assert 'id="agree-change"' not in page  # the proposer does not agree with themselves
    bad = client.post(f"/rules/{campaign.slug}", data={**form, "threshold": "20"})
    assert bad.status_code == 422 and "use 4 to 12" in bad.get_data(as_text=True)


def test_amounts_show_the_campaigns_currency(signed_in, session, campaign, meeting, users, clock):
    campaign.currency = "EUR"
    session.commit()
    meeting_begins(clock, meeting.starts_at)
    for action, body in (("accept", {}), ("held", {}), ("opportunity", {"amount": "12,500.50"})):
        reviews.act(
            session=session,
            meeting_id=meeting.id,
            viewer=users["sales"],
            action=action,
            review=read(ReviewInput, body),
            publish=Spy(),
        )
    html = signed_in("sales").get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "€12,500.50" in html and "Amount (EUR)" in html


def test_a_rejection_reads_with_its_reason_in_plain_words(signed_in, session, meeting, users):
    reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=users["sales"],
        action="reject",
        review=read(ReviewInput, {"reason": "clerical"}),
        publish=Spy(),
    )
    html = signed_in("telecaller").get("/my/handoffs").get_data(as_text=True)
    assert "as clerical (the record is wrong or incomplete)" in html
