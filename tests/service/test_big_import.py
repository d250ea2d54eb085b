"""A 50,000-row messy file imports chunk by chunk with every bad row reported by line."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from console.models import Lead
from console.services import import_jobs


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
    job = import_jobs.import_now(
        session=session,
        campaign=campaign,
        content=messy_file(50_000),
        file_name="messy.csv",
        strict=False,
        user=None,
        publish=lambda *a, **k: None,
    )
    assert job.failed == len(job.rejected) == 50
    assert job.rejected[0]["row"] == 1001  # the header is line 1
    assert job.created == 10_000 - 30  # one lead per number 212-555-0000..9999, less skipped ones
    assert job.created + job.touched + job.failed + 100 == 50_000
    assert job.rows_done == job.total_rows == 50_000 - 100  # blank lines are not rows
    assert session.exec(select(func.count()).select_from(Lead)).one() == job.created
