"""A password that can be set can be used to sign in, through the forms people use."""

from __future__ import annotations

import pytest

from console.errors import Invalid
from console.services import accounts
from tests.conftest import sign_in
from tests.service.test_password_policy import strong


@pytest.mark.parametrize("length", [15, 72, 73, 128, 129, 200, 201, 300])
def test_every_password_that_can_be_set_signs_in(client, session, length):
    password = strong(length)
    try:
        accounts.create_user(
            session=session, email="p@example.test", name="Pat Long", role="lead", password=password
        )
    except Invalid as problem:
        assert "at most 128 characters" in problem.fields["password"]
        return
    assert sign_in(client, "p@example.test", password).status_code == 302


def test_the_sign_in_form_never_cuts_a_pasted_password_short(client):
    html = client.get("/login").get_data(as_text=True)
    field = html.split('id="password"')[0].rsplit("<input", 1)[1] + html.split('id="password"')[1]
    assert "maxlength" not in field.split(">")[0]


def test_the_people_page_states_the_password_rule(signed_in):
    html = signed_in("admin").get("/setup/users").get_data(as_text=True)
    assert "15 to 128 characters" in html
