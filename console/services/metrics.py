"""Per-telecaller and team figures for a period, quality first: what sales accepted, held and won.

Activity is counted when it happened in the period (a meeting booked, a review taken), and
credited to the telecaller who booked the meeting. Speed to lead and wrap-up time are medians.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, cast, func, text
from sqlmodel import Session, select

from console import clock
from console.domain import reports
from console.domain.dispositions import Flag
from console.domain.roles import Role
from console.errors import Forbidden, Invalid
from console.ids import as_id
from console.models import Call, Lead, Meeting, MeetingReview, Outcome, Team, User, report_days
from console.services import campaigns

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
    "held": "held",
    "no_show": "no_shows",
    "opportunity": "opportunities",
    "won": "won",
}
TREND_ACTIONS = ("accept", "reject", "held", "no_show")  # the weekly acceptance and held rates
# How meetings booked against the rule fared.
OVERRIDE_COUNTS = {
    "accept": "overrides_accepted",
    "reject": "overrides_rejected",
    "held": "overrides_held",
}


@dataclass(frozen=True)
class Period:
    """A span of time [start, end) with how a person would name it."""

    start: datetime
    end: datetime
    zone: str


def _day_start(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(), ZoneInfo(zone))


def team_id_of(session: Session, wanted: str) -> int:
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


def _between(column, span: Period):
    return column >= span.start, column < span.end


def preset(name: str, zone: str, now: datetime | None = None) -> Period:
    """A named period (this week, last month ...) of whole days in the viewer's zone."""
    now = now or clock.now()
    try:
        first, last = reports.preset_days(name, now.astimezone(ZoneInfo(zone)).date())
    except ValueError:
        raise Invalid(
            "Unknown period.", fields={"period": f"use one of {', '.join(reports.PRESETS)}"}
        ) from None
    return period(first.isoformat(), last.isoformat(), zone, now)


def metrics(
    *,
    session: Session,
    span: Period,
    team_id: int | None = None,
    campaign_id: int | None = None,
    agent_id: int | None = None,
    rolled: bool = True,
) -> dict[str, Any]:
    """The report: per telecaller (every active one on the team, or only `agent_id`; zeros
    included) and the team total, with the leaderboard, funnel, weekly trend, speed-to-lead
    spread and rejections. One computation for the page, its CSV and GET /api/v1/metrics
    (`rolled=False`: every figure from the rows, without the daily roll-up)."""
    query = select(User).where(User.role == Role.TELECALLER, User.active)
    if team_id is not None:
        query = query.where(User.team_id == team_id)
    if agent_id is not None:
        query = query.where(User.id == agent_id)
    people = list(session.exec(query.order_by(User.name)))
    facts = _Facts(session, span, [p.id for p in people], campaign_id, rolled)
    rows = [
        {"id": p.id, "name": p.name, "team_id": p.team_id, **reports.figures(facts.tallies[p.id])}
        for p in people
    ]
    team = reports.figures(facts.total)
    report = {
        "from": span.start.isoformat(),
        "to": span.end.isoformat(),
        "zone": span.zone,
        "first_day": span.start.astimezone(ZoneInfo(span.zone)).date().isoformat(),
        "last_day": _last_day(span).isoformat(),
        "team_id": team_id,
        "campaign_id": campaign_id,
        "columns": [{"key": key, "label": label} for key, label in COLUMNS],
        "telecallers": rows,
        "team": team,
        "leaderboard": reports.leaderboard(rows),
        "funnel": reports.funnel(team),
        "trend": reports.trend(facts.weeks),
        "speed_to_lead": reports.spread(facts.speed_buckets),
    }
    report["rejections"] = reports.rejections(team)
    return report


def _last_day(span: Period) -> date:
    """The last day the period touches, in its zone (its end is exclusive)."""
    return (span.end - timedelta(microseconds=1)).astimezone(ZoneInfo(span.zone)).date()


class _Facts:
    """The period's raw counts per telecaller. Dials, connects, conversations and the speed-to-
    lead steps of whole UTC days come from the daily roll-up (console.models.report_days), the
    hours at either end of the period from the rows themselves, so any zone's days (and any
    instant) stay exact. Medians on PostgreSQL read only the leads of the step that holds them.
    `rolled=False` reads every figure from the rows (the roll-up's tests compare the two)."""

    def __init__(
        self,
        session: Session,
        span: Period,
        ids: list[int],
        campaign_id: int | None,
        rolled: bool = True,
    ) -> None:
        self.session, self.span, self.ids, self.campaign_id = session, span, ids, campaign_id
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self.tallies = {agent: reports.Tally() for agent in ids}
        self.total = reports.Tally()
        self.weeks: dict[date, reports.Tally] = {}
        self.steps: dict[int | None, Counter[int]] = {agent: Counter() for agent in [*ids, None]}
        self.speed_buckets: dict[int, int] = {}
        if ids and self.postgres:
            # Plans for the period asked, never a generic plan cached for other periods (which
            # the driver's prepared statements invite: 3 to 4 times slower for a quarter).
            session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        if ids:
            days, edges = _split(span) if rolled else (None, [span])
            if days:
                self._rolled(*days)
            for edge in edges:
                self._dials(edge)
                self._outcomes(edge)
                self._speed_steps(edge)
            self.speed_buckets = reports.spread_of_steps(self.steps[None])
            self._wrap()
            self._meetings()
            self._reviews()
            if self.postgres and rolled:
                self._speed_medians()
            else:
                self._speed_raw()

    def _scoped(self, query, model, agent_column):
        query = query.where(agent_column.in_(self.ids))
        return query.where(model.campaign_id == self.campaign_id) if self.campaign_id else query

    def _credit(self, agent_id: int, key: str, amount: int = 1) -> None:
        self.tallies[agent_id].add(key, amount)
        self.total.add(key, amount)

    def _rolled(self, first: date, end: date) -> None:
        """The roll-up's counts of the UTC days [first, end)."""
        where = [report_days.report_day.c.day >= first, report_days.report_day.c.day < end]
        where.append(report_days.report_day.c.agent_id.in_(self.ids))
        if self.campaign_id:
            where.append(report_days.report_day.c.campaign_id == self.campaign_id)
        for agent_id, *counts in report_days.sums(self.session, where):
            summed = dict(zip(report_days.COUNTS, counts, strict=True))
            for key in ("dials", "connects", "conversations"):
                self._credit(agent_id, key, int(summed[key]))
            for step, name in enumerate(report_days.STEPS):
                if summed[name]:
                    self.steps[agent_id][step] += int(summed[name])
                    self.steps[None][step] += int(summed[name])

    def _dials(self, span: Period) -> None:
        query = select(Call.agent_id, func.count()).where(
            *_between(Call.started_at, span), Call.status != "preparing"
        )
        query = self._scoped(query, Call, Call.agent_id).group_by(Call.agent_id)
        for agent_id, count in self.session.exec(query):
            self._credit(agent_id, "dials", count)

    def _outcomes(self, span: Period) -> None:
        """Connects and conversations by the outcome's flags (the same few sets recur: grouped
        by their text)."""
        flags = cast(Outcome.flags, String)
        query = select(Outcome.agent_id, flags, func.count()).where(
            *_between(Outcome.created_at, span)
        )
        query = self._scoped(query, Outcome, Outcome.agent_id).group_by(Outcome.agent_id, flags)
        for agent_id, written, count in self.session.exec(query):
            said = set(json.loads(written or "[]"))
            if Flag.HUMAN_ANSWERED in said:
                self._credit(agent_id, "connects", count)
            if Flag.CONVERSATION in said:
                self._credit(agent_id, "conversations", count)

    def _speed_steps(self, span: Period) -> None:
        """First dials per speed-to-lead step, counted as the roll-up counts them: by the
        database on PostgreSQL (its step index's expression), here on SQLite."""
        if self.postgres:
            campaign = " AND lead.campaign_id = :campaign" if self.campaign_id else ""
            query = text(
                f"SELECT lead.first_touch_by_id, {report_days.STEP_SQL}, count(*) FROM lead"
                " WHERE lead.first_touch_by_id = ANY(:ids) AND lead.first_touch_at >= :start"
                f" AND lead.first_touch_at < :end{campaign} GROUP BY 1, 2"
            )
            values = {"ids": self.ids, "start": span.start, "end": span.end}
            counts = self.session.execute(query, values | {"campaign": self.campaign_id})
        else:
            columns = [getattr(Lead, name) for name in report_days.WATCHED[Lead]]
            query = select(*columns).where(*_between(Lead.first_touch_at, span))
            counts = [
                (agent_id, report_days.STEPS.index(name), 1)
                for row in self.session.exec(self._scoped(query, Lead, Lead.first_touch_by_id))
                for (_day, agent_id, _campaign), name in report_days.counted(Lead, tuple(row))
            ]
        for agent_id, step, leads in counts:
            self.steps[agent_id][step] += leads
            self.steps[None][step] += leads

    def _wrap(self) -> None:
        """The median wrap-up."""
        where = (*_between(Outcome.created_at, self.span), Outcome.wrap_seconds.is_not(None))
        for agent_id, seconds in self._medians(Outcome.agent_id, Outcome.wrap_seconds, where):
            self._tally(agent_id).wrap_seconds = seconds

    def _tally(self, agent_id: int | None) -> reports.Tally:
        return self.total if agent_id is None else self.tallies[agent_id]

    def _medians(self, agent, value, where) -> Iterable[tuple[int | None, float]]:
        """(telecaller, median) per telecaller and (None, median) for them all: in the database
        on PostgreSQL, here on SQLite (which has no percentiles)."""
        model = agent.class_
        if self.postgres:
            middle = func.percentile_cont(0.5).within_group(value)
            query = self._scoped(select(agent, middle).where(*where), model, agent)
            found = self.session.exec(query.group_by(func.rollup(agent)))
            return [(a, float(m)) for a, m in found if m is not None]  # none: no samples at all
        samples: dict[int, list[float]] = {}
        for agent_id, seconds in self.session.exec(
            self._scoped(select(agent, value).where(*where), model, agent)
        ):
            samples.setdefault(agent_id, []).append(float(seconds))
        every = [seconds for values in samples.values() for seconds in values]
        found = [(a, median(values)) for a, values in samples.items()]
        return found + ([(None, median(every))] if every else [])

    def _meetings(self) -> None:
        query = select(Meeting.booked_by_id, Meeting.override, func.count()).where(
            *_between(Meeting.created_at, self.span)
        )
        query = self._scoped(query, Meeting, Meeting.booked_by_id)
        for agent_id, override, count in self.session.exec(
            query.group_by(Meeting.booked_by_id, Meeting.override)
        ):
            self._credit(agent_id, "overrides" if override else "booked", count)

    def _reviews(self) -> None:
        """Reviews in the period, credited to who booked the meeting: counted by the database
        per telecaller, action and reason; the criteria of definitional rejections; the weeks."""

        def reviewed(*columns):
            query = select(*columns).join(Meeting, Meeting.id == MeetingReview.meeting_id)
            query = query.where(*_between(MeetingReview.created_at, self.span))
            return self._scoped(query, Meeting, Meeting.booked_by_id)

        keys = (Meeting.booked_by_id, Meeting.override, MeetingReview.action, MeetingReview.reason)
        counts = reviewed(*keys, func.count(), func.sum(MeetingReview.amount_cents))
        for agent_id, override, action, reason, count, cents in self.session.exec(
            counts.group_by(*keys)
        ):
            for tally in (self.tallies[agent_id], self.total):
                _review(tally, action, reason, count, int(cents or 0), override)  # PG sums: Decimal
        overturned = reviewed(Meeting.booked_by_id, MeetingReview.overturned).where(
            MeetingReview.action == "reject", MeetingReview.reason == "definitional"
        )
        for agent_id, criteria in self.session.exec(overturned):
            for tally in (self.tallies[agent_id], self.total):
                tally.overturn(criteria or [])
        for day, action, count in self._local_days(reviewed, MeetingReview.created_at):
            _review(
                self.weeks.setdefault(reports.week_of(day), reports.Tally()), action, None, count
            )

    def _local_days(self, query_of, at) -> Iterable[tuple[date, str, int]]:
        """(day in the viewer's zone, action, how many) of the reviews the weekly trend reads:
        grouped by the database on PostgreSQL, here on SQLite (which knows no zones)."""
        trend = MeetingReview.action.in_(TREND_ACTIONS)
        if self.postgres:
            day = func.date(func.timezone(self.span.zone, at))
            query = query_of(day, MeetingReview.action, func.count()).where(trend)
            return self.session.exec(query.group_by(day, MeetingReview.action))
        zone, counted = ZoneInfo(self.span.zone), {}
        for moment, action in self.session.exec(query_of(at, MeetingReview.action).where(trend)):
            key = (moment.astimezone(zone).date(), action)
            counted[key] = counted.get(key, 0) + 1
        return [(day, action, count) for (day, action), count in counted.items()]

    def _speed_raw(self) -> None:
        """Median from arrival to first dial per first dialler, from every lead of the period."""
        where = (Lead.first_touch_at.is_not(None), *_between(Lead.first_touch_at, self.span))
        seconds = _seconds(Lead.arrived_at, Lead.first_touch_at, self.postgres)
        for agent_id, middle in self._medians(Lead.first_touch_by_id, seconds, where):
            self._tally(agent_id).speed_seconds = middle

    def _speed_medians(self) -> None:
        """Median from arrival to first dial per first dialler and for the team: the steps say
        which step holds each median's two middle leads, and only that step's leads are read
        (ix_lead_speed_step), sorted by the database."""
        wanted: list[tuple[int | None, int, int, int]] = []  # (telecaller, step, skip, take)
        for agent_id, steps in self.steps.items():
            leads = sum(steps.values())
            if not leads:
                continue
            (low, low_skip), (high, high_skip) = (
                reports.locate(steps, rank) for rank in reports.middle_ranks(leads)
            )
            if low == high:
                wanted.append((agent_id, low, low_skip, high_skip - low_skip + 1))
            else:
                wanted += [(agent_id, low, low_skip, 1), (agent_id, high, high_skip, 1)]
        found: dict[int | None, list[float]] = {}
        for agent_id, seconds in self._step_leads(wanted):
            found.setdefault(agent_id, []).append(seconds)
        for agent_id, values in found.items():
            self._tally(agent_id).speed_seconds = reports.between(min(values), max(values))

    def _step_leads(self, wanted: list) -> list[tuple[int | None, float]]:
        """(telecaller, seconds to first dial) of the leads wanted: per (telecaller or None
        for the team, step, skip, take), `take` leads of the step from the `skip`th in order.
        One statement for the telecallers (an index scan each), one per team step."""
        period = "lead.first_touch_at >= :start AND lead.first_touch_at < :end"
        if self.campaign_id:
            period += " AND lead.campaign_id = :campaign"
        speed, step = report_days.SPEED_SQL, report_days.STEP_SQL
        values = {"start": self.span.start, "end": self.span.end, "campaign": self.campaign_id}
        found: list[tuple[int | None, float]] = []
        theirs = [want for want in wanted if want[0] is not None]
        if theirs:
            each = text(
                "SELECT w.agent, v.seconds FROM unnest(CAST(:agents AS integer[]),"
                " CAST(:steps AS integer[]), CAST(:skips AS integer[]), CAST(:takes AS integer[]))"
                f" AS w(agent, step, skip, take) CROSS JOIN LATERAL (SELECT {speed} AS seconds"
                f" FROM lead WHERE lead.first_touch_by_id = w.agent AND {step} = w.step AND"
                f" {period} ORDER BY 1 OFFSET w.skip LIMIT w.take) v"
            )
            names = ("agents", "steps", "skips", "takes")
            lists = {name: [want[n] for want in theirs] for n, name in enumerate(names)}
            found += [(a, float(v)) for a, v in self.session.execute(each, values | lists)]
        team = text(
            f"SELECT {speed} FROM lead WHERE lead.first_touch_by_id = ANY(:ids) AND {step} = :step"
            f" AND {period} ORDER BY 1 OFFSET :skip LIMIT :take"
        )
        for _team, step_of, skip, take in (want for want in wanted if want[0] is None):
            asked = values | {"ids": self.ids, "step": step_of, "skip": skip, "take": take}
            found += [(None, float(v)) for (v,) in self.session.execute(team, asked)]
        return found


def _split(span: Period) -> tuple[tuple[date, date] | None, list[Period]]:
    """The whole UTC days [first, end) inside the period, and the periods left at either end."""
    start, end = span.start.astimezone(UTC), span.end.astimezone(UTC)
    first = start.date() if start.timetz() == time(tzinfo=UTC) else start.date() + timedelta(1)
    last = end.date()
    if first >= last:
        return None, [span]
    first_at, last_at = (datetime.combine(day, time(), UTC) for day in (first, last))
    edges = [Period(start, first_at, span.zone), Period(last_at, end, span.zone)]
    return (first, last), [edge for edge in edges if edge.start < edge.end]


def _seconds(start, end, postgres: bool):
    """The seconds from `start` to `end` as SQL, never negative."""
    if postgres:
        return func.greatest(0, func.extract("epoch", end - start))
    return func.max(0, (func.julianday(end) - func.julianday(start)) * 86400.0)


def _review(
    tally: reports.Tally, action, reason, count: int, cents: int = 0, override: bool = False
) -> None:
    """`count` reviews of one kind counted into a tally (rejections with their reason)."""
    if action == "reject":
        tally.reject(reason, count)
    elif action in REVIEW_COUNTS:
        tally.add(REVIEW_COUNTS[action], count)
    if action == "won" and cents:
        tally.add("won_cents", cents)
    if override and action in OVERRIDE_COUNTS:
        tally.add(OVERRIDE_COUNTS[action], count)


def teams(*, session: Session) -> list[Team]:
    """Every team, for the period filter."""
    return list(session.exec(select(Team).order_by(Team.name)))


def report(
    *,
    session: Session,
    viewer: User,
    period_name: str | None = None,
    start: str | None = None,
    to: str | None = None,
    team: str | None = None,
    campaign: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The report a person asked for, in their zone: team leads and admins any team or campaign;
    a telecaller their own figures only (Forbidden for anyone else)."""
    if viewer.role not in (Role.LEAD, Role.ADMIN, Role.TELECALLER):
        raise Forbidden("Reports are for team leads, admins and telecallers (their own).")
    zone = viewer.timezone or "UTC"
    span = preset(period_name, zone, now) if period_name else period(start, to, zone, now)
    team_id = team_id_of(session, team) if team else None
    campaign_id = None
    if campaign:  # a telecaller reads only campaigns they are on; any other is not found
        campaign_id = campaigns.worked_by_slug(session=session, slug=campaign, viewer=viewer).id
    agent_id = viewer.id if viewer.role == Role.TELECALLER else None
    return metrics(
        session=session, span=span, team_id=team_id, campaign_id=campaign_id, agent_id=agent_id
    )
