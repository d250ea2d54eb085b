"""Signing out or being switched off ends every session of that person, everywhere, at once."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import pytest

from tests.conftest import csrf_token, sign_in, sign_out

REMEMBER = "remember_token"


def cookie(client, name: str) -> str | None:
    found = client.get_cookie(name)
    return found.value if found else None


def another_device(app, client, *names: str):
    """A second browser holding copies of the first one's cookies (a stolen or shared copy)."""
    other = app.test_client()
    for name in names or ("session", REMEMBER):
        if cookie(client, name):
            other.set_cookie(name, cookie(client, name))
    return other


def switch(admin, user, *, on: bool):
    token = csrf_token(admin, "/setup/users")
    data = {"csrf_token": token, "active": "1" if on else "0"}
    return admin.post(f"/setup/users/{user.id}/active", data=data)


def test_signing_out_ends_a_copy_of_the_session_cookie(app, client, users):
    sign_in(client, users["lead"].email)
    copy = another_device(app, client, "session")
    assert copy.get("/floor").status_code == 200
    sign_out(client)
    assert copy.get("/floor").status_code == 302


def test_signing_out_ends_the_remember_me_cookie_too(app, client, users):
    sign_in(client, users["lead"].email, remember=True)
    remembered = another_device(app, client, REMEMBER)
    assert remembered.get("/floor").status_code == 200
    sign_out(client)
    assert another_device(app, remembered, REMEMBER).get("/floor").status_code == 302


def test_each_sign_in_after_a_sign_out_gets_a_new_remember_me_cookie(client, users):
    sign_in(client, users["lead"].email, remember=True)
    first = cookie(client, REMEMBER)
    sign_out(client)
    sign_in(client, users["lead"].email, remember=True)
    assert cookie(client, REMEMBER) not in (None, first)


def test_signing_out_on_one_device_signs_out_the_others(app, users):
    phone, desk = app.test_client(), app.test_client()
    sign_in(phone, users["telecaller"].email)
    sign_in(desk, users["telecaller"].email, remember=True)
    sign_out(phone)
    assert desk.get("/queue").status_code == 302


def test_the_remember_me_cookie_is_http_only_same_site_and_lasts_two_weeks(client, users):
    response = sign_in(client, users["lead"].email, remember=True)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(REMEMBER))
    attributes = {part.strip().split("=")[0].lower(): part for part in header.split(";")}
    assert "httponly" in attributes and attributes["samesite"].strip() == "SameSite=Lax"
    # The browser expires it by its own clock, so this compares with the real time.
    expires = parsedate_to_datetime(attributes["expires"].split("=", 1)[1]).timestamp()
    assert 13.9 < (expires - time.time()) / 86400 < 14.1


def test_switching_someone_off_ends_their_sessions_and_switching_on_does_not_revive_them(
    app, client, users, signed_in
):
    caller = app.test_client()
    sign_in(caller, users["telecaller"].email, remember=True)
    copy = another_device(app, caller)
    admin = signed_in("admin")
    switch(admin, users["telecaller"], on=False)
    assert caller.get("/queue").status_code == 302
    switch(admin, users["telecaller"], on=True)
    assert copy.get("/queue").status_code == 302
    assert sign_in(app.test_client(), users["telecaller"].email).status_code == 302


@pytest.mark.parametrize("remember", [False, True])
def test_a_cookie_from_before_this_version_no_longer_signs_anyone_in(app, users, remember):
    """Old cookies carried only the user's number, forever; they must not outlive the upgrade."""
    from flask_login.utils import encode_cookie

    old = app.test_client()
    user_id = str(users["lead"].id)
    if remember:
        old.set_cookie(REMEMBER, encode_cookie(user_id))
    else:
        with old.session_transaction() as saved:
            saved["_user_id"], saved["_fresh"] = user_id, True
    assert old.get("/floor").status_code == 302


@pytest.mark.parametrize(
    ("base", "secure"), [("https://handoff.example.com", True), ("http://10.0.0.5", False)]
)
def test_both_cookies_travel_only_encrypted_when_the_console_is_served_over_https(
    monkeypatch, base, secure
):
    from console.config import Config

    monkeypatch.delenv("HANDOFF_NOW", raising=False)  # production refuses a set clock
    for name, value in {
        "HANDOFF_ENV": "production",
        "SECRET_KEY": "k" * 32,
        "PUBLIC_BASE_URL": base,
        "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
        "TWILIO_AUTH_TOKEN": "a" * 32,
        "TWILIO_CALLER_ID": "+14155550000",
    }.items():
        monkeypatch.setenv(name, value)
    config = Config()
    assert config.SESSION_COOKIE_SECURE is config.REMEMBER_COOKIE_SECURE is secure
    assert config.REMEMBER_COOKIE_SAMESITE == config.SESSION_COOKIE_SAMESITE == "Lax"
