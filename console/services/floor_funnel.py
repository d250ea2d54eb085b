"""Today's funnel for the floor, by campaign and by team: leads arrived, dialled, connected,
conversations, qualified, meetings booked, accepted and held, "today" in the reader's zone.

One grouped query per figure. Activity is credited to the telecaller who did it (the meeting's
booker for sales' steps), so a team's row counts its telecallers' work; leads arrive in campaigns,
so teams have no arrivals.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from console import clock
from console.domain.funnel import OUTCOME_STAGES, REVIEW_STAGES, STAGES, blank, today
from console.models import Call, Campaign, Lead, Meeting, MeetingReview, Outcome, Team, User

NO_TEAM = 0  # the row of telecallers in no team


def funnel(*, session: Session, zone: str, now: datetime | None = None) -> dict:
    """Each active campaign's and each team's funnel today, and the floor's total."""
    start, end = today(now or clock.now(), zone)
    every = list(session.exec(select(Campaign).order_by(Campaign.name)))
    campaigns = {c.id: c.name for c in every}
    teams = {t.id: t.name for t in session.exec(select(Team).order_by(Team.name))}
    # Active campaigns have a row, zeros included; one switched off only when it had work today.
    by_campaign = {c.id: blank() for c in every if c.active}
    by_team = {tid: blank() for tid in teams} | {NO_TEAM: blank()}
    total = blank()

    def count(stage: str, rows: Iterable[tuple[int, int | None, int]]) -> None:
        for campaign_id, team_id, n in rows:
            by_campaign.setdefault(campaign_id, blank())[stage] += n
            by_team[team_id or NO_TEAM][stage] += n
            total[stage] += n

    arrived = select(Lead.campaign_id, func.count()).where(
        Lead.arrived_at >= start, Lead.arrived_at < end
    )
    for campaign_id, n in session.exec(arrived.group_by(Lead.campaign_id)):
        by_campaign.setdefault(campaign_id, blank())["arrived"] += n
        total["arrived"] += n
    count("dialled", session.exec(_dials(start, end)))
    for campaign_id, team_id, flags in session.exec(_outcomes(start, end)):
        for stage, flag in OUTCOME_STAGES.items():
            if flag in (flags or []):
                count(stage, [(campaign_id, team_id, 1)])
    count("booked", session.exec(_booked(start, end)))
    for campaign_id, team_id, action, n in session.exec(_reviews(start, end)):
        count(REVIEW_STAGES[action], [(campaign_id, team_id, n)])
    return {
        "stages": STAGES,
        "campaigns": [_row(campaigns[cid], row) for cid, row in by_campaign.items()],
        "teams": [
            _row(teams.get(tid, "No team"), row)
            for tid, row in by_team.items()
            if tid != NO_TEAM or any(row.values())
        ],  # fmt: skip
        "total": total,
        "from": start.isoformat(),
    }


def _row(name: str, figures: dict[str, int]) -> dict:
    return {"name": name, **figures}


def _dials(start: datetime, end: datetime):
    return (
        select(Call.campaign_id, User.team_id, func.count())
        .join(User, User.id == Call.agent_id)
        .where(Call.started_at >= start, Call.started_at < end, Call.status != "preparing")
        .group_by(Call.campaign_id, User.team_id)
    )


def _outcomes(start: datetime, end: datetime):
    # Flags are a JSON list: read them here rather than with each database's JSON operators.
    return (
        select(Outcome.campaign_id, User.team_id, Outcome.flags)
        .join(User, User.id == Outcome.agent_id)
        .where(Outcome.created_at >= start, Outcome.created_at < end)
    )


def _booked(start: datetime, end: datetime):
    return (
        select(Meeting.campaign_id, User.team_id, func.count())
        .join(User, User.id == Meeting.booked_by_id)
        .where(Meeting.created_at >= start, Meeting.created_at < end)
        .group_by(Meeting.campaign_id, User.team_id)
    )


def _reviews(start: datetime, end: datetime):
    return (
        select(Meeting.campaign_id, User.team_id, MeetingReview.action, func.count())
        .join(Meeting, Meeting.id == MeetingReview.meeting_id)
        .join(User, User.id == Meeting.booked_by_id)
        .where(
            MeetingReview.created_at >= start,
            MeetingReview.created_at < end,
            MeetingReview.action.in_(list(REVIEW_STAGES)),
        )
        .group_by(Meeting.campaign_id, User.team_id, MeetingReview.action)
    )
