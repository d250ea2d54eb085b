"""Migrations on SQLite: upgrade, no drift, downgrade; and `check` sees every index, those on an
expression (`priority DESC`, which SQLite cannot reflect) included."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from console import migrate


def test_upgrade_then_check_reports_no_drift_on_sqlite(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade("head", url=url)
    assert migrate.check(url=url)
    assert "No drift" in capsys.readouterr().out
    migrate.downgrade("base", url=url)
    assert sa.inspect(sa.create_engine(url)).get_table_names() == ["alembic_version"]


@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("DROP INDEX ix_lead_queue_backlog", "ix_lead_queue_backlog"),  # priority DESC
        ("DROP INDEX ix_call_started_at", "ix_call_started_at"),
        ("CREATE INDEX ix_lead_unknown ON lead (email, phone)", "ix_lead_unknown"),
    ],
)
def test_check_notices_an_index_dropped_or_added_by_hand(tmp_path, capsys, change, named):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade("head", url=url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(change))
    engine.dispose()
    capsys.readouterr()
    assert not migrate.check(url=url)
    assert named in capsys.readouterr().out
