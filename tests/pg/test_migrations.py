"""Migrations on the real PostgreSQL: upgrade, no drift, downgrade."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from console import migrate
from tests.conftest import schema_url


def test_upgrade_leaves_no_drift_and_downgrade_empties_the_schema(pg_url, capsys):
    schema = f"m_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = schema_url(pg_url, schema)
    try:
        migrate.upgrade("head", url=url)
        assert migrate.check(url=url)
        assert "No drift" in capsys.readouterr().out
        inspector = sa.inspect(sa.create_engine(url))
        assert {"lead", "call", "meeting", "app_user"} <= set(
            inspector.get_table_names(schema=schema)
        )
        migrate.downgrade("base", url=url)
        assert sa.inspect(sa.create_engine(url)).get_table_names(schema=schema) == [
            "alembic_version"
        ]
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()
