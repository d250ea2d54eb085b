"""Migrations on SQLite: upgrade, no drift, downgrade."""

from __future__ import annotations

import sqlalchemy as sa

from console import migrate


def test_upgrade_then_check_reports_no_drift_on_sqlite(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade("head", url=url)
    assert migrate.check(url=url)
    assert "No drift" in capsys.readouterr().out
    migrate.downgrade("base", url=url)
    assert sa.inspect(sa.create_engine(url)).get_table_names() == ["alembic_version"]
