"""Cells a spreadsheet opens as text: what a lead typed can never run as a formula."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console.domain.spreadsheet import as_typed, cell, row, safe_cell


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://evil.test","click")',
        "+1 202 555 0143",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
    ],
)
def test_text_that_would_start_a_formula_opens_as_text(typed):
    assert safe_cell(typed) == "'" + typed
    assert as_typed(safe_cell(typed)) == typed


@pytest.mark.parametrize("typed", ["Ada Byron", "", "'quoted already", "a=b", "O'Neil"])
def test_ordinary_text_is_left_as_typed(typed):
    assert safe_cell(typed) == typed and as_typed(typed) == typed


def test_values_become_cells_people_and_programs_read_alike():
    at = datetime(2027, 3, 14, 6, 30, tzinfo=UTC)
    assert row([None, True, False, -5, 2.5, at, "=1"]) == [
        "",
        "true",
        "false",
        "-5",  # a number is no formula
        "2.5",
        "2027-03-14T06:30:00+00:00",
        "'=1",
    ]


def test_structured_values_must_be_written_as_text_first():
    with pytest.raises(TypeError):
        cell({"need": 3})
