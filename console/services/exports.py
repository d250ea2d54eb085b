"""The data out: leads, calls, outcomes, meetings and reviews as CSV or JSON lines, one file each.

Rows are streamed from the database to the file (never a whole table in memory); times are
ISO 8601 in UTC; CSV text cells are safe to open in a spreadsheet (console.domain.spreadsheet),
JSON lines keep every value as stored. Each file is written under a temporary name and renamed
when complete, so a file that is there is whole."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Table, select
from sqlmodel import Session, SQLModel

from console.domain import spreadsheet
from console.errors import Invalid
from console.models import Call, Campaign, Lead, Meeting, MeetingReview, Outcome

FORMATS = ("csv", "jsonl")
ENTITIES: dict[str, type[SQLModel]] = {
    "leads": Lead,
    "calls": Call,
    "outcomes": Outcome,
    "meetings": Meeting,
    "reviews": MeetingReview,
}
BATCH = 500  # rows fetched from the database at a time


@dataclass
class Exported:
    """Where each entity was written and how many rows it has."""

    directory: Path
    files: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def export(
    *, session: Session, directory: Path, fmt: str = "csv", campaign: Campaign | None = None
) -> Exported:
    """Write every entity (only `campaign`'s rows when given) to `directory` in `fmt`."""
    if fmt not in FORMATS:
        raise Invalid("Choose csv or jsonl.", fields={"format": "csv or jsonl"})
    directory.mkdir(parents=True, exist_ok=True)
    done = Exported(directory)
    for entity, model in ENTITIES.items():
        target = directory / f"{entity}.{fmt}"
        partial = directory / f".{entity}.{fmt}.partial"
        table: Table = model.__table__  # type: ignore[attr-defined]
        columns = [column.name for column in table.columns]
        rows = _rows(session, entity, table, campaign)
        # utf-8 with a byte-order mark: spreadsheets then read names with accents right
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        try:
            with partial.open("w", encoding=encoding, newline="") as out:
                write = _write_csv if fmt == "csv" else _write_jsonl
                done.counts[entity] = write(out, columns, rows)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        done.files[entity] = target
    return done


def _rows(
    session: Session, entity: str, table: Table, campaign: Campaign | None
) -> Iterator[Mapping[str, Any]]:
    """The table's rows in id order, BATCH at a time (a server-side cursor on PostgreSQL)."""
    query = select(table).order_by(table.c.id)
    if campaign is not None:
        if entity == "reviews":
            mine = select(Meeting.id).where(Meeting.campaign_id == campaign.id)
            query = query.where(table.c.meeting_id.in_(mine))
        else:
            query = query.where(table.c.campaign_id == campaign.id)
    connection = session.connection().execution_options(stream_results=True, yield_per=BATCH)
    for found in connection.execute(query):
        yield found._mapping


def _write_csv(out: IO[str], columns: list[str], rows: Iterator[Mapping[str, Any]]) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for found in rows:
        writer.writerow(spreadsheet.row(_flat(found[name]) for name in columns))
        count += 1
    return count


def _flat(value: Any) -> Any:
    """Structured values (answers, scores, flags ...) as compact JSON text in a cell."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return value


def _write_jsonl(out: IO[str], columns: list[str], rows: Iterator[Mapping[str, Any]]) -> int:
    count = 0
    for found in rows:
        line = {name: _json_value(found[name]) for name in columns}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        count += 1
    return count


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
