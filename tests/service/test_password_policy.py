"""Passwords people choose: long enough, not on the lists attackers try first, any characters."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from console.errors import Invalid
from console.services import accounts


def strong(length: int) -> str:
    """A password of exactly this length that no list holds."""
    return "".join(hashlib.sha512(str(n).encode()).hexdigest() for n in range(5))[:length]


def refusal(session, password: str, **person: str) -> str | None:
    """What create_user says about the password, or None when the account was made."""
    values = {"email": "new@example.test", "name": "Nia Okafor", "role": "telecaller", **person}
    try:
        accounts.create_user(session=session, password=password, **values)
    except Invalid as problem:
        return problem.fields.get("password", "")
    return None


@pytest.mark.parametrize(
    ("password", "said"),
    [
        (strong(14), "at least 15 characters"),
        (strong(129), "at most 128 characters"),
        ("password12345678", "one of the most common passwords"),
        ("qwertyuiopasdfghjkl", "one of the most common passwords"),
        ("abababababababababab", "repeats"),
        ("abcdefghijklmnopqrstu", "sequence"),
    ],
    ids=["short", "long", "common", "keyboard", "repeats", "sequence"],
)
def test_a_weak_or_oversized_password_is_refused_with_the_fix(session, password, said):
    message = refusal(session, password)
    assert message is not None and said in message


def test_a_password_made_of_the_persons_own_name_is_refused(session):
    message = refusal(
        session, "marisolquintero2026", email="marisol@example.test", name="Marisol Quintero"
    )
    assert message is not None and "name, email or the word Handoff" in message


@pytest.mark.parametrize(
    "password",
    [strong(15), strong(128), "plain lowercase words are fine", "façade déjà vu à la naïveté"],
    ids=["15", "128", "lowercase", "accents"],
)
def test_long_passwords_need_no_capitals_digits_or_symbols(session, password):
    assert refusal(session, password) is None


def test_hashing_does_not_truncate_a_long_password(session):
    password = strong(128)
    accounts.create_user(
        session=session, email="long@example.test", name="Lo Ng", role="sales", password=password
    )
    for near in (password[:72], password[:-1], password[:-1] + "!"):
        assert (
            accounts.authenticate(session=session, email="long@example.test", password=near) is None
        )
    assert accounts.authenticate(session=session, email="long@example.test", password=password)


def test_a_password_typed_in_another_unicode_form_still_signs_in(session):
    composed = unicodedata.normalize("NFC", "façade déjà vu à la naïveté")
    accounts.create_user(
        session=session, email="uni@example.test", name="Uni Code", role="sales", password=composed
    )
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert accounts.authenticate(session=session, email="uni@example.test", password=decomposed)
