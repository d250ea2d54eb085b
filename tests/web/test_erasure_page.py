"""The admin's erasure pages: find the lead, a confirmation naming it, a CSRF-checked erase."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import pytest

from console.services import dnc, erasure
from tests.conftest import csrf_token
from tests.erasure import PERSON, lived_lead, needles
from tests.handoffs import add_lead


@pytest.fixture
def lead(session, campaign):
    return add_lead(session, campaign, **PERSON, phone="+12125550123")


def page(client, path):
    response = client.get(path)
    return response.status_code, html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(
    "wanted", ["(212) 555-0123", "+1 212 555 0123", "ZELDA.QUIMBY@widgets.test"]
)
def test_an_admin_finds_the_lead_by_phone_or_email(signed_in, lead, wanted):
    status, text = page(signed_in("admin"), f"/setup/leads?q={wanted}")
    assert status == 200 and "Zelda Quimby" in text and f"/setup/leads/{lead.id}/erase" in text


def test_the_confirmation_names_the_lead(signed_in, lead):
    status, text = page(signed_in("admin"), f"/setup/leads/{lead.id}/erase")
    assert status == 200
    assert "Erase Zelda Quimby of Quimby Widgets?" in text and "+12125550123" in text
    assert 'name="csrf_token"' in text and 'name="dnc"' in text


def test_erasing_without_the_csrf_token_is_refused(signed_in, session, lead):
    client = signed_in("admin")
    refused = client.post(f"/setup/leads/{lead.id}/erase", data={})
    assert refused.status_code == 400
    session.refresh(lead)
    assert lead.erased_at is None


def test_an_admin_erases_from_the_page(signed_in, session, lead):
    client = signed_in("admin")
    token = csrf_token(client, f"/setup/leads/{lead.id}/erase")
    done = client.post(f"/setup/leads/{lead.id}/erase", data={"csrf_token": token, "dnc": "1"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/setup/leads")
    _, text = page(client, "/setup/leads")
    assert f"Lead {lead.id} is erased" in text and "do-not-call list" in text
    session.refresh(lead)
    assert lead.name == "Erased lead" and dnc.is_listed(session, "+12125550123")
    _, again = page(client, f"/setup/leads/{lead.id}/erase")
    assert "was erased on" in again and 'id="erase-form"' not in again


def test_left_unticked_the_number_is_not_listed(signed_in, session, lead):
    client = signed_in("admin")
    token = csrf_token(client, f"/setup/leads/{lead.id}/erase")
    client.post(f"/setup/leads/{lead.id}/erase", data={"csrf_token": token})
    session.refresh(lead)
    assert lead.erased_at is not None and not dnc.is_listed(session, "+12125550123")


@pytest.mark.parametrize("role", ["telecaller", "lead", "sales"])
def test_only_admins_see_or_use_the_pages(signed_in, session, lead, role):
    client = signed_in(role)
    assert client.get("/setup/leads?q=Zelda").status_code == 403
    assert client.get(f"/setup/leads/{lead.id}/erase").status_code == 403
    token = csrf_token(client, "/")
    assert (
        client.post(f"/setup/leads/{lead.id}/erase", data={"csrf_token": token}).status_code == 403
    )
    session.refresh(lead)
    assert lead.erased_at is None


def test_an_unknown_lead_is_a_404_page(signed_in):
    assert signed_in("admin").get("/setup/leads/4242/erase").status_code == 404


def test_the_pages_that_showed_the_person_read_erased_lead(signed_in, session, campaign, users):
    lead, meeting = lived_lead(session, campaign, users["telecaller"], users["sales"])
    words = needles(lead)
    erasure.erase(session=session, lead_id=lead.id, actor=users["admin"])
    client = signed_in("sales")
    for path in ("/meetings", f"/meetings/{meeting.id}"):
        status, text = page(client, path)
        assert status == 200 and "Erased lead" in text
        assert not [word for word in words if word in text]


def test_when_a_lead_was_erased_reads_in_the_admins_zone(signed_in, session, users, lead, clock):
    clock.set(datetime(2027, 3, 14, 6, 30, tzinfo=UTC), frozen=True)  # 01:30 in New York
    users["admin"].timezone = "America/New_York"
    session.commit()
    erasure.erase(session=session, lead_id=lead.id, actor=users["admin"])
    client = signed_in("admin")
    _, confirm = page(client, f"/setup/leads/{lead.id}/erase")
    assert "was erased on Sun 14 Mar 2027 01:30 EST" in confirm and "UTC" not in confirm
    _, found = page(client, f"/setup/leads?q={lead.id}")
    assert "erased Sun 14 Mar 2027 01:30 EST" in found
