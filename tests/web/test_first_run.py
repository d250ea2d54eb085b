"""The first five minutes: a database never migrated says what to run (pages, API, CLI), the
command line speaks in sentences outside the Makefile, and `handoff run` never borrows a
simulator that calls another console."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from console import config, create_app, migrate
from console.db import NOT_SET_UP, engine
from tests.conftest import PASSWORD, csrf_token


@pytest.fixture
def unmigrated(tmp_path):
    """An app on an empty SQLite database: no tables, as after a fresh clone."""
    return create_app(config.TestConfig(f"sqlite:///{tmp_path / 'empty.db'}"))


def test_signing_in_to_a_database_never_migrated_says_what_to_run(unmigrated):
    client = unmigrated.test_client()
    form = {"email": "admin@demo.test", "password": PASSWORD, "csrf_token": csrf_token(client)}
    response = client.post("/login", data=form)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "handoff db upgrade" in page and "no such table" not in page
    token = client.get("/api/v1/me", headers={"Authorization": "Bearer hf_pat_unknown"})
    assert token.status_code == 503 and token.json["error"]["message"] == NOT_SET_UP


def test_readiness_names_a_database_not_set_up_then_one_behind(unmigrated):
    with unmigrated.app_context():
        url = engine().url.render_as_string(hide_password=False)
        assert migrate.readiness(engine()) == NOT_SET_UP
        migrate.upgrade(url=url)
        assert migrate.readiness(engine()) is None
        migrate.downgrade(url=url)
        assert migrate.readiness(engine()) == migrate.BEHIND


def handoff(*args: str, **env: str) -> subprocess.CompletedProcess:
    """The `handoff` command as someone runs it from a clone, outside the Makefile."""
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    command = [sys.executable, "-c", "from console.cli import main; main()", *args]
    return subprocess.run(command, env=clean, capture_output=True, text=True, timeout=60)


def test_a_command_without_its_settings_prints_one_sentence_not_a_traceback():
    shown = handoff("--help")
    assert "Traceback" not in shown.stderr
    assert "HANDOFF_ENV=development runs with a throwaway key" in shown.stderr
    assert "Commands:" in shown.stdout  # the commands that need no app are still listed


def test_handoff_run_on_a_database_never_migrated_says_what_to_run(tmp_path):
    ran = handoff(
        "run", "--no-sim", HANDOFF_ENV="development", DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}"
    )
    assert ran.returncode == 1
    assert ran.stderr.strip() == f"Error: {NOT_SET_UP}"


def test_a_command_on_a_database_never_migrated_says_what_to_run(tmp_path):
    ran = handoff("jobs", "list", HANDOFF_ENV="development", DATABASE_URL=f"sqlite:///{tmp_path}/x")
    assert ran.returncode == 1
    assert ran.stderr.strip() == f"Error: {NOT_SET_UP}"


def test_the_simulator_port_comes_from_sim_port(monkeypatch):
    monkeypatch.setenv("HANDOFF_ENV", "development")
    monkeypatch.setenv("SIM_PORT", "5077")
    monkeypatch.delenv("TWILIO_API_BASE", raising=False)
    monkeypatch.delenv("TWILIO_ACCOUNT_SID", raising=False)
    assert config.Config().TWILIO_API_BASE == "http://127.0.0.1:5077"


def test_the_console_has_an_icon(client):
    assert client.get("/favicon.ico").headers["Location"].endswith("/static/favicon.svg")
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert 'rel="icon"' in client.get("/login").get_data(as_text=True)


def test_the_mail_server_comes_from_smtp_url(monkeypatch):
    monkeypatch.setenv("HANDOFF_ENV", "development")
    monkeypatch.setenv("SMTP_URL", "smtps://invites%40acme.test:s3cr%2Ft@mail.acme.test")
    settings = config.Config()
    assert (settings.SMTP_HOST, settings.SMTP_PORT, settings.SMTP_TLS) == (
        "mail.acme.test",
        465,
        "ssl",
    )
    assert (settings.SMTP_USER, settings.SMTP_PASSWORD) == ("invites@acme.test", "s3cr/t")
    assert settings.SMTP_CAPTURE is False  # a real server: nothing is captured
    monkeypatch.setenv("SMTP_URL", "smtp://mail.acme.test:2525")
    assert (config.Config().SMTP_PORT, config.Config().SMTP_TLS) == (2525, "starttls")
