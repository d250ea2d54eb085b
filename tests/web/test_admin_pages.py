"""Admin pages: adding people with field errors, switching accounts off, intake keys shown once."""

from __future__ import annotations

from sqlmodel import select

from console.models import ApiToken, User
from console.services import accounts
from tests.conftest import csrf_token


def test_an_admin_adds_a_telecaller(signed_in, session):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/users")
    response = client.post(
        "/setup/users",
        data={
            "csrf_token": token,
            "name": "Nia Okafor",
            "email": "nia@example.test",
            "role": "telecaller",
            "team": "Team South",
            "phone": "+12025550111",
            "timezone": "America/Chicago",
            "password": "long enough secret",
        },
    )
    assert response.status_code == 302
    assert (
        session.exec(select(User).where(User.email == "nia@example.test")).one().phone
        == "+12025550111"
    )


def test_bad_fields_are_named_on_the_form(signed_in):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/users")
    response = client.post(
        "/setup/users",
        data={
            "csrf_token": token,
            "name": "",
            "email": "nope",
            "role": "telecaller",
            "password": "short",
            "phone": "12",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert (
        "is not an email address" in html and "at least 15 characters" in html and "E.164" in html
    )


def test_a_switched_off_account_cannot_sign_in(signed_in, client, users, session):
    admin = signed_in("admin")
    token = csrf_token(admin, "/setup/users")
    admin.post(
        f"/setup/users/{users['sales'].id}/active", data={"csrf_token": token, "active": "0"}
    )
    session.refresh(users["sales"])
    assert users["sales"].active is False
    assert (
        accounts.authenticate(
            session=session, email=users["sales"].email, password="correct horse battery"
        )
        is None
    )


def test_an_intake_key_is_shown_once_stored_hashed_and_revocable(signed_in, session):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/keys")
    html = client.post("/setup/keys", data={"csrf_token": token, "name": "Website"}).get_data(
        as_text=True
    )
    assert "will not be shown again" in html
    key = html.split('<code class="fs-6 user-select-all">')[1].split("</code>")[0]
    assert key.startswith("hf_key_")
    record = session.exec(select(ApiToken)).one()
    assert key not in record.token_hash
    assert key not in client.get("/setup/keys").get_data(as_text=True)
    client.post(f"/setup/keys/{record.id}/revoke", data={"csrf_token": token})
    assert (
        client.post(
            "/api/v1/leads", json={}, headers={"Authorization": f"Bearer {key}"}
        ).status_code
        == 401
    )


def test_only_admins_reach_the_admin_pages(signed_in):
    assert signed_in("lead").get("/setup/users").status_code == 403


def test_a_team_lead_adds_a_number_to_the_dnc_list_and_its_leads_stop(signed_in, session, campaign):
    from console.models import DncEntry, Lead

    lead = Lead(
        campaign_id=campaign.id, phone="+12025550143", first_name="Ada", timezone="America/New_York"
    )
    session.add(lead)
    session.commit()
    client = signed_in("lead")
    token = csrf_token(client, "/setup/dnc")
    response = client.post(
        "/setup/dnc",
        data={"csrf_token": token, "phone": "(202) 555-0143", "reason": "asked"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Added +12025550143; 1 lead(s) stopped." in html
    assert session.exec(select(DncEntry.phone)).all() == ["+12025550143"]
    session.refresh(lead)
    assert lead.dnc and lead.status == "dnc"


def test_a_bad_dnc_number_names_the_problem(signed_in):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/dnc")
    html = client.post(
        "/setup/dnc", data={"csrf_token": token, "phone": "12"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "phone:" in html and "not a valid number" in html


def test_a_dnc_reason_longer_than_the_list_keeps_is_named_and_nothing_is_added(signed_in):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/dnc")
    form = {"csrf_token": token, "phone": "+12025550143", "reason": "r" * 201}
    html = client.post("/setup/dnc", data=form, follow_redirects=True).get_data(as_text=True)
    assert "reason: shorten it to 200 characters" in html and "+12025550143" not in html


def test_telecallers_cannot_reach_the_dnc_page(signed_in):
    assert signed_in("telecaller").get("/setup/dnc").status_code == 403


def test_times_on_the_admin_pages_read_in_the_readers_zone(signed_in, session, users):
    from datetime import UTC, datetime

    from console.models import DncEntry

    users["lead"].timezone = "America/Chicago"
    added = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    session.add(DncEntry(phone="+12025550143", reason="asked", created_at=added))
    session.commit()
    html = signed_in("lead").get("/setup/dnc").get_data(as_text=True)
    assert "Tue 24 Nov 2026 09:00 CST" in html
    assert "15:00 UTC" not in html
