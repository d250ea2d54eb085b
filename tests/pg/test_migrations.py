"""Migrations on the real PostgreSQL: upgrade, no drift, downgrade to nothing, and up again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from console import migrate
from tests.conftest import schema_url


@pytest.fixture
def empty_schema(pg_url) -> Iterator[tuple[str, str]]:
    """A fresh schema and the URL that migrates it, dropped afterwards: (name, url)."""
    schema = f"m_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        yield schema, schema_url(pg_url, schema)
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


def contents(url: str, schema: str) -> dict[str, list[str]]:
    """The schema's tables and its enum types, by name."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            types = connection.execute(
                sa.text(
                    "SELECT typname FROM pg_type JOIN pg_namespace n ON typnamespace = n.oid"
                    " WHERE nspname = :schema AND typtype = 'e' ORDER BY typname"
                ),
                {"schema": schema},
            ).scalars()
            return {
                "tables": sorted(sa.inspect(connection).get_table_names(schema=schema)),
                "enums": list(types),
            }
    finally:
        engine.dispose()


def test_upgrade_leaves_no_drift_and_downgrade_empties_the_schema(empty_schema, capsys):
    schema, url = empty_schema
    migrate.upgrade("head", url=url)
    assert migrate.check(url=url)
    assert "No drift" in capsys.readouterr().out
    made = contents(url, schema)
    assert {"lead", "call", "meeting", "app_user"} <= set(made["tables"])
    assert made["enums"] == ["agentstate", "role"]

    migrate.downgrade("base", url=url)

    assert contents(url, schema) == {"tables": ["alembic_version"], "enums": []}


def test_downgrade_to_base_then_upgrade_again_works_and_matches_the_models(empty_schema, capsys):
    schema, url = empty_schema
    migrate.upgrade("head", url=url)
    migrate.downgrade("base", url=url)
    migrate.upgrade("head", url=url)
    assert migrate.check(url=url)
    assert "No drift" in capsys.readouterr().out


def test_check_notices_a_dropped_index(empty_schema, capsys):
    schema, url = empty_schema
    migrate.upgrade("head", url=url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP INDEX ix_lead_queue_backlog"))
    engine.dispose()
    assert not migrate.check(url=url)
    assert "ix_lead_queue_backlog" in capsys.readouterr().out
