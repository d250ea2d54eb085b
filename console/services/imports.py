"""CSV files of leads as rows: messy real-world exports decoded, sniffed and mapped onto the
lead's fields, each row keeping its line in the file for the report."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from console.contract.leads import FIELDS
from console.errors import Invalid

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
