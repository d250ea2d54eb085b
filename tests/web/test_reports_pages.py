"""The Reports page and My figures: who sees what, the charts' data from the server, and CSV
downloads that open safely in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from console.services import accounts, campaign_people
from tests.conftest import PASSWORD, sign_in
from tests.handoffs import add_lead, book_meeting

TABLES = ("leaderboard", "telecallers", "rejections", "funnel", "trend", "speed")


@pytest.fixture
def booked(session, campaign, users, working_hours):
    """A meeting booked by the telecaller, and one by a telecaller whose name is a formula."""
    book_meeting(session, add_lead(session, campaign), users["telecaller"])
    formula = accounts.create_user(
        session=session,
        email="formula@example.test",
        name='=HYPERLINK("http://evil.test","click")',
        role="telecaller",
        password=PASSWORD,
        team="Team North",
    )
    campaign_people.add_members(session=session, campaign=campaign, users=[formula])
    book_meeting(session, add_lead(session, campaign), formula)
    return formula


def charts_of(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="report-charts">(.*?)</script>', html)
    return json.loads(found.group(1))


def test_a_team_lead_sees_every_telecaller_and_the_charts_data(signed_in, booked):
    page = signed_in("lead").get("/reports?period=this-week")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Telecaller Person" in html and "Leaderboard" in html
    assert "&#34;click&#34;" in html or "&quot;click&quot;" in html  # escaped, never markup
    charts = charts_of(html)
    funnel = dict(zip(charts["funnel"]["labels"], charts["funnel"]["counts"], strict=True))
    assert funnel["Meetings booked"] == 2
    for table in TABLES:
        assert f"/reports/{table}.csv?period=this-week" in html


def test_a_telecaller_sees_only_their_own_figures(client, users, booked):
    sign_in(client, users["telecaller"].email)
    assert client.get("/reports").status_code == 403
    mine = client.get("/me/figures?period=this-week").get_data(as_text=True)
    assert "Telecaller Person" in mine and "HYPERLINK" not in mine
    rows = list(csv.reader(io.StringIO(client.get("/me/figures/telecallers.csv").text)))
    assert [row[0] for row in rows[1:]] == ["Telecaller Person", "Team"]
    on = client.get("/me/figures?period=this-week&campaign=inbound")
    assert on.status_code == 200 and "Telecaller Person" in on.get_data(as_text=True)


def test_a_telecaller_cannot_see_a_campaign_they_are_not_on(session, client, users, booked):
    from console.services import campaigns

    campaigns.create_campaign(session=session, slug="other", name="Other", script_id="x")
    sign_in(client, users["telecaller"].email)
    assert "Other" not in client.get("/me/figures").get_data(as_text=True)
    refused = client.get("/me/figures/funnel.csv?campaign=other")
    assert refused.status_code == 400 and "not on a campaign called 'other'" in refused.text


@pytest.mark.parametrize("path", ["/reports", "/me/figures", "/reports/funnel.csv"])
def test_sales_sees_no_report(signed_in, path):
    assert signed_in("sales").get(path).status_code == 403


def test_every_table_downloads_as_csv_with_formulas_made_plain_text(signed_in, booked):
    client = signed_in("lead")
    for table in TABLES:
        answer = client.get(f"/reports/{table}.csv?period=this-week")
        assert answer.status_code == 200 and answer.mimetype == "text/csv"
        assert f'filename="{table}-' in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(client.get("/reports/telecallers.csv").text)))
    names = [row[0] for row in rows[1:]]
    assert "'" + booked.name in names and booked.name not in names
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_period_that_cannot_be_is_said_and_the_default_shown(signed_in):
    client = signed_in("lead")
    page = client.get("/reports?from=2026-11-18&to=2026-11-01", follow_redirects=True)
    assert page.status_code == 200 and "must be after from" in page.get_data(as_text=True)
    assert client.get("/reports/funnel.csv?to=nonsense").status_code == 400
