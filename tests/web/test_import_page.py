"""The CSV upload page (the import runs in the background; the page follows it) and the
`handoff leads import` command."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from sqlmodel import func, select

from console.cli import leads
from console.models import LeadTouch
from console.services import campaigns, import_jobs, import_run
from tests.conftest import csrf_token
from tests.imports import T0, Crash, crash_at, leads_file, wait_for_import

CSV = "first_name,last_name,phone,form\nAda,Byron,+12125550123,demo\nBad,Row,12,demo\n"


@pytest.fixture
def spring(session, campaign):
    """A second campaign, so that keeping the one chosen means something."""
    return campaigns.create_campaign(
        session=session, slug="spring", name="Spring webinar", script_id="inbound-demo-requests"
    )


def upload(client, **fields):
    token = csrf_token(client, "/leads/import")
    return client.post(
        "/leads/import",
        data={"csrf_token": token, **fields},
        content_type="multipart/form-data",
    )


def test_a_team_lead_uploads_a_csv_and_follows_it_to_the_report(signed_in, spring):
    client = signed_in("lead")
    response = upload(client, campaign="spring", file=(io.BytesIO(CSV.encode()), "leads.csv"))
    assert response.status_code == 302
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    wait_for_import(job_id)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<option value="spring" selected>Spring webinar</option>' in html
    assert "leads.csv into Spring webinar" in html
    assert (
        "Imported into Spring webinar: 1 new lead, 0 repeats counted as touches, "
        "1 row needs fixing: row 3." in html
    )
    assert "is not a valid number" in html  # the row's field, in words
    assert "hx-trigger" not in html  # done: the page stops asking


def test_the_page_shows_how_far_an_import_got_and_keeps_asking(
    signed_in, session, spring, monkeypatch
):
    job, _ = import_jobs.begin(
        session=session,
        campaign=spring,
        content=leads_file(1000),
        file_name="big.csv",
        strict=False,
        user=None,
        now=T0,
    )
    crash_at(monkeypatch, 250, Crash())  # the runner dies in its second chunk
    with pytest.raises(Crash):
        import_run.run(session=session, job_id=job.id, publish=lambda *a, **k: None, now=lambda: T0)
    session.rollback()
    client = signed_in("lead")
    html = client.get(f"/leads/import/{job.id}").get_data(as_text=True)
    assert '<option value="spring" selected>' in html
    assert "Importing into Spring webinar: 200 of 1,000 rows (20%)." in html
    assert 'style="width: 20%"' in html
    partial = client.get(f"/leads/import/{job.id}/progress").get_data(as_text=True)
    assert f'hx-get="/leads/import/{job.id}/progress"' in partial and "(20%)" in partial


def test_a_telecaller_cannot_open_the_import_page_or_an_import(signed_in, campaign):
    client = signed_in("telecaller")
    assert client.get("/leads/import").status_code == 403
    assert client.get("/leads/import/1/progress").status_code == 403


def test_the_cli_import_prints_the_report_and_exits_1_on_rejects(app, campaign, tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(CSV)
    result = CliRunner().invoke(leads, ["import", str(path), "--campaign", "inbound"], obj=None)
    assert result.exit_code == 1, result.output
    assert "Imported into Inbound demo requests: 1 new lead" in result.output
    assert "created 1, duplicates 0, rejected 1" in result.output
    assert "row 3: phone" in result.output


def test_the_cli_run_again_on_the_same_file_counts_no_touch_twice(app, session, campaign, tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(CSV.replace("Bad,Row,12", "Ada,Again,+12125550123"))
    first = CliRunner().invoke(leads, ["import", str(path), "--campaign", "inbound"])
    again = CliRunner().invoke(leads, ["import", str(path), "--campaign", "inbound"])
    assert first.exit_code == again.exit_code == 0, again.output
    assert first.output == again.output  # the first run's report, and nothing written
    assert "created 1, duplicates 1, rejected 0" in again.output
    assert session.exec(select(func.count()).select_from(LeadTouch)).one() == 2


def test_the_cli_strict_import_imports_nothing(app, campaign, tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(CSV)
    result = CliRunner().invoke(leads, ["import", str(path), "--campaign", "inbound", "--strict"])
    assert result.exit_code == 1
    assert "created 0" in result.output and "nothing was imported" in result.output
    assert "Nothing was imported into Inbound demo requests: 1 row needs fixing" in result.output


def test_an_upload_without_a_campaign_or_a_file_says_what_to_choose(signed_in, spring):
    client = signed_in("lead")
    html = upload(client).get_data(as_text=True)
    assert "Nothing was imported. Please choose the campaign to import into." in html
    html = upload(client, campaign="spring").get_data(as_text=True)
    assert "Nothing was imported. Please choose a CSV file." in html
    assert '<option value="spring" selected>' in html  # the choice is kept
