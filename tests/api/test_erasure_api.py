"""POST /api/v1/leads/{id}/erase: admins only, typed, documented, and safe to repeat."""

from __future__ import annotations

import pytest
from sqlmodel import select

from console.models import Call
from tests.erasure import PERSON, RECORDING_SID, lived_lead
from tests.handoffs import add_lead


def erase(client, lead_id, headers, body=None):
    return client.post(f"/api/v1/leads/{lead_id}/erase", json=body or {}, headers=headers)


@pytest.mark.parametrize("role", ["telecaller", "lead", "sales", "intake"])
def test_only_an_admin_may_erase(client, session, campaign, tokens, role):
    lead = add_lead(session, campaign, **PERSON)
    refused = erase(client, lead.id, tokens[role])
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    session.refresh(lead)
    assert lead.first_name == "Zelda"


def test_without_credentials_it_is_401(client, session, campaign):
    lead = add_lead(session, campaign, **PERSON)
    assert erase(client, lead.id, {}).status_code == 401


def test_an_admin_erases_and_the_lead_reads_erased_lead(client, session, campaign, tokens):
    lead = add_lead(session, campaign, **PERSON)
    done = erase(client, lead.id, tokens["admin"], {"dnc": True})
    assert done.status_code == 200, done.json
    assert done.json | {"erased_at": None} == {
        "lead_id": lead.id,
        "erased_at": None,
        "already": False,
        "dnc": True,
        "calls": 0,
        "recordings_deleted": 0,
        "meetings_cancelled": 0,
    }
    shown = client.get(f"/api/v1/leads/{lead.id}", headers=tokens["lead"]).json
    assert shown["name"] == "Erased lead" and shown["company"] == "" and shown["dnc"] is True
    again = erase(client, lead.id, tokens["admin"])
    assert again.status_code == 200 and again.json["already"] is True


def test_a_bad_body_names_the_field(client, session, campaign, tokens):
    lead = add_lead(session, campaign, **PERSON)
    refused = erase(client, lead.id, tokens["admin"], {"dnc": "maybe", "why": 1})
    assert refused.status_code == 422
    assert set(refused.json["error"]["fields"]) == {"dnc", "why"}


def test_an_unknown_lead_is_404(client, tokens):
    assert erase(client, 4242, tokens["admin"]).status_code == 404


def test_when_twilio_cannot_delete_the_recordings_nothing_is_erased(
    app, client, session, campaign, users, tokens
):
    app.config["TWILIO_API_BASE"] = "http://127.0.0.1:9"  # nothing listens there
    app.extensions.pop("handoff.telephony", None)
    lead, _ = lived_lead(session, campaign, users["telecaller"], users["sales"])
    refused = erase(client, lead.id, tokens["admin"])
    assert refused.status_code == 502
    message = refused.json["error"]["message"]
    assert "nothing was erased" in message and "AC" not in message
    session.refresh(lead)
    assert lead.first_name == "Zelda" and lead.erased_at is None
    call = session.exec(select(Call).where(Call.lead_id == lead.id)).one()
    assert call.recording_sid == RECORDING_SID  # still there to delete on the next try


def test_the_openapi_document_describes_erasure(client):
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/leads/{lead_id}/erase"]["post"]
    assert "200" in operation["responses"] and "403" in operation["responses"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/EraseLead")
