"""`handoff export`, `handoff leads erase` and `handoff leads erase-stale`: thin commands over the
services, that say what they did in words."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from console.models import Lead
from tests.erasure import PERSON
from tests.handoffs import add_lead

NOW = datetime(2027, 3, 14, 6, 30, tzinfo=UTC)
LONG_AGO = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def run(app):
    def invoke(*args, **options):
        return app.test_cli_runner().invoke(args=list(args), **options)

    return invoke


@pytest.fixture
def lead(session, campaign):
    return add_lead(session, campaign, **PERSON)


def test_export_writes_one_file_per_entity_and_says_how_many(run, lead, tmp_path):
    out = tmp_path / "out"
    result = run("export", "--format", "jsonl", "--campaign", "inbound", str(out))
    assert result.exit_code == 0, result.output
    assert f"{out / 'leads.jsonl'}: 1 leads" in result.output
    assert json.loads((out / "leads.jsonl").read_text())["first_name"] == "Zelda"
    assert run("export", "--out", str(tmp_path / "csv")).exit_code == 0
    assert (tmp_path / "csv" / "reviews.csv").read_text(encoding="utf-8-sig").startswith("id,")


def test_export_refuses_an_unknown_campaign_in_words(run, campaign, tmp_path):
    result = run("export", "--campaign", "nope", str(tmp_path / "out"))
    assert result.exit_code == 1 and "error:" in result.output
    assert "Traceback" not in result.output


def test_erase_asks_naming_the_lead_and_no_leaves_it(run, session, lead):
    result = run("leads", "erase", str(lead.id), input="n\n")
    assert f"Erase lead {lead.id} (Zelda Quimby, Quimby Widgets, {lead.phone})?" in result.output
    assert result.exit_code == 1
    session.refresh(lead)
    assert lead.erased_at is None


def test_erase_with_yes_erases_and_lists_the_number_when_asked(run, session, lead):
    result = run("leads", "erase", str(lead.id), "--yes", "--dnc")
    assert result.exit_code == 0, result.output
    assert f"lead {lead.id} erased" in result.output and "do-not-call" in result.output
    session.expire_all()
    assert session.get(Lead, lead.id).name == "Erased lead"
    again = run("leads", "erase", str(lead.id))
    assert again.exit_code == 0 and "already erased" in again.output


def test_erasing_an_unknown_lead_says_so(run, users):
    result = run("leads", "erase", "4242", "--yes")
    assert result.exit_code == 1 and "There is no lead 4242." in result.output


def test_erase_stale_dry_run_says_how_many_and_which_and_erases_nothing(
    run, session, campaign, clock
):
    clock.set(LONG_AGO)
    stale = add_lead(session, campaign, **PERSON)
    clock.set(NOW)
    fresh = add_lead(session, campaign)
    result = run("leads", "erase-stale", "--dry-run", "--months", "12")
    assert result.exit_code == 0, result.output
    assert "1 lead(s) untouched for 12 months would be erased" in result.output
    assert f"lead {stale.id} " in result.output and f"lead {fresh.id} " not in result.output
    assert "Zelda" not in result.output  # a log of what ran holds no one's name
    session.expire_all()
    assert session.get(Lead, stale.id).erased_at is None


def test_erase_stale_reads_the_setting_and_erases(app, run, session, campaign, clock):
    clock.set(LONG_AGO)
    stale = add_lead(session, campaign, **PERSON)
    clock.set(NOW)
    app.config["RETENTION_MONTHS"] = 12
    result = run("leads", "erase-stale")
    assert result.exit_code == 0 and "1 lead(s) untouched for 12 months erased" in result.output
    session.expire_all()
    assert session.get(Lead, stale.id).erased_at is not None


def test_erase_stale_with_retention_off_says_how_to_turn_it_on(run, app):
    app.config["RETENTION_MONTHS"] = None
    result = run("leads", "erase-stale", "--dry-run")
    assert result.exit_code == 1 and "HANDOFF_RETENTION_MONTHS" in result.output
