"""Sign-in attempts are limited per account and per address, the same for every email."""

from __future__ import annotations

from tests.conftest import PASSWORD, csrf_token, sign_out

LIMITED = "Too many sign-in attempts"


def attempt(client, email: str, password: str = "not the password", address: str = "10.0.0.1"):
    """One sign-in from an address."""
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": address})


def test_the_sixth_failure_in_a_minute_locks_the_account_even_with_the_right_password(
    client, users
):
    email = users["lead"].email
    assert [attempt(client, email).status_code for _ in range(5)] == [401] * 5
    response = attempt(client, email, PASSWORD)
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert LIMITED in html and "Wait a minute" in html and 'name="password"' in html
    assert response.headers["Retry-After"]


def test_an_unknown_email_is_limited_in_exactly_the_same_words(client, users):
    pages = {}
    for email in (users["lead"].email, "nobody@example.test"):
        for _ in range(5):
            attempt(client, email)
        response = attempt(client, email)
        assert response.status_code == 429
        pages[email] = response.get_data(as_text=True).replace(email, "EMAIL")
    known, unknown = (p.split('name="csrf-token"')[0] for p in pages.values())
    assert known == unknown


def test_the_account_limit_holds_across_addresses(client, users):
    for n in range(5):
        attempt(client, users["lead"].email, address=f"10.0.0.{n}")
    assert attempt(client, users["lead"].email, address="10.9.9.9").status_code == 429
    assert attempt(client, users["sales"].email, address="10.9.9.9").status_code == 401


def test_one_address_trying_many_accounts_is_stopped_after_twenty(client):
    codes = [attempt(client, f"guess{n}@example.test").status_code for n in range(20)]
    assert codes == [401] * 20
    assert attempt(client, "guess99@example.test").status_code == 429
    assert attempt(client, "guess99@example.test", address="10.0.0.2").status_code == 401


def test_people_who_sign_in_correctly_are_never_limited(client, users):
    """A whole office behind one address signs in at the start of a shift."""
    for _ in range(25):
        assert attempt(client, users["telecaller"].email, PASSWORD).status_code == 302
        sign_out(client)
