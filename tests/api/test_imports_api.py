"""Imports through the API: started in the background and followed, or in one request as ever;
the same file again is answered with its first report and writes nothing."""

from __future__ import annotations

from sqlmodel import func, select

from console.models import LeadTouch
from tests.imports import leads_file, wait_for_import

CSV = "first_name,phone\nAda,+12125550123\nBad,12\nAda,+1 212 555 0123\n"


def start(client, tokens, content=CSV, role="lead", slug="inbound"):
    return client.post(
        f"/api/v1/campaigns/{slug}/imports?file_name=leads.csv",
        data=content,
        headers={**tokens[role], "Content-Type": "text/csv"},
    )


def test_an_import_is_started_then_followed_to_its_report(client, campaign, tokens):
    started = start(client, tokens, content=leads_file(450))
    assert started.status_code == 202
    job = started.json
    assert job["state"] in ("queued", "running", "done") and job["total_rows"] == 450
    assert job["campaign"] == "inbound" and job["file_name"] == "leads.csv"
    assert job["by"] == "Lead Person"
    wait_for_import(job["id"])
    done = client.get(f"/api/v1/imports/{job['id']}", headers=tokens["admin"]).json
    assert done["state"] == "done" and done["rows_done"] == 450 and done["percent"] == 100
    assert done["created"] + done["touched"] + done["failed"] == 450
    assert done["summary"].startswith("Imported into Inbound demo requests: ")
    assert done["rejected"][0] == {"row": 98, "fields": done["rejected"][0]["fields"]}


def test_the_same_file_again_answers_with_the_finished_import(client, session, campaign, tokens):
    first = start(client, tokens).json
    wait_for_import(first["id"])
    again = start(client, tokens)
    assert again.status_code == 200 and again.json["id"] == first["id"]
    assert again.json["touched"] == 1 and again.json["failed"] == 1
    assert session.exec(select(func.count()).select_from(LeadTouch)).one() == 2


def test_the_one_request_import_answers_as_ever_and_names_its_record(
    client, session, campaign, tokens
):
    path = "/api/v1/campaigns/inbound/leads/import"
    headers = {**tokens["lead"], "Content-Type": "text/csv"}
    report = client.post(path, data=CSV, headers=headers).json
    assert report["created"] == 1 and report["duplicates"] == 1
    assert [row["row"] for row in report["rejected"]] == [3]
    assert client.post(path, data=CSV, headers=headers).json == report  # nothing written twice
    assert session.exec(select(func.count()).select_from(LeadTouch)).one() == 2
    record = client.get(f"/api/v1/imports/{report['import_id']}", headers=tokens["lead"]).json
    assert record["state"] == "done" and record["touched"] == 1


def test_imports_are_for_team_leads_and_admins_and_unknown_ones_are_404(client, campaign, tokens):
    assert start(client, tokens, role="telecaller").status_code == 403
    assert client.get("/api/v1/imports/1", headers=tokens["sales"]).status_code == 403
    missing = client.get("/api/v1/imports/99", headers=tokens["lead"])
    assert missing.status_code == 404 and "No import 99" in missing.json["error"]["message"]
    assert start(client, tokens, slug="nope").status_code == 404


def test_a_file_that_cannot_be_read_is_refused_at_once_with_nothing_recorded(
    client, campaign, tokens
):
    refused = start(client, tokens, content="first_name,email\nAda,ada@x.test\n")
    assert refused.status_code == 422
    assert refused.json["error"]["fields"] == {"file": "add a column named phone"}
    assert client.get("/api/v1/imports/1", headers=tokens["lead"]).status_code == 404


def test_the_document_describes_starting_and_following_an_import(client):
    document = client.get("/api/v1/openapi.json").json
    started = document["paths"]["/campaigns/{slug}/imports"]["post"]
    assert "text/csv" in started["requestBody"]["content"]
    assert {p["name"] for p in started["parameters"] if p["in"] == "query"} == {
        "strict",
        "file_name",
    }
    assert set(started["responses"]) >= {"200", "202"}
    answer = document["paths"]["/imports/{job_id}"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/ImportCard")
    card = document["components"]["schemas"]["ImportCard"]["properties"]
    assert {"rows_done", "total_rows", "summary", "state"} <= set(card)
