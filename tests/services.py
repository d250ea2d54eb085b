"""Real services for the suites that need them: mandatory in CI, skipped (saying why) elsewhere."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def in_ci() -> bool:
    """CI=true makes PostgreSQL, Redis and the browser mandatory."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(why: str) -> None:
    """Fail in CI, skip elsewhere; either way say why."""
    if in_ci():
        pytest.fail(f"{why} (CI=true makes this suite mandatory)", pytrace=False)
    pytest.skip(why)


def require(kind: str, url: str) -> str:
    """The URL when the service answers; otherwise fail (CI) or skip, with the reason."""
    env = {"postgresql": "TEST_DATABASE_URL", "redis": "TEST_REDIS_URL"}[kind]
    if not url:
        missing(f"{env} is not set: {kind} tests need a real {kind} server")
    try:
        _ping(kind, url)
    except Exception as exc:
        missing(f"{kind} at {url} is unreachable ({type(exc).__name__}: {exc})")
    return url


def _ping(kind: str, url: str) -> None:
    if kind == "redis":
        import redis

        redis.Redis.from_url(url, socket_timeout=3).ping()
    else:
        import sqlalchemy

        engine = sqlalchemy.create_engine(url)
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("SELECT 1"))
        engine.dispose()


def require_chromium() -> str:
    """The Chromium binary, or fail (CI) / skip."""
    if not shutil.which(CHROMIUM):
        missing(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")
    return CHROMIUM


def require_front_end(assets_dir: Path) -> None:
    """Every front-end library the pages load is installed, or fail (CI) / skip naming the fix."""
    from console.web.assets import VENDOR

    absent = sorted(name for name, file in VENDOR.items() if not (assets_dir / file).is_file())
    if absent:
        missing(
            f"the front-end libraries are not installed in {assets_dir} ({', '.join(absent)} "
            "missing): run `npm ci` (make test does it for you)"
        )
