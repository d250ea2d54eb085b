"""Per-telecaller and team figures for a period, quality first: what sales accepted, held and won.

Activity is counted when it happened in the period (a meeting booked, a review taken), and
credited to the telecaller who booked the meeting. Speed to lead and wrap-up time are medians.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from console import clock
from console.domain.roles import Role
from console.errors import Invalid
from console.ids import as_id
from console.models import Call, Lead, Meeting, MeetingReview, Outcome, Team, User

# Quality first (what sales accepted, held and won), dials last.
EARLIEST = date(2000, 1, 1)  # a period starts no earlier, and ends at most a year ahead
COLUMNS = (
    ("accepted", "Accepted"),
    ("acceptance_rate", "Acceptance"),
    ("held", "Held"),
    ("opportunities", "Opportunities"),
    ("won", "Won"),
    ("won_amount", "Won amount"),
    ("meetings_booked", "Meetings booked"),
    ("overrides", "Against the rule"),
    ("rejected", "Rejected"),
    ("no_shows", "No-shows"),
    ("conversations", "Conversations"),
    ("median_speed_to_lead_seconds", "Speed to lead (median)"),
    ("median_wrap_seconds", "Wrap-up (median)"),
    ("dials", "Dials"),
)
REVIEW_COUNTS = {
    "accept": "accepted",
    "reject": "rejected",
    "held": "held",
    "no_show": "no_shows",
    "opportunity": "opportunities",
    "won": "won",
}


@dataclass(frozen=True)
class Period:
    """A span of time [start, end) with how a person would name it."""

    start: datetime
    end: datetime
    zone: str


def _day_start(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(), ZoneInfo(zone))


def team_id(session: Session, wanted: str) -> int:
    """The id of the team named `wanted` (its name, or its id in digits); Invalid otherwise."""
    named = Team.name == wanted
    if number := as_id(wanted):
        named = named | (Team.id == number)
    team = session.exec(select(Team).where(named)).first()
    if team is None:
        raise Invalid("Unknown team.", fields={"team": f"no team {wanted!r}: use its id or name"})
    return team.id


def period(
    raw_from: str | None, raw_to: str | None, zone: str, now: datetime | None = None
) -> Period:
    """The period asked for: dates are whole days in the viewer's zone; the default is today."""
    now = now or clock.now()
    errors: dict[str, str] = {}
    start = _bound(raw_from, zone, "from", errors, now) or _day_start(
        now.astimezone(ZoneInfo(zone)).date(), zone
    )
    end = _bound(raw_to, zone, "to", errors, now, end=True) or now
    if not errors and end <= start:
        errors["to"] = "must be after from"
    if errors:
        raise Invalid("The period needs fixing.", fields=errors)
    return Period(start, end, zone)


def _bound(
    raw: str | None, zone: str, name: str, errors: dict, now: datetime, end: bool = False
) -> datetime | None:
    """One end of the period, from a date or an instant between EARLIEST and a year from now."""
    if not raw:
        return None
    latest = (now + timedelta(days=366)).date()
    try:
        if len(raw) == 10:  # a date: from its start, or to the end of it
            day = date.fromisoformat(raw)
            if EARLIEST <= day <= latest:
                return _day_start(day + timedelta(days=1) if end else day, zone)
        else:
            at = datetime.fromisoformat(raw)
            at = at if at.tzinfo else at.replace(tzinfo=ZoneInfo(zone))
            if EARLIEST <= at.date() <= latest:
                return at
    except ValueError:
        errors[name] = f"{raw!r} is not a date; use 2026-11-18 or 2026-11-18T09:00:00+00:00"
        return None
    errors[name] = f"use a date from {EARLIEST.isoformat()} to {latest.isoformat()}"
    return None


def _blank() -> dict[str, Any]:
    row: dict[str, Any] = {key: 0 for key, _ in COLUMNS}
    row |= {"won_amount": 0.0, "acceptance_rate": None, "_speed": [], "_wrap": []}
    return row


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    reviewed = row["accepted"] + row["rejected"]
    row["acceptance_rate"] = round(row["accepted"] / reviewed, 3) if reviewed else None
    speed, wrap = row.pop("_speed"), row.pop("_wrap")
    row["median_speed_to_lead_seconds"] = round(median(speed)) if speed else None
    row["median_wrap_seconds"] = round(median(wrap)) if wrap else None
    row["won_amount"] = round(row["won_amount"], 2)
    return row


def _between(column, span: Period):
    return column >= span.start, column < span.end


def metrics(
    *, session: Session, span: Period, team_id: int | None = None, campaign_id: int | None = None
) -> dict[str, Any]:
    """Figures per telecaller (every active one on the team, zeros included) and the team total."""
    query = select(User).where(User.role == Role.TELECALLER, User.active)
    if team_id is not None:
        query = query.where(User.team_id == team_id)
    people = list(session.exec(query.order_by(User.name)))
    rows = {person.id: _blank() for person in people}
    total = _blank()

    def credit(agent_id: int | None, key: str, amount: float = 1) -> None:
        for row in (rows.get(agent_id), total if agent_id in rows else None):
            if row is not None:
                row[key] += amount

    def sample(agent_id: int | None, key: str, value: float) -> None:
        if agent_id in rows:
            rows[agent_id][key].append(value)
            total[key].append(value)

    def scoped(query, model):
        return query.where(model.campaign_id == campaign_id) if campaign_id else query

    dials = scoped(
        select(Call.agent_id, func.count()).where(
            *_between(Call.started_at, span), Call.status != "preparing"
        ),
        Call,
    ).group_by(Call.agent_id)
    for agent_id, count in session.exec(dials):
        credit(agent_id, "dials", count)
    outcomes = scoped(select(Outcome).where(*_between(Outcome.created_at, span)), Outcome)
    for outcome in session.exec(outcomes):
        if "conversation" in (outcome.flags or []):
            credit(outcome.agent_id, "conversations")
        if outcome.wrap_seconds is not None:
            sample(outcome.agent_id, "_wrap", outcome.wrap_seconds)
    booked = scoped(select(Meeting).where(*_between(Meeting.created_at, span)), Meeting)
    for meeting in session.exec(booked):
        credit(meeting.booked_by_id, "overrides" if meeting.override else "meetings_booked")
    reviews = scoped(
        select(MeetingReview, Meeting.booked_by_id)
        .join(Meeting, Meeting.id == MeetingReview.meeting_id)
        .where(*_between(MeetingReview.created_at, span)),
        Meeting,
    )
    for review, booked_by in session.exec(reviews):
        if review.action in REVIEW_COUNTS:
            credit(booked_by, REVIEW_COUNTS[review.action])
        if review.action == "won" and review.amount_cents:
            credit(booked_by, "won_amount", review.amount_cents / 100)
    for agent_id, seconds in _speed_to_lead(session, span, campaign_id):
        sample(agent_id, "_speed", seconds)
    return {
        "from": span.start.isoformat(),
        "to": span.end.isoformat(),
        "zone": span.zone,
        "team_id": team_id,
        "campaign_id": campaign_id,
        "columns": [{"key": key, "label": label} for key, label in COLUMNS],
        "telecallers": [
            {"id": p.id, "name": p.name, "team_id": p.team_id, **_finish(rows[p.id])}
            for p in people
        ],
        "team": _finish(total),
    }


def _speed_to_lead(
    session: Session, span: Period, campaign_id: int | None
) -> Iterable[tuple[int, float]]:
    """(telecaller of the first dial, seconds from arrival to it) per lead first dialled then."""
    first_call = (
        select(Call.lead_id, func.min(Call.started_at).label("first"))
        .where(Call.status != "preparing")
        .group_by(Call.lead_id)
        .subquery()
    )
    query = (
        select(Lead.id, Lead.arrived_at, Lead.first_touch_at, Call.agent_id)
        .join(first_call, first_call.c.lead_id == Lead.id)
        .join(Call, (Call.lead_id == Lead.id) & (Call.started_at == first_call.c.first))
        .where(Lead.first_touch_at.is_not(None), *_between(Lead.first_touch_at, span))
    )
    if campaign_id:
        query = query.where(Lead.campaign_id == campaign_id)
    seen: set[int] = set()
    for lead_id, arrived, touched, agent_id in session.exec(query):
        if lead_id in seen:  # two calls started in the same instant: count the lead once
            continue
        seen.add(lead_id)
        yield agent_id, max(0.0, (touched - arrived).total_seconds())


def teams(*, session: Session) -> list[Team]:
    """Every team, for the period filter."""
    return list(session.exec(select(Team).order_by(Team.name)))
