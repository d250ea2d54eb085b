"""Signing in: the same password check whether or not the email has an active account."""

from __future__ import annotations

import hashlib

import pytest

from console.services import accounts
from tests.conftest import PASSWORD


@pytest.fixture
def hash_checks(monkeypatch):
    """Counts the slow hash computations (scrypt) that sign-in attempts make."""
    made: list[int] = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    return made


def attempt(session, email: str, password: str = "not the password") -> None:
    assert accounts.authenticate(session=session, email=email, password=password) is None


@pytest.mark.parametrize("who", ["unknown", "switched off", "wrong password"])
def test_every_refused_sign_in_costs_one_password_hash_like_a_real_one(
    session, users, hash_checks, who
):
    sales = users["sales"]
    sales.active = False
    session.commit()
    attempt(session, "nobody@example.test")  # whatever is prepared once per process
    hash_checks.clear()
    email = {
        "unknown": "nobody@example.test",
        "switched off": sales.email,
        "wrong password": users["lead"].email,
    }[who]
    attempt(session, email, PASSWORD if who == "switched off" else "not the password")
    assert len(hash_checks) == 1


def test_the_right_password_for_an_active_account_signs_in(session, users, hash_checks):
    user = accounts.authenticate(session=session, email=users["lead"].email, password=PASSWORD)
    assert user is not None and user.id == users["lead"].id
    assert len(hash_checks) == 1
