"""Configuration read from the environment, with a test subclass handed to the factory."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from console.clock import parse_instant
from console.simulator_account import (
    SIM_ACCOUNT_SID,
    SIM_API_KEY_SID,
    SIM_APPLICATION_SID,
    SIM_AUTH_TOKEN,
    SIM_CALLER_ID,
    sim_port,
)

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


def webhook_base(config: Mapping[str, Any]) -> str:
    """Where Twilio reaches the app: PUBLIC_BASE_URL (required in production), else this machine's
    development port. Never a request's Host or X-Forwarded-* headers, which a caller controls."""
    return (config.get("PUBLIC_BASE_URL") or f"http://127.0.0.1:{config['PORT']}").rstrip("/")


class ConfigError(RuntimeError):
    """The environment is missing or contradicts something the app needs to start."""


DEV_ENVS = ("development", "test")  # where HANDOFF_NOW may set the clock


def clock_start(env: str | None = None) -> datetime | None:
    """HANDOFF_NOW as an instant, when set; refused outside development and tests."""
    text = _env("HANDOFF_NOW")
    if text is None:
        return None
    env = env or _env("HANDOFF_ENV", "production")
    if env not in DEV_ENVS:
        raise ConfigError(
            f"HANDOFF_NOW is set, but HANDOFF_ENV is {env}: a console in production must read "
            "the real time, or calls would break the calling-hours law. Unset HANDOFF_NOW "
            "(it is for development and tests only)."
        )
    try:
        return parse_instant(text)
    except ValueError as error:
        raise ConfigError(f"HANDOFF_NOW: {error}") from None


def retention_months(text: str | None) -> int | None:
    """HANDOFF_RETENTION_MONTHS: leads untouched this many months are erased; unset is off."""
    if text is None:
        return None
    if not text.isdecimal() or not 1 <= int(text) <= 1200:
        raise ConfigError(
            f"HANDOFF_RETENTION_MONTHS is {text!r}: give a whole number of months, such as 24 "
            "(leads untouched that long are erased), or unset it to keep leads until erased "
            "by hand."
        )
    return int(text)


MIN_SECRET_KEY = 32  # characters of SECRET_KEY in production: session cookies are signed with it
PRODUCTION_NEEDS = {
    "SECRET_KEY": "a long random string (python -c 'import secrets; print(secrets.token_hex(32))')",
    "PUBLIC_BASE_URL": "the https address Twilio reaches, e.g. https://handoff.example.com",
    "TWILIO_ACCOUNT_SID": "your Twilio account's SID (AC...)",
    "TWILIO_AUTH_TOKEN": "your Twilio account's auth token, which signs its webhooks",
    "TWILIO_CALLER_ID": "the number leads see, in E.164 (+1...)",
}


class Config:
    """Settings for a running console; every value can be overridden by an environment variable."""

    def __init__(self) -> None:
        self.ENV = _env("HANDOFF_ENV", "production")
        self.SQLALCHEMY_DATABASE_URI = _env(
            "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'handoff.db'}"
        )
        self.CLOCK_START = clock_start(self.ENV)
        self.DATABASE_POOL_SIZE = int(_env("DATABASE_POOL_SIZE", "10"))
        # Seconds; an unreachable database answers 503 within these, never hangs a request.
        self.DATABASE_CONNECT_TIMEOUT = int(_env("DATABASE_CONNECT_TIMEOUT", "5"))
        self.DATABASE_STATEMENT_TIMEOUT = int(_env("DATABASE_STATEMENT_TIMEOUT", "30"))
        self.DATABASE_POOL_TIMEOUT = int(_env("DATABASE_POOL_TIMEOUT", "10"))
        self.REDIS_URL = _env("REDIS_URL")
        self.REDIS_CHANNEL = _env("HANDOFF_REDIS_CHANNEL", "handoff")
        self.REDIS_TIMEOUT = int(_env("REDIS_TIMEOUT", "2"))  # seconds to connect or answer
        self.SECRET_KEY = _env("SECRET_KEY")
        self.PORT = int(_env("PORT", "5000"))
        self.LOG_LEVEL = _env("LOG_LEVEL", "INFO").upper()
        # Every URL given to Twilio is built from this, never from a request's Host headers.
        self.PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL")
        self.TRUSTED_PROXY_HOPS = int(_env("TRUSTED_PROXY_HOPS", "0"))
        self.TWILIO_ACCOUNT_SID = _env("TWILIO_ACCOUNT_SID")
        self.TWILIO_AUTH_TOKEN = _env("TWILIO_AUTH_TOKEN")
        self.TWILIO_CALLER_ID = _env("TWILIO_CALLER_ID")
        self.TWILIO_API_KEY_SID = _env("TWILIO_API_KEY_SID")
        self.TWILIO_API_KEY_SECRET = _env("TWILIO_API_KEY_SECRET")
        self.TWILIO_TWIML_APP_SID = _env("TWILIO_TWIML_APP_SID")
        self.TWILIO_API_BASE = _env("TWILIO_API_BASE")
        self._mail_settings()
        if self.ENV in DEV_ENVS:
            self._development_defaults()
        else:
            self._require_production_settings()
        self.SCRIPTS_DIR = _env("HANDOFF_SCRIPTS_DIR", str(ROOT / "scripts_library"))
        self.ASSETS_DIR = _env("HANDOFF_ASSETS_DIR", str(ROOT / "node_modules"))
        self.MAX_CONTENT_LENGTH = int(_env("MAX_REQUEST_BYTES", str(1024 * 1024)))
        self.IMPORT_MAX_BYTES = int(_env("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
        self.RETENTION_MONTHS = retention_months(_env("HANDOFF_RETENTION_MONTHS"))
        self._sign_in_settings()
        self.WTF_CSRF_TIME_LIMIT = None  # a telecaller's shift outlives the default hour
        # How often each process looks for due timed jobs (0: never, e.g. in tests).
        self.SCHEDULER_TICK_SECONDS = float(_env("SCHEDULER_TICK_SECONDS", "15"))
        self.TESTING = False

    def _mail_settings(self) -> None:
        """Where invites go: SMTP_URL (smtp://user:pass@host:port, or smtps:// for TLS from the
        start), each part overridable by SMTP_HOST and friends; in development without them, the
        local capture server `handoff run` starts on SMTP_PORT (/dev/mail lists what it got)."""
        url = urlsplit(_env("SMTP_URL") or "")
        given = url.scheme in ("smtp", "smtps") and url.hostname
        self.SMTP_HOST = _env("SMTP_HOST") or (url.hostname if given else None)
        port = str(url.port or (465 if url.scheme == "smtps" else 587)) if given else None
        self.SMTP_PORT = int(_env("SMTP_PORT") or port or ("587" if self.SMTP_HOST else "1025"))
        self.SMTP_FROM = _env("SMTP_FROM", "handoff@localhost")
        self.SMTP_USER = _env("SMTP_USER") or (unquote(url.username) if url.username else None)
        self.SMTP_PASSWORD = _env("SMTP_PASSWORD") or (
            unquote(url.password) if url.password else None
        )
        secure = "ssl" if url.scheme == "smtps" else "starttls"
        self.SMTP_TLS = (_env("SMTP_TLS") or (secure if self.SMTP_HOST else "none")).lower()
        self.SMTP_CAPTURE = self.ENV in DEV_ENVS and not self.SMTP_HOST
        self.MAIL_CAPTURE_DIR = _env("MAIL_CAPTURE_DIR", str(ROOT / "instance" / "mail"))
        if self.SMTP_CAPTURE:
            self.SMTP_HOST = "127.0.0.1"

    def _sign_in_settings(self) -> None:
        """Cookies that scripts cannot read, other sites cannot send, and (behind https) travel
        only encrypted; a remembered sign-in that ends; limits on guessing passwords."""
        https = (self.PUBLIC_BASE_URL or "").startswith("https://")
        self.SESSION_COOKIE_HTTPONLY = self.REMEMBER_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = self.REMEMBER_COOKIE_SECURE = https
        self.REMEMBER_COOKIE_DURATION = timedelta(days=int(_env("REMEMBER_DAYS", "14")))
        self.LOGIN_LIMIT_PER_ACCOUNT = _env("LOGIN_LIMIT_PER_ACCOUNT", "5/minute")
        self.LOGIN_LIMIT_PER_ADDRESS = _env("LOGIN_LIMIT_PER_ADDRESS", "20/minute")

    def _development_defaults(self) -> None:
        """A throwaway key and, without a Twilio account, the local simulator's."""
        self.SECRET_KEY = self.SECRET_KEY or secrets.token_hex(32)
        if not self.TWILIO_ACCOUNT_SID:
            self._use_twilio_simulator()
        elif not self.TWILIO_AUTH_TOKEN:
            raise ConfigError(
                "TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not: set the account's auth "
                "token (it checks every webhook), or unset both to use the local simulator."
            )

    def _require_production_settings(self) -> None:
        """Production starts only with what it needs: one sentence naming everything missing."""
        missing = [name for name in PRODUCTION_NEEDS if not getattr(self, name)]
        problems = [f"{name} is not set: {PRODUCTION_NEEDS[name]}" for name in missing]
        if self.SECRET_KEY and len(self.SECRET_KEY) < MIN_SECRET_KEY:
            problems.append(f"SECRET_KEY is too short: use at least {MIN_SECRET_KEY} characters")
        if problems:
            raise ConfigError(
                f"Handoff cannot start with HANDOFF_ENV={self.ENV}. "
                + "; ".join(problems)
                + ". (HANDOFF_ENV=development runs with a throwaway key and the Twilio simulator.)"
            )

    def _use_twilio_simulator(self) -> None:
        """The simulator's account, caller ID, TwiML App and API key, on SIM_PORT (5055)."""
        self.TWILIO_ACCOUNT_SID = SIM_ACCOUNT_SID
        self.TWILIO_AUTH_TOKEN = SIM_AUTH_TOKEN
        self.TWILIO_CALLER_ID = self.TWILIO_CALLER_ID or SIM_CALLER_ID
        self.TWILIO_TWIML_APP_SID = self.TWILIO_TWIML_APP_SID or SIM_APPLICATION_SID
        self.TWILIO_API_KEY_SID = self.TWILIO_API_KEY_SID or SIM_API_KEY_SID
        self.TWILIO_API_KEY_SECRET = self.TWILIO_API_KEY_SECRET or SIM_AUTH_TOKEN
        self.TWILIO_API_BASE = self.TWILIO_API_BASE or f"http://127.0.0.1:{sim_port()}"


class TestConfig(Config):
    """Isolated settings for tests: a temporary database, a fixed key, no Redis unless asked."""

    def __init__(self, database_url: str, **overrides: object) -> None:
        os.environ.setdefault("HANDOFF_ENV", "development")
        super().__init__()
        self.ENV = "test"
        self.TESTING = True
        self.SECRET_KEY = "test-secret-key"
        self.SQLALCHEMY_DATABASE_URI = database_url
        self.SCHEDULER_TICK_SECONDS = 0  # tests run due jobs by hand (or ask for ticking)
        self.REDIS_URL = None
        self.SMTP_HOST, self.SMTP_CAPTURE = None, False  # a test starts its own mail server
        for key, value in overrides.items():
            setattr(self, key, value)
