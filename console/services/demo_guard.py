"""The demo stays out of production: it is not seeded there, and its logins cannot be made there.

Everything the demo creates signs in with one published password, and `--reset` empties every
table, so both belong to development and tests only (HANDOFF_ENV=development or test).
"""

from __future__ import annotations

from console.config import DEV_ENVS
from console.demo_population import DEMO_PASSWORD
from console.errors import Conflict

DEMO_DOMAIN = "demo.test"


def allowed(env: str) -> bool:
    """Whether this HANDOFF_ENV may hold the demo (development and tests)."""
    return env in DEV_ENVS


def refuse_outside_development(env: str, *, reset: bool = False) -> None:
    """Refuse to seed (or reset) the demo anywhere but development and tests, in one sentence."""
    if allowed(env):
        return
    harm = "delete every table and " if reset else ""
    raise Conflict(
        f"The demo only runs in development, and HANDOFF_ENV is {env}: it would {harm}create "
        "logins that share a published password. Run it with HANDOFF_ENV=development on a "
        "database of its own.",
        code="production",
    )


def demo_login_problems(email: str, password: str) -> dict[str, str]:
    """The fields of a new account that are the demo's own logins (an @demo.test address, the
    demo password), each with what to do instead; empty when it is a real person's account."""
    problems = {}
    domain = email.strip().lower().rpartition("@")[2]
    if domain == DEMO_DOMAIN or domain.endswith("." + DEMO_DOMAIN):
        problems["email"] = (
            f"is a demo address (@{DEMO_DOMAIN}), which production refuses: use the person's "
            "own address"
        )
    if password == DEMO_PASSWORD:
        problems["password"] = (
            "is the demo's published password, which production refuses: choose another"
        )
    return problems
