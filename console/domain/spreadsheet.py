"""Cells a spreadsheet opens safely: text that would start a formula is made plain text.

Every CSV a person may open in Excel, LibreOffice or Google Sheets (exports, reports) writes its
text cells through `safe_cell`: a lead who typed `=HYPERLINK(...)` as their company must not run
anything on the computer of the admin who opens the file (OWASP "CSV injection")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

# What makes a spreadsheet read a cell as a formula (tab and carriage return: some programs
# strip them and then read what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"  # a leading apostrophe: the spreadsheet shows the text as typed, and runs nothing


def safe_cell(value: str) -> str:
    """The text as a cell that opens as text: formula starts get a leading apostrophe."""
    return QUOTE + value if value.startswith(FORMULA_STARTS) else value


def as_typed(cell: str) -> str:
    """The text `safe_cell` was given (for programs that read such a file back)."""
    return cell[1:] if cell.startswith(QUOTE) and cell[1:].startswith(FORMULA_STARTS) else cell


def cell(value: object) -> str:
    """One value as a CSV cell: empty for none, true/false, ISO 8601 times (UTC as stored),
    numbers as written, text made safe. Structured values are the caller's to write as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return safe_cell(value)
    raise TypeError(f"write {type(value).__name__} as text before it goes in a cell")


def row(values: Iterable[object]) -> list[str]:
    """A CSV row of cells (see cell)."""
    return [cell(value) for value in values]
