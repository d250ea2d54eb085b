"""Report rules: named periods, the speed-to-lead spread, the leaderboard by quality, the tables."""

from __future__ import annotations

from datetime import date

import pytest

from console.domain import reports

WEDNESDAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("this-week", date(2026, 11, 16), date(2026, 11, 22)),
        ("last-week", date(2026, 11, 9), date(2026, 11, 15)),
        ("this-month", date(2026, 11, 1), date(2026, 11, 30)),
        ("last-month", date(2026, 10, 1), date(2026, 10, 31)),
        ("this-quarter", date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_named_periods_are_whole_weeks_months_and_quarters(name, first, last):
    assert reports.preset_days(name, WEDNESDAY) == (first, last)


def test_last_month_in_january_is_last_years_december():
    assert reports.preset_days("last-month", date(2027, 1, 5)) == (
        date(2026, 12, 1),
        date(2026, 12, 31),
    )


def test_an_unknown_period_is_refused():
    with pytest.raises(ValueError):
        reports.preset_days("yesterday", WEDNESDAY)


@pytest.mark.parametrize(
    ("seconds", "label"),
    [
        (0, "Under 5 min"),
        (299, "Under 5 min"),
        (300, "5-30 min"),
        (3600, "1-24 h"),
        (1e6, "Over 24 h"),
    ],
)
def test_speed_to_lead_falls_in_the_research_buckets(seconds, label):
    assert reports.SPEED_BUCKETS[reports.speed_bucket(seconds)][1] == label


def person(id_, name, accepted=0, held=0, dials=0, **counts):
    tally = reports.Tally(accepted=accepted, held=held, dials=dials, **counts)
    return {"id": id_, "name": name, **reports.figures(tally)}


def test_the_leaderboard_ranks_accepted_then_held_never_dials():
    rows = [
        person(1, "Busy Dialler", accepted=1, dials=900),
        person(2, "Quality Caller", accepted=3, held=1, dials=40),
        person(3, "Same Quality", accepted=3, held=1, dials=10),
        person(4, "Held More", accepted=1, held=1),
    ]
    board = reports.leaderboard(rows)
    assert [(place["place"], place["name"]) for place in board] == [
        (1, "Quality Caller"),
        (1, "Same Quality"),
        (3, "Held More"),
        (4, "Busy Dialler"),
    ]


def test_every_table_has_as_many_cells_as_headings():
    rows = [person(1, "=cmd|' /C calc'!A0", accepted=2, rejected=1, reasons={"clerical": 1})]
    team = reports.figures(reports.Tally(accepted=2, rejected=1, reasons={"clerical": 1}))
    report = {
        "telecallers": rows,
        "team": team,
        "leaderboard": reports.leaderboard(rows),
        "funnel": reports.funnel(team),
        "trend": reports.trend({WEDNESDAY: reports.Tally(accepted=1)}),
        "speed_to_lead": reports.spread({0: 4}),
        "rejections": reports.rejections(team),
    }
    tables = reports.tables(report)
    assert [t["key"] for t in tables][0] == "leaderboard"
    for table in tables:
        assert all(len(row) == len(table["headings"]) for row in table["rows"]), table["key"]
    charts = reports.charts(report)
    assert charts["trend"]["acceptance"] == [100.0] and charts["speed"]["leads"][0] == 4
