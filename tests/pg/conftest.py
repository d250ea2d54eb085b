"""PostgreSQL fixtures: each test module gets its own schema in the real server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from console.db import get_session
from tests.conftest import make_app


def schema_url(base: str, schema: str) -> str:
    """The URL with search_path set to the schema."""
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="module")
def pg_schema(pg_url) -> Iterator[str]:
    """A fresh, empty schema, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    yield schema_url(pg_url, schema)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture
def pg_app(pg_schema):  # noqa: ANN201
    """The app on the PostgreSQL schema, tables created, rows removed after each test."""
    app = make_app(pg_schema)
    with app.app_context():
        yield app
        session = get_session()
        session.rollback()
        from sqlmodel import SQLModel

        names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        session.exec(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        session.commit()
        app.extensions["handoff.engine"].dispose()
