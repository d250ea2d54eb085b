"""The demo stays out of production: `handoff demo` refuses, and its logins cannot be made."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from console.models import Lead, User
from console.services import demo_guard
from tests.conftest import csrf_token

DEMO_PASSWORD = "handoff-demo"


@pytest.fixture
def production(app):
    """The app as HANDOFF_ENV=production configures it."""
    app.config["ENV"] = "production"
    return app


def people(session) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(User)).one()


@pytest.mark.parametrize("args", [["demo", "--reset"], ["demo"], ["demo", "--if-empty"]])
def test_handoff_demo_refuses_in_production_and_touches_nothing(production, session, users, args):
    before = people(session)
    result = production.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1
    assert "The demo only runs in development, and HANDOFF_ENV is production" in result.output
    assert "HANDOFF_ENV=development" in result.output
    assert people(session) == before and session.exec(select(Lead)).first() is None
    assert ("delete every table" in result.output) == ("--reset" in args)


def test_handoff_user_create_refuses_the_demo_logins_in_production(production, session):
    create = ["user", "create", "caller9@demo.test", "--role", "telecaller", "--name", "Nine"]
    refused = production.test_cli_runner().invoke(args=[*create, "--password", DEMO_PASSWORD])
    assert refused.exit_code == 1
    assert "email: is a demo address (@demo.test)" in refused.output
    assert "password: is the demo's published password" in refused.output
    assert people(session) == 0
    real = ["user", "create", "nine@acme.example", "--role", "telecaller", "--name", "Nine"]
    made = production.test_cli_runner().invoke(args=[*real, "--password", "a long good secret"])
    assert made.exit_code == 0 and people(session) == 1


def add_person(client, email: str, password: str):
    """The admin's people page form."""
    form = {
        "name": "Demo Lookalike", "email": email, "role": "sales", "team": "",
        "phone": "", "timezone": "UTC", "password": password,
        "csrf_token": csrf_token(client, "/setup/users"),
    }  # fmt: skip
    return client.post("/setup/users", data=form)


def test_the_people_page_refuses_the_demo_logins_in_production(production, signed_in, session):
    client = signed_in("admin")
    before = people(session)
    refused = add_person(client, "sales9@sub.demo.test", DEMO_PASSWORD)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "is a demo address (@demo.test), which production refuses" in page
    assert "is the demo&#39;s published password, which production refuses" in page
    assert people(session) == before


def test_in_development_the_demo_logins_can_still_be_made(app, signed_in, session):
    assert demo_guard.allowed(app.config["ENV"])
    assert add_person(signed_in("admin"), "sales9@demo.test", DEMO_PASSWORD).status_code == 302
