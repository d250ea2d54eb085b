"""Migration 0022 keeps its own frozen copy of the roll-up's columns and speed-to-lead steps (a
migration must not change when the app does): the copy matches what the app counts today, so the
index it builds is the one the report's queries use."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from console.domain import reports
from console.models import report_days

MIGRATION = Path(__file__).parents[2] / "migrations/versions/20261204_0022_report_day_rollup.py"


def _migration():
    spec = importlib.util.spec_from_file_location("report_day_rollup", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migrations_columns_and_steps_are_the_ones_the_app_counts():
    frozen = _migration()
    assert frozen.COUNTS == report_days.COUNTS
    assert [int(step) for step in frozen.STEPS.split(",")] == list(reports.SPEED_STEPS)
    assert f"ARRAY[{', '.join(map(str, reports.SPEED_STEPS))}]" in report_days.STEP_SQL
