"""`handoff user password`: the policy applies, and every session of that person ends."""

from __future__ import annotations

from console.services import accounts
from tests.conftest import PASSWORD, sign_in

NEW = "a brand new passphrase today"


def set_password(app, email: str, password: str):
    return app.test_cli_runner().invoke(args=["user", "password", email, "--password", password])


def test_a_new_password_ends_every_session_and_the_old_one_stops(app, client, session, users):
    sign_in(client, users["sales"].email, remember=True)
    assert client.get("/meetings").status_code == 200
    result = set_password(app, users["sales"].email, NEW)
    assert result.exit_code == 0, result.output
    assert client.get("/meetings").status_code == 302
    assert (
        accounts.authenticate(session=session, email=users["sales"].email, password=PASSWORD)
        is None
    )
    assert accounts.authenticate(session=session, email=users["sales"].email, password=NEW)


def test_a_weak_new_password_is_refused_in_plain_words(app, users):
    result = set_password(app, users["sales"].email, "password")
    assert result.exit_code == 1
    assert "password: is too short: use at least 15 characters" in result.output
