"""An admin changes someone's account from the People page: role, team, phone, zone and call
mode, or a new password; each wrong field is named, and a new role or password signs them out."""

from __future__ import annotations

from console.models import Team, User
from console.services import accounts
from tests.conftest import PASSWORD, csrf_token, sign_in

NEW_PASSWORD = "a brand new passphrase"


def changes(token: str, **fields: str) -> dict:
    wanted = {"role": "telecaller", "team": "Team South", "phone": "+12025550177",
              "timezone": "America/Chicago", "call_mode": "browser"}  # fmt: skip
    return {"csrf_token": token, **wanted, **fields}


def test_an_admin_changes_a_telecallers_team_phone_zone_and_call_mode(signed_in, session, users):
    admin = signed_in("admin")
    caller = users["telecaller"]
    page = admin.get(f"/setup/users/{caller.id}").get_data(as_text=True)
    assert caller.email in page and 'value="bridge" checked' in page
    token = csrf_token(admin, f"/setup/users/{caller.id}")
    response = admin.post(f"/setup/users/{caller.id}", data=changes(token))
    assert response.status_code == 302
    session.refresh(caller)
    assert (caller.phone, caller.timezone, caller.call_mode) == (
        "+12025550177",
        "America/Chicago",
        "browser",
    )
    assert session.get(Team, caller.team_id).name == "Team South"
    assert "account is saved" in admin.get("/setup/users").get_data(as_text=True)


def test_wrong_fields_are_named_and_nothing_is_saved(signed_in, session, users):
    admin = signed_in("admin")
    caller = users["telecaller"]
    token = csrf_token(admin, f"/setup/users/{caller.id}")
    bad = changes(token, phone="555", timezone="Mars/Olympus", call_mode="pigeon")
    response = admin.post(f"/setup/users/{caller.id}", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "E.164" in page and "IANA time zone" in page and "softphone" in page
    assert 'value="555"' in page  # what they typed stays, to be fixed
    session.refresh(caller)
    assert caller.phone is None and caller.call_mode == "bridge"


def test_a_new_role_signs_the_person_out_everywhere(app, signed_in, session, users):
    person = app.test_client()
    assert sign_in(person, users["telecaller"].email).status_code == 302
    assert person.get("/queue").status_code == 200
    admin = signed_in("admin")
    token = csrf_token(admin, f"/setup/users/{users['telecaller'].id}")
    admin.post(f"/setup/users/{users['telecaller'].id}", data=changes(token, role="sales"))
    assert session.get(User, users["telecaller"].id).role.value == "sales"
    assert person.get("/queue").status_code == 302  # back to sign-in, to come back as sales


def test_an_admin_cannot_change_their_own_role(signed_in, session, users):
    admin = signed_in("admin")
    me = users["admin"]
    token = csrf_token(admin, f"/setup/users/{me.id}")
    response = admin.post(f"/setup/users/{me.id}", data=changes(token, role="telecaller"))
    assert response.status_code == 422
    assert "cannot change your own role" in response.get_data(as_text=True)
    session.refresh(me)
    assert me.role.value == "admin"


def test_a_reset_password_replaces_the_old_one_and_ends_their_sessions(
    app, signed_in, session, users
):
    person = app.test_client()
    assert sign_in(person, users["sales"].email).status_code == 302
    admin = signed_in("admin")
    token = csrf_token(admin, f"/setup/users/{users['sales'].id}")
    short = admin.post(f"/setup/users/{users['sales'].id}/password", data={"csrf_token": token})
    assert "The password was not changed: it is too short" in admin.get(
        short.headers["Location"]
    ).get_data(as_text=True)
    form = {"csrf_token": token, "password": NEW_PASSWORD}
    assert admin.post(f"/setup/users/{users['sales'].id}/password", data=form).status_code == 302
    assert person.get("/meetings").status_code == 302  # signed out
    email = users["sales"].email
    assert accounts.authenticate(session=session, email=email, password=PASSWORD) is None
    assert accounts.authenticate(session=session, email=email, password=NEW_PASSWORD)


def test_only_admins_change_accounts(signed_in, users):
    lead = signed_in("lead")
    assert lead.get(f"/setup/users/{users['telecaller'].id}").status_code == 403
    assert lead.post(f"/setup/users/{users['telecaller'].id}/password").status_code in (400, 403)


def test_an_unknown_person_is_a_page_in_words(signed_in):
    response = signed_in("admin").get("/setup/users/999999")
    assert response.status_code == 404
    assert "nobody with that account" in response.get_data(as_text=True)
