"""The CSV upload page and the `handoff leads import` command."""

from __future__ import annotations

import io

from click.testing import CliRunner

from console.cli import leads
from tests.conftest import csrf_token

CSV = "first_name,last_name,phone,form\nAda,Byron,+12125550123,demo\nBad,Row,12,demo\n"


def test_a_team_lead_uploads_a_csv_and_sees_the_row_report(signed_in, campaign):
    client = signed_in("lead")
    token = csrf_token(client, "/leads/import")
    response = client.post(
        "/leads/import",
        data={
            "csrf_token": token,
            "campaign": "inbound",
            "file": (io.BytesIO(CSV.encode()), "leads.csv"),
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>1</strong> created" in html and "is not a valid number" in html


def test_a_telecaller_cannot_open_the_import_page(signed_in, campaign):
    assert signed_in("telecaller").get("/leads/import").status_code == 403


def test_the_cli_import_prints_the_report_and_exits_1_on_rejects(app, campaign, tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(CSV)
    result = CliRunner().invoke(leads, ["import", str(path), "--campaign", "inbound"], obj=None)
    assert result.exit_code == 1, result.output
    assert "created 1, duplicates 0, rejected 1" in result.output
    assert "row 3: phone" in result.output


def test_the_cli_strict_import_imports_nothing(app, campaign, tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(CSV)
    result = CliRunner().invoke(leads, ["import", str(path), "--campaign", "inbound", "--strict"])
    assert result.exit_code == 1
    assert "created 0" in result.output and "nothing was imported" in result.output


def test_an_upload_without_a_campaign_or_a_file_says_what_to_choose(signed_in, campaign):
    client = signed_in("lead")
    token = csrf_token(client, "/leads/import")
    response = client.post(
        "/leads/import", data={"csrf_token": token}, content_type="multipart/form-data"
    )
    html = response.get_data(as_text=True)
    assert "Nothing was imported. Please choose the campaign to import into." in html
    response = client.post(
        "/leads/import",
        data={"csrf_token": token, "campaign": "inbound"},
        content_type="multipart/form-data",
    )
    assert "Nothing was imported. Please choose a CSV file." in response.get_data(as_text=True)
