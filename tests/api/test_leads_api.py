"""POST /leads and the CSV import endpoint: normalisation, intent, duplicates, DNC, field errors."""

from __future__ import annotations

import pytest
from sqlmodel import select

from console.models import DncEntry, Lead, LeadTouch
from tests.conftest import WORKING_ZONE

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours


def lead_body(**overrides):
    body = {
        "campaign": "inbound",
        "first_name": "Ada",
        "last_name": "Byron",
        "company": "Engines Ltd",
        "title": "COO",
        "phone": "(212) 555-0123",
        "email": "ada@engines.test",
        "country": "US",
        "region": "NY",
        "source": "website",
        "form": "demo",
    }
    return {**body, **overrides}


def test_an_intake_key_creates_a_lead_with_e164_zone_and_intent(client, campaign, tokens):
    response = client.post("/api/v1/leads", json=lead_body(), headers=tokens["intake"])
    assert response.status_code == 201, response.json
    lead = response.json
    assert lead["phone"] == "+12125550123"
    assert lead["timezone"] == "America/New_York"
    assert lead["intent"] == "need" and lead["status"] == "queued" and lead["duplicate"] is False


def test_a_number_without_country_code_uses_the_campaigns_default_region(client, campaign, tokens):
    response = client.post(
        "/api/v1/leads",
        json=lead_body(country=None, region=None, phone="202 555 0143"),
        headers=tokens["lead"],
    )
    assert response.status_code == 201
    assert response.json["phone"] == "+12025550143" and response.json["country"] == "US"


def test_an_invalid_number_is_a_field_error_with_the_fix(client, campaign, tokens):
    response = client.post(
        "/api/v1/leads", json=lead_body(phone="+1 212 555"), headers=tokens["intake"]
    )
    assert response.status_code == 422
    assert "phone" in response.json["error"]["fields"]
    assert "not a valid number for US" in response.json["error"]["fields"]["phone"]


def test_every_bad_field_is_named_at_once(client, campaign, tokens):
    body = lead_body(email="nope", timezone="Mars/Olympus", country="USA")
    fields = client.post("/api/v1/leads", json=body, headers=tokens["intake"]).json["error"][
        "fields"
    ]
    assert {"email", "timezone", "country"} <= set(fields)


def test_interest_leads_go_to_nurture_not_the_queue(client, campaign, tokens):
    lead = client.post(
        "/api/v1/leads", json=lead_body(form="whitepaper"), headers=tokens["intake"]
    ).json
    assert lead["intent"] == "interest" and lead["status"] == "nurture" and lead["follow_up_at"]


def test_a_duplicate_adds_a_touch_and_a_need_form_lifts_an_interest_lead(
    client, session, campaign, tokens
):
    first = client.post(
        "/api/v1/leads", json=lead_body(form="webinar"), headers=tokens["intake"]
    ).json
    again = client.post(
        "/api/v1/leads",
        json=lead_body(form="pricing", phone="+1 212 555 0123"),
        headers=tokens["intake"],
    )
    assert again.status_code == 200 and again.json["duplicate"] is True
    assert again.json["id"] == first["id"] and again.json["intent"] == "need"
    assert again.json["status"] == "queued" and again.json["touches"] == 2
    touches = session.exec(select(LeadTouch.form).where(LeadTouch.lead_id == first["id"])).all()
    assert touches == ["webinar", "pricing"]


def test_a_number_on_the_dnc_list_is_stored_flagged_and_never_queued(
    client, session, campaign, tokens
):
    session.add(DncEntry(phone="+12125550123", reason="asked"))
    session.commit()
    lead = client.post("/api/v1/leads", json=lead_body(), headers=tokens["intake"]).json
    assert lead["dnc"] is True and lead["status"] == "dnc"


def test_a_telecaller_may_not_create_leads(client, campaign, tokens):
    assert (
        client.post("/api/v1/leads", json=lead_body(), headers=tokens["telecaller"]).status_code
        == 403
    )


def test_an_unknown_campaign_is_404_naming_it(client, campaign, tokens):
    response = client.post(
        "/api/v1/leads", json=lead_body(campaign="nope"), headers=tokens["intake"]
    )
    assert response.status_code == 404 and "nope" in response.json["error"]["message"]


def test_a_messy_csv_imports_good_rows_and_reports_bad_ones(client, session, campaign, tokens):
    csv_text = (
        "\ufeffFirst Name;Last Name;Company;Phone Number;Email;State;Form;Favourite Colour\r\n"
        'Ada;Byron;"Engines; Ltd";212-555-0123;ada@x.test;NY;demo;blue\r\n'
        "\r\n"
        'Grace;Hopper;"Navy\nYard";+1 202 555 0143;grace@x.test;DC;pricing;green\r\n'
        "Bad;Row;Nowhere;12;bad@x.test;CA;demo;red\r\n"
        "Ada;Again;Engines;+12125550123;;NY;trial;\r\n"
    )
    response = client.post(
        "/api/v1/campaigns/inbound/leads/import",
        data=csv_text.encode(),
        headers={**tokens["lead"], "Content-Type": "text/csv"},
    )
    assert response.status_code == 200
    report = response.json
    assert report["created"] == 2 and report["duplicates"] == 1
    assert [row["row"] for row in report["rejected"]] == [6]
    assert "phone" in report["rejected"][0]["fields"]
    assert report["ignored_columns"] == ["Favourite Colour"]
    companies = session.exec(select(Lead.company).order_by(Lead.id)).all()
    assert companies == ["Engines; Ltd", "Navy\nYard"]


def test_a_bad_row_names_every_field_to_fix_at_once(client, campaign, tokens):
    csv_text = "first_name,phone,email\nWalk,12345,not-an-email\n"
    response = client.post(
        "/api/v1/campaigns/inbound/leads/import",
        data=csv_text.encode(),
        headers={**tokens["lead"], "Content-Type": "text/csv"},
    )
    fields = response.json["rejected"][0]["fields"]
    assert set(fields) == {"phone", "email"}  # fixed in the spreadsheet in one go
    assert "is not an email address" in fields["email"]


def test_a_strict_import_imports_nothing_when_a_row_is_bad(client, session, campaign, tokens):
    csv_text = "first_name,phone\nAda,+12125550123\nBad,12\n"
    report = client.post(
        "/api/v1/campaigns/inbound/leads/import?strict=1",
        data=csv_text,
        headers={**tokens["admin"], "Content-Type": "text/csv"},
    ).json
    assert report["created"] == 0 and len(report["rejected"]) == 1
    assert session.exec(select(Lead)).all() == []


def test_a_lead_record_is_visible_to_its_campaigns_telecaller_only(client, campaign, tokens):
    lead = client.post(
        "/api/v1/leads", json=lead_body(timezone=WORKING_ZONE), headers=tokens["intake"]
    ).json
    assert (
        client.get(f"/api/v1/leads/{lead['id']}", headers=tokens["telecaller"]).status_code == 200
    )
    assert client.get(f"/api/v1/leads/{lead['id']}", headers=tokens["sales"]).status_code == 404


def test_a_team_lead_reassigns_a_lead_and_a_bad_target_is_a_field_error(
    client, session, campaign, tokens, users
):
    created = client.post("/api/v1/leads", json=lead_body(), headers=tokens["intake"]).json
    path = f"/api/v1/leads/{created['id']}/reassign"
    bad = client.post(path, json={"to": users["sales"].id}, headers=tokens["lead"])
    assert bad.status_code == 422
    assert "works this lead's campaign" in bad.json["error"]["fields"]["to"]
    assert client.post(path, json={}, headers=tokens["lead"]).status_code == 422
    assert client.post(path, json={"to": 1}, headers=tokens["telecaller"]).status_code == 403
    moved = client.post(path, json={"to": users["telecaller"].id}, headers=tokens["admin"])
    assert moved.status_code == 200
    assert session.get(Lead, created["id"]).lease_owner_id == users["telecaller"].id


def test_an_import_reports_each_row_it_cannot_store_and_writes_none_of_it(
    client, session, campaign, tokens
):
    csv_text = (
        "First Name,Phone,Comments\n"
        "Ada,+12125550123,fine\n"
        "Grace,+12025550143,bell\x07here\n"
        ",+12025550144,nobody\n"
        f"{'L' * 81},+12025550145,\n"
    )
    report = client.post(
        "/api/v1/campaigns/inbound/leads/import",
        data=csv_text.encode(),
        headers={**tokens["lead"], "Content-Type": "text/csv"},
    ).json
    assert report["created"] == 1
    assert {row["row"]: list(row["fields"]) for row in report["rejected"]} == {
        3: ["notes"],
        4: ["first_name"],
        5: ["first_name"],
    }
    assert "control characters" in report["rejected"][0]["fields"]["notes"]
    assert session.exec(select(Lead.phone)).all() == ["+12125550123"]


def test_a_field_intake_does_not_know_is_named_and_the_lead_is_still_taken_in(
    client, campaign, tokens
):
    body = lead_body(utm_source="newsletter", consent=True)
    response = client.post("/api/v1/leads", json=body, headers=tokens["intake"])
    assert response.status_code == 201
    assert response.json["ignored_fields"] == ["consent", "utm_source"]
    assert response.json["status"] == "queued"
