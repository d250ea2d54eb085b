"""Signing in and out, CSRF, and each role's landing page."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, csrf_token, sign_in

HOMES = {"telecaller": "/queue", "lead": "/floor", "sales": "/meetings", "admin": "/setup"}


def test_the_sign_in_page_is_served(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b'name="csrf_token"' in response.data


def test_a_stranger_is_sent_to_sign_in(client):
    response = client.get("/queue")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", HOMES)
def test_each_role_lands_on_its_own_home_page(client, users, role):
    response = sign_in(client, users[role].email)
    assert response.status_code == 302
    assert response.headers["Location"] == HOMES[role]
    page = client.get(HOMES[role])
    assert page.status_code == 200
    assert users[role].name.encode() in page.data


def test_a_wrong_password_is_refused_with_401_and_a_clear_message(client, users):
    response = sign_in(client, users["lead"].email, "not the password")
    assert response.status_code == 401
    assert b"do not match an account" in response.data
    assert client.get("/floor").status_code == 302


def test_a_login_without_a_csrf_token_is_refused(client, users):
    response = client.post("/login", data={"email": users["lead"].email, "password": PASSWORD})
    assert response.status_code == 400
    assert b"expired or did not come from Handoff" in response.data


def test_a_login_with_a_forged_csrf_token_is_refused(client, users):
    csrf_token(client)
    response = client.post(
        "/login", data={"email": users["lead"].email, "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("telecaller", "/setup"),
        ("telecaller", "/floor"),
        ("sales", "/setup"),
        ("lead", "/setup"),
        ("sales", "/queue"),
        ("admin", "/queue"),
    ],
)
def test_a_role_cannot_open_another_roles_page(signed_in, role, path):
    response = signed_in(role).get(path)
    assert response.status_code == 403
    assert b"Your role does not give access" in response.data


def test_sign_out_needs_a_post_with_csrf(signed_in):
    client = signed_in("lead")
    assert client.post("/logout").status_code == 400
    token = csrf_token(client, "/floor")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/floor").status_code == 302


def test_next_only_follows_paths_on_this_site(client, users):
    token = csrf_token(client)
    response = client.post(
        "/login?next=https://evil.example/steal",
        data={"email": users["lead"].email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/floor"


def test_vendored_assets_are_served_locally(client):
    response = client.get("/vendor/socket.io.js")
    assert response.status_code == 200
    assert b"io" in response.data
    assert client.get("/vendor/../../etc/passwd").status_code == 404


def test_a_sign_in_with_empty_fields_says_what_to_enter(client):
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": " "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter an email address." in html and "Enter your password." in html
