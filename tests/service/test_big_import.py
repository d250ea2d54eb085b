"""A 50,000-row messy file imports in one pass with every bad row reported by line."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from console.models import Lead
from console.services import imports


def messy_file(rows: int) -> bytes:
    lines = ["\ufeffFirst Name;Last Name;Company;Phone;Email;State;Form;Extra"]
    for n in range(rows):
        if n % 1000 == 999:
            lines.append(f"Bad;Row{n};Co;12;bad{n}@x.test;NY;demo;x")
        elif n % 500 == 0:
            lines.append("")
        else:
            lines.append(
                f'First{n};Last{n};"Company {n}; Inc";'
                f"+1 212 555 {n % 10000:04d};p{n}@x.test;NY;demo;x"
            )
    return "\r\n".join(lines).encode()


def test_fifty_thousand_rows_import_with_duplicates_and_rejects(session, campaign):
    report = imports.import_csv(
        session=session,
        campaign=campaign,
        content=messy_file(50_000),
        strict=False,
        publish=lambda *a, **k: None,
    )
    assert len(report.rejected) == 50
    assert report.rejected[0]["row"] == 1001  # the header is line 1
    assert (
        report.created == 10_000 - 30
    )  # one lead per number 212-555-0000..9999, less skipped ones
    assert report.created + report.duplicates + len(report.rejected) + 100 == 50_000
    assert session.exec(select(func.count()).select_from(Lead)).one() == report.created
