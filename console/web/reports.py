"""Quality reports: team leads and admins see any team or campaign over any period; each
telecaller sees their own figures. Every table downloads as CSV; the charts draw what the
server computed."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, render_template, request
from flask_login import current_user

from console.auth import roles_required
from console.contract.common import read
from console.contract.metrics import MetricsQuery
from console.db import get_session
from console.domain import reports
from console.domain.roles import Role
from console.domain.spreadsheet import row
from console.errors import Invalid, NotFound
from console.services import campaign_people, campaigns, metrics

bp = Blueprint("reports", __name__)

DEFAULT_PERIOD = "this-week"


def _asked() -> dict:
    """The filters as asked (a named period unless from/to are given; this week by default)."""
    asked = {key: value for key, value in request.args.items() if value}
    if "period" not in asked and "from" not in asked and "to" not in asked:
        asked["period"] = DEFAULT_PERIOD
    return asked


def _report(asked: dict) -> dict:
    query = read(MetricsQuery, asked, message="The report's filters need fixing.")
    return metrics.report(
        session=get_session(),
        viewer=current_user._get_current_object(),
        period_name=query.period,
        start=query.start,
        to=query.to,
        team=query.team,
        campaign=query.campaign,
    )


def table_csv(headings: list[str], rows: list[list]) -> str:
    """A table as CSV text, every cell made safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([row(headings), *(row(values) for values in rows)])
    return out.getvalue()


def _said(refused: Invalid | NotFound) -> str:
    """The refusal in one line: what was wrong with each filter."""
    fixes = "; ".join(f"{name}: {fix}" for name, fix in refused.fields.items())
    return f"{refused.message} {fixes}".strip()


def _page(endpoint: str, csv_endpoint: str, title: str):
    asked = _asked()
    try:
        report = _report(asked)
    except (Invalid, NotFound) as refused:
        flash(_said(refused), "warning")
        asked = {"period": DEFAULT_PERIOD}
        report = _report(asked)
    session = get_session()
    return render_template(
        "reports/home.html",
        title=title,
        endpoint=endpoint,
        csv_endpoint=csv_endpoint,
        asked=asked,
        report=report,
        tables=reports.tables(report),
        charts=reports.charts(report),
        presets=reports.PRESETS,
        teams=metrics.teams(session=session) if current_user.role != Role.TELECALLER else [],
        campaigns=_campaigns(session),
    )


def _campaigns(session) -> list:
    """The campaigns to filter by: every one for team leads and admins, a telecaller's own."""
    every = campaigns.all_campaigns(session=session)
    if current_user.role != Role.TELECALLER:
        return every
    return [
        c
        for c in every
        if current_user.id in campaign_people.members_of(session=session, campaign=c)
    ]


def _csv(table: str):
    try:
        report = _report(_asked())
    except (Invalid, NotFound) as refused:
        return Response(_said(refused) + "\n", status=400, mimetype="text/plain")
    found = next((t for t in reports.tables(report) if t["key"] == table), None)
    if found is None:
        abort(404)
    day = report["from"][:10]
    return Response(
        table_csv(found["headings"], found["rows"]),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{table}-{day}.csv"'},
    )


@bp.get("/reports")
@roles_required(Role.LEAD, Role.ADMIN)
def home():
    """The team's quality report: filters, charts, leaderboard and every table."""
    return _page("reports.home", "reports.table_csv_view", "Reports")


@bp.get("/reports/<any(telecallers, leaderboard, rejections, funnel, trend, speed):table>.csv")
@roles_required(Role.LEAD, Role.ADMIN)
def table_csv_view(table: str):
    """One table of the report as CSV, safe to open in a spreadsheet."""
    return _csv(table)


@bp.get("/me/figures")
@roles_required(Role.TELECALLER)
def mine():
    """A telecaller's own figures over a period, with the same charts and tables."""
    return _page("reports.mine", "reports.my_table_csv", "My figures")


@bp.get("/me/figures/<any(telecallers, leaderboard, rejections, funnel, trend, speed):table>.csv")
@roles_required(Role.TELECALLER)
def my_table_csv(table: str):
    """One table of the telecaller's own figures as CSV."""
    return _csv(table)
