"""Production starts only with what it needs, and its requests and cookies are bounded and safe."""

from __future__ import annotations

import pytest

from console.config import Config, ConfigError
from tests.conftest import make_app

PRODUCTION = {
    "HANDOFF_ENV": "production",
    "SECRET_KEY": "k" * 40,
    "PUBLIC_BASE_URL": "https://handoff.example.test",
    "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
    "TWILIO_AUTH_TOKEN": "a" * 32,
    "TWILIO_CALLER_ID": "+14155550000",
}
TWILIO = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_CALLER_ID", "TWILIO_API_BASE")


@pytest.fixture
def environment(monkeypatch):
    """Set the process environment to exactly these settings (plus anything unrelated)."""

    def use(**settings: str) -> None:
        for name in (*PRODUCTION, *TWILIO, "HANDOFF_NOW", "TRUSTED_PROXY_HOPS"):
            monkeypatch.delenv(name, raising=False)
        for name, value in settings.items():
            monkeypatch.setenv(name, value)

    return use


def test_production_with_every_setting_starts_against_real_twilio(environment):
    environment(**PRODUCTION)
    config = Config()
    assert config.TWILIO_API_BASE is None  # real Twilio, never the simulator
    assert config.TWILIO_CALLER_ID == "+14155550000"
    assert config.SESSION_COOKIE_SECURE and config.REMEMBER_COOKIE_SECURE


@pytest.mark.parametrize("missing", ["PUBLIC_BASE_URL", *TWILIO[:3], "SECRET_KEY"])
def test_production_refuses_to_start_without_a_setting_and_names_it(environment, missing):
    environment(**{k: v for k, v in PRODUCTION.items() if k != missing})
    with pytest.raises(ConfigError, match=f"{missing} is not set"):
        Config()


def test_production_names_everything_missing_at_once_and_never_falls_back_to_the_simulator(
    environment,
):
    environment(HANDOFF_ENV="production", SECRET_KEY="short")
    with pytest.raises(ConfigError) as refused:
        Config()
    message = str(refused.value)
    for name in ("PUBLIC_BASE_URL", *TWILIO[:3]):
        assert f"{name} is not set" in message
    assert "SECRET_KEY is too short" in message


def test_a_development_account_without_its_token_is_refused_not_a_500_on_every_webhook(
    environment,
):
    environment(HANDOFF_ENV="development", TWILIO_ACCOUNT_SID="AC" + "2" * 32)
    with pytest.raises(ConfigError, match="TWILIO_AUTH_TOKEN is not"):
        Config()


def test_behind_a_trusted_proxy_the_client_address_comes_from_its_header(tmp_path, environment):
    environment(HANDOFF_ENV="development", TRUSTED_PROXY_HOPS="1")
    app = make_app(f"sqlite:///{tmp_path / 'proxy.db'}")
    seen = {}

    @app.get("/_whoami")
    def whoami():
        from flask import request

        seen.update(addr=request.remote_addr, scheme=request.scheme)
        return ""

    app.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.9",
                                               "X-Forwarded-Proto": "https"})  # fmt: skip
    assert seen == {"addr": "203.0.113.9", "scheme": "https"}


def test_without_a_trusted_proxy_its_headers_are_ignored(client):
    @client.application.get("/_whoami")
    def whoami():
        from flask import request

        return request.remote_addr

    answer = client.get("/_whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert answer.get_data(as_text=True) == "127.0.0.1"


def test_a_request_over_the_limit_is_refused_in_words_and_an_import_may_be_larger(
    app, signed_in, tokens
):
    app.config.update(MAX_CONTENT_LENGTH=2048, IMPORT_MAX_BYTES=64 * 1024 * 1024)
    big = {"notes": "x" * 4096, "campaign": "inbound"}
    answer = app.test_client().post("/api/v1/leads", json=big, headers=tokens["intake"])
    assert answer.status_code == 413
    assert answer.json["error"]["message"].startswith("The request is larger than the 2 KB")
    csv = "first_name,phone\n" + "".join(f"Ada,+1212555{1000 + n}\n" for n in range(300))
    imported = app.test_client().post(
        "/api/v1/campaigns/nowhere/leads/import", data=csv, headers=tokens["lead"]
    )
    assert imported.status_code == 404  # past the size check: the campaign does not exist
