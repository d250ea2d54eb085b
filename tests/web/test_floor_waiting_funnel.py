"""The floor's waiting fresh need leads (with the instants their clocks turn amber and red) and
today's funnel by campaign and team, today where the team lead is."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from console.contract.common import read
from console.contract.reviews import ReviewInput
from console.services import reviews
from tests.handoffs import Spy, add_lead, book_meeting


@pytest.fixture
def reader_in_new_york(session, users):
    users["lead"].timezone = "America/New_York"
    session.commit()


def test_a_waiting_fresh_need_lead_is_listed_escaped_with_its_clock(
    signed_in, session, campaign, working_hours
):
    lead = add_lead(session, campaign, first_name="<b>Ada</b>", arrived_at=working_hours)
    add_lead(session, campaign, first_name="Dialled", attempts=1)
    add_lead(session, campaign, first_name="Curious", intent="interest")
    html = signed_in("lead").get("/floor/waiting").get_data(as_text=True)
    row = re.search(rf'<tr data-lead="{lead.id}"[^>]*>', html).group(0)
    # The campaign's window is an hour: amber at half of it, red at its end.
    assert f'data-amber-at="{(working_hours + timedelta(minutes=30)).isoformat()}"' in row
    assert f'data-red-at="{(working_hours + timedelta(hours=1)).isoformat()}"' in row
    assert 'data-colour="green"' in row
    assert "&lt;b&gt;Ada&lt;/b&gt;" in html and "<b>Ada</b>" not in html
    assert "Dialled" not in html and "Curious" not in html


def test_a_lead_past_its_window_is_red_on_the_page_as_it_loads(
    signed_in, session, campaign, working_hours
):
    add_lead(session, campaign, arrived_at=working_hours - timedelta(minutes=70))
    html = signed_in("lead").get("/floor").get_data(as_text=True)
    assert 'data-colour="red"' in html and "table-danger" in html


def test_todays_funnel_counts_each_stage_by_campaign_and_team(
    signed_in, session, campaign, users, working_hours, reader_in_new_york
):
    add_lead(session, campaign, arrived_at=working_hours - timedelta(days=1))  # yesterday
    meeting = book_meeting(session, add_lead(session, campaign), users["telecaller"])
    reviews.act(
        session=session, meeting_id=meeting.id, viewer=users["sales"], action="accept",
        review=read(ReviewInput, {}), publish=Spy(),
    )  # fmt: skip
    html = signed_in("lead").get("/floor/funnel").get_data(as_text=True)
    expected = {"arrived": 1, "dialled": 1, "connected": 1, "conversations": 1,
                "qualified": 1, "booked": 1, "accepted": 1, "held": 0}  # fmt: skip
    for row in ('data-campaign="Inbound demo requests"', "data-total"):
        cells = _cells(html, row)
        assert cells == {key: str(n) for key, n in expected.items()}, row
    assert _cells(html, 'data-team="Team North"') == {
        key: "–" if key == "arrived" else str(n) for key, n in expected.items()
    }


def test_the_floor_fragments_are_for_team_leads_only(signed_in):
    client = signed_in("telecaller")
    assert client.get("/floor/waiting").status_code in (302, 403)
    assert client.get("/floor/funnel").status_code in (302, 403)


def _cells(html: str, row: str) -> dict[str, str]:
    found = re.search(rf"<tr {row}[^>]*>(.*?)</tr>", html, re.S).group(1)
    return dict(re.findall(r'data-stage="(\w+)">([^<]*)</td>', found))
