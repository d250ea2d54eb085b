"""CSV imports of leads: messy real-world files in, a row report out, never a half-imported row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from console import clock
from console.contract.leads import FIELDS
from console.errors import Invalid
from console.models import Campaign, DncEntry, Lead
from console.services import intake, races

# Header spellings seen in exports, mapped to our field names.
ALIASES = {
    "firstname": "first_name",
    "first": "first_name",
    "given_name": "first_name",
    "lastname": "last_name",
    "last": "last_name",
    "surname": "last_name",
    "family_name": "last_name",
    "company_name": "company",
    "organization": "company",
    "organisation": "company",
    "account": "company",
    "job_title": "title",
    "position": "title",
    "phone_number": "phone",
    "mobile": "phone",
    "telephone": "phone",
    "tel": "phone",
    "email_address": "email",
    "e_mail": "email",
    "state": "region",
    "province": "region",
    "tz": "timezone",
    "time_zone": "timezone",
    "lead_source": "source",
    "form_name": "form",
    "comments": "notes",
    "note": "notes",
    "id": "external_id",
}


@dataclass
class ImportReport:
    """What an import did: counts, and every rejected row with its field errors."""

    created: int = 0
    duplicates: int = 0
    rejected: list[dict] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "ignored_columns": self.ignored_columns,
        }


def read_rows(
    content: bytes | str,
) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[str]]:
    """Decode, sniff the delimiter and map headers; rows keep their line number in the file."""
    text = content.decode("utf-8-sig", errors="replace") if isinstance(content, bytes) else content
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise Invalid("The file is empty.", fields={"file": "upload a CSV with a header row"})
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample.splitlines()[0], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _rows(reader)
    except csv.Error:
        raise Invalid(
            f"Line {reader.line_num} of the file cannot be read.",
            fields={
                "file": f"line {reader.line_num} has a field over 128 KB or a quote that is never "
                "closed: fix that line and upload the file again"
            },
        ) from None


def _rows(reader: Any) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[str]]:
    """The header's field names, the rows that hold something, and the columns left out."""
    header = next(reader)
    names = [_field_name(column) for column in header]
    if "phone" not in names:
        raise Invalid("No phone column.", fields={"file": "add a column named phone"})
    ignored = [column for column, name in zip(header, names, strict=True) if name not in FIELDS]
    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        row = {name: value for name, value in zip(names, values, strict=False) if name in FIELDS}
        rows.append((reader.line_num, row))
    return names, rows, ignored


def _field_name(column: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", column.strip().lower()).strip("_")
    return ALIASES.get(key, key)


def import_csv(
    *,
    session: Session,
    campaign: Campaign,
    content: bytes | str,
    strict: bool,
    publish: Callable[..., None],
) -> ImportReport:
    """Import every good row in one transaction; with strict, import nothing if any row is bad."""
    # If a lead of the file arrived through the API meanwhile, the second pass reads it and that
    # row becomes a touch on it.
    return races.once_more_if_beaten(
        session, lambda: _import(session, campaign, content, strict, publish)
    )


def _import(
    session: Session,
    campaign: Campaign,
    content: bytes | str,
    strict: bool,
    publish: Callable[..., None],
) -> ImportReport:
    _, rows, ignored = read_rows(content)
    report = ImportReport(ignored_columns=ignored)
    now = clock.now()
    known = _known_leads(session, campaign)
    dnc = set(session.exec(select(DncEntry.phone)))
    arrivals = []
    for line, row in rows:
        try:
            checked = intake.read_row(row, campaign)
        except Invalid as problem:
            report.rejected.append({"row": line, "fields": problem.fields})
            continue
        if strict and report.rejected:
            continue  # keep checking, to report every bad row, but stop writing
        existing = known.get(checked.values["phone"]) or known.get(
            checked.values.get("email") or ""
        )
        result = intake.admit(
            session,
            campaign,
            checked,
            dnc=checked.values["phone"] in dnc,
            existing=existing,
            now=now,
        )
        known[result.lead.phone] = result.lead
        if result.lead.email:
            known[result.lead.email] = result.lead
        report.duplicates += result.duplicate
        report.created += not result.duplicate
        arrivals.append(result)
    if strict and report.rejected:
        session.rollback()
        report.created = report.duplicates = 0
        return report
    session.commit()
    if any(result.queued for result in arrivals):
        publish(
            "queue.changed",
            {"campaign": campaign.slug, "imported": report.created},
            room=f"campaign:{campaign.id}",
        )
    return report


def _known_leads(session: Session, campaign: Campaign) -> dict[str, Lead]:
    """Existing leads of the campaign by phone and by email, for duplicate matching."""
    known: dict[str, Lead] = {}
    for lead in session.exec(select(Lead).where(Lead.campaign_id == campaign.id)):
        known[lead.phone] = lead
        if lead.email:
            known.setdefault(lead.email, lead)
    return known
