"""A form field the database cannot store is named on the page, never a 500."""

from __future__ import annotations

from tests.conftest import csrf_token


def test_a_nul_character_in_a_form_field_is_named(client, signed_in, session):
    signed_in("admin")
    form = {
        "phone": "+12025550143",
        "reason": "asked\x00twice",
        "csrf_token": csrf_token(client, "/setup/dnc"),
    }
    response = client.post("/setup/dnc", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "reason" in page and "NUL character" in page
