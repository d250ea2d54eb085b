"""Revision 0004 on SQLite: every existing person gets a session secret of their own."""

from __future__ import annotations

import sqlalchemy as sa

from console import migrate

PEOPLE = sa.text(
    "INSERT INTO app_user (email, name, role, password_hash, active, timezone, call_mode, state,"
    " state_since, created_at) VALUES (:email, 'Someone', 'SALES', 'x', :yes, 'UTC', 'bridge',"
    " 'OFFLINE', '2026-01-05 10:00:00', '2026-01-05 10:00:00')"
)


def upgrade_with_people(url: str) -> list[str]:
    """Migrate to 0003, add two people, migrate to head; their session secrets."""
    migrate.upgrade("0003", url=url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for email in ("a@example.test", "b@example.test"):
            connection.execute(PEOPLE, {"email": email, "yes": True})
    migrate.upgrade("head", url=url)
    with engine.connect() as connection:
        secrets = connection.execute(sa.text("SELECT session_secret FROM app_user")).scalars()
        found = list(secrets)
    engine.dispose()
    return found


def test_existing_people_get_distinct_secrets_and_the_models_match(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    found = upgrade_with_people(url)
    assert len(found) == 2 and len(set(found)) == 2 and all(len(s) == 64 for s in found)
    assert migrate.check(url=url) and "No drift" in capsys.readouterr().out
    migrate.downgrade("0003", url=url)
