"""Each caller ID's connect rate, so a number that leads stopped answering (labelled spam by
their carrier) shows up on the floor."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, func
from sqlmodel import Session, select

from console.domain.caller_ids import looks_labelled
from console.models import Call

WINDOW = timedelta(days=7)
ACCOUNT_NUMBER = "the account's number"  # calls made without a campaign pool


def connect_rates(*, session: Session, now: datetime) -> list[dict]:
    """Dials, connects and the rate of each number over the last 7 days, most dials first."""
    answered = (Call.answered_at.is_not(None)) & (
        Call.answered_by.is_(None) | (Call.answered_by == "human")
    )
    rows = session.exec(
        select(Call.caller_id, func.count(), func.sum(case((answered, 1), else_=0)))
        .where(Call.started_at >= now - WINDOW, Call.status != "queued")
        .group_by(Call.caller_id)
    ).all()
    totals = (sum(row[1] for row in rows), sum(int(row[2] or 0) for row in rows))
    shown = []
    for number, dials, connects in sorted(rows, key=lambda row: -row[1]):
        connects = int(connects or 0)
        shown.append(
            {
                "number": number or ACCOUNT_NUMBER,
                "dials": dials,
                "connects": connects,
                "rate": round(100 * connects / dials) if dials else 0,
                "suspect": looks_labelled(dials, connects, totals[0] - dials, totals[1] - connects),
            }
        )
    return shown
