"""Revision 0004 on PostgreSQL: every existing person gets a session secret of their own."""

from __future__ import annotations

from console import migrate
from tests.service.test_migration_sessions import upgrade_with_people


def test_existing_people_get_distinct_secrets_and_the_models_match(pg_schema, capsys):
    found = upgrade_with_people(pg_schema)
    assert len(found) == 2 and len(set(found)) == 2
    assert migrate.check(url=pg_schema) and "No drift" in capsys.readouterr().out
    migrate.downgrade("0003", url=pg_schema)
