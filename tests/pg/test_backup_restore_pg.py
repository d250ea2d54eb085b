"""The README's backup and restore, for real: pg_dump (custom format) of a migrated database with
a history in it, pg_restore into a throwaway database, and the same rows and revision there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from console import migrate
from console.services import accounts, campaign_people, campaigns
from tests.conftest import PASSWORD, make_app, schema_url
from tests.erasure import lived_lead
from tests.handoffs import add_lead
from tests.services import missing

HANDOFF = Path(sys.executable).with_name("handoff")  # the console script of this environment


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed: the backup test runs the PostgreSQL client tools")
    return found


def libpq(url: sa.URL) -> list[str]:
    """Host, port, user and database as the PostgreSQL tools take them."""
    return ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or ""]


def db_current(url: str) -> str:
    """What `handoff db current` prints for the database at `url`."""
    env = {**os.environ, "DATABASE_URL": url, "HANDOFF_ENV": "test"}
    done = subprocess.run(
        [str(HANDOFF), "db", "current"], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        found = {
            table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            for table in SQLModel.metadata.sorted_tables
        }
    engine.dispose()
    return found


def fill(url: str) -> None:
    """Migrate the schema and make a history in it through the services."""
    migrate.upgrade("head", url=url)
    app = make_app(url)
    with app.app_context():
        from console.db import get_session

        session = get_session()
        people = {
            role: accounts.create_user(
                session=session,
                email=f"{role}@backup.test",
                name=f"{role.title()} Person",
                role=role,
                password=PASSWORD,
            )
            for role in ("telecaller", "sales", "admin")
        }
        campaign = campaigns.create_campaign(
            session=session, slug="inbound", name="Inbound", script_id="inbound-demo-requests"
        )
        workers = [people["telecaller"], people["sales"]]
        campaign_people.add_members(session=session, campaign=campaign, users=workers)
        lived_lead(session, campaign, *workers)
        add_lead(session, campaign)
        session.close()
        app.extensions["handoff.engine"].dispose()


@pytest.fixture
def places(pg_url):
    """A fresh schema in the test database, and a throwaway database to restore into."""
    schema, restored = f"b_{uuid.uuid4().hex[:12]}", f"restore_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
        connection.execute(sa.text(f'CREATE DATABASE "{restored}"'))
    yield schema, restored
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)'))
    admin.dispose()


def test_pg_dump_and_pg_restore_bring_back_every_row_and_the_revision(pg_url, places, tmp_path):
    schema, restored = places
    source = schema_url(pg_url, schema)
    fill(source)
    url = sa.make_url(pg_url)
    dump = tmp_path / "handoff.dump"
    subprocess.run(
        [tool("pg_dump"), *libpq(url), "--format=custom", f"--schema={schema}",
         f"--file={dump}", url.database],
        check=True,
    )  # fmt: skip
    subprocess.run(
        [tool("pg_restore"), *libpq(url), "--no-owner", f"--dbname={restored}", str(dump)],
        check=True,
    )
    target = schema_url(url.set(database=restored).render_as_string(hide_password=False), schema)
    before, after = counts(source), counts(target)
    assert before == after and before["lead"] == 2 and before["meeting_review"] == 1
    revision = db_current(source)
    assert "(head)" in revision and db_current(target) == revision
