"""`handoff demo`: the demo team, campaigns, leads and weeks of history, in one transaction."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from console import clock
from console.demo_population import DEMO_PASSWORD, DemoPerson, campaigns, population, staff
from console.domain.dispositions import DEFAULT_DISPOSITIONS, to_dicts
from console.domain.handoff import HandoffRule
from console.domain.queue import LeadStatus
from console.domain.roles import AgentState, Role
from console.models import (
    AgentStateEvent,
    Call,
    Callback,
    Campaign,
    CampaignMember,
    DncEntry,
    Lead,
    LeadTouch,
    Meeting,
    MeetingReview,
    Team,
    User,
)
from console.passwords import hash_password
from console.services.campaigns import DEFAULT_WINDOW, default_intent_map
from console.services.demo_history import plant_history
from console.services.demo_meetings import settle

ALREADY = "Demo data already present; use `handoff demo --reset` to start over."
LEAD_COUNT = 300
SETUP_AGO = timedelta(days=60)  # staff and campaigns predate the six weeks of leads
# A telecaller's day on the floor, local time: (hour, minute, state, pause reason).
SHIFT = ((9, 0, AgentState.AVAILABLE, None), (10, 45, AgentState.PAUSED, "break"),
         (11, 0, AgentState.AVAILABLE, None), (12, 30, AgentState.PAUSED, "lunch"),
         (13, 15, AgentState.AVAILABLE, None), (17, 30, AgentState.OFFLINE, None))  # fmt: skip
SHIFT_DAYS = 3


def seed(
    *,
    session: Session,
    seed: int = 7,
    reset: bool = False,
    if_empty: bool = False,
    now: datetime | None = None,
) -> str:
    """Seed the demo in one transaction; returns what was made and the logins.

    `reset` empties every table first; `if_empty` does nothing once anyone has an account, and
    without `reset` an existing demo is left alone rather than doubled.
    """
    now = now or clock.now()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if (if_empty and session.exec(select(User.id)).first() is not None) or (
        not reset and _demo_present(session)
    ):
        return "\n".join([ALREADY, *logins()])
    try:
        if reset:
            _wipe(session)
        _plant(session, seed, now)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return "\n".join([_summary(session, seed), *logins()])


def logins() -> list[str]:
    """The demo logins, one per line, with the shared password."""
    lines = [f"Demo logins (password: {DEMO_PASSWORD}):"]
    return lines + [f"  {user.email} ({user.role.label.lower()})" for user in staff()]


def _demo_present(session: Session) -> bool:
    emails = [user.email for user in staff()]
    slugs = [spec.slug for spec in campaigns()]
    return (
        session.exec(select(User.id).where(User.email.in_(emails))).first() is not None
        or session.exec(select(Campaign.id).where(Campaign.slug.in_(slugs))).first() is not None
    )


def _wipe(session: Session) -> None:
    # Children before parents, so foreign keys hold at every step of the same transaction.
    for table in reversed(SQLModel.metadata.sorted_tables):
        session.execute(table.delete())
    session.expunge_all()  # rows loaded earlier are gone; new ones may reuse their ids


def _plant(session: Session, seed: int, now: datetime) -> None:
    rng = random.Random(seed)
    users = _staff(session, now)
    demo_campaigns = _campaigns(session, users, now)
    leads = _leads(session, population(seed, LEAD_COUNT), demo_campaigns, now)
    bookings = plant_history(
        session=session,
        rng=rng,
        leads=leads,
        users=users,
        campaigns=list(demo_campaigns.values()),
        now=now,
    )
    session.flush()
    settle(session=session, rng=rng, bookings=bookings, now=now)
    _shifts(session, rng, [u for u in users.values() if u.role == Role.TELECALLER], now)
    session.flush()


def _staff(session: Session, now: datetime) -> dict[str, User]:
    # Built here rather than by accounts.create_user, which commits each user on its own. The
    # password is published and shared, so one salted hash serves every demo login.
    since, password_hash = now - SETUP_AGO, hash_password(DEMO_PASSWORD)
    teams: dict[str, Team] = {}
    users: dict[str, User] = {}
    for person in staff():
        if person.team and person.team not in teams:
            teams[person.team] = Team(name=person.team, created_at=since)
            session.add(teams[person.team])
            session.flush()
        users[person.email] = User(
            email=person.email,
            name=person.name,
            role=person.role,
            team_id=teams[person.team].id if person.team else None,
            phone=person.phone,
            timezone=person.timezone,
            password_hash=password_hash,
            state_since=since,
            created_at=since,
        )
        session.add(users[person.email])
    session.flush()
    return users


def _campaigns(session: Session, users: dict[str, User], now: datetime) -> dict[str, Campaign]:
    made = {}
    for spec in campaigns():
        made[spec.slug] = Campaign(
            slug=spec.slug,
            name=spec.name,
            script_id=spec.script_id,
            call_interest=spec.intent == "interest",
            handoff_rule=HandoffRule().to_dict(),
            calling_window=dict(DEFAULT_WINDOW),
            dispositions=to_dicts(DEFAULT_DISPOSITIONS),
            intent_map=default_intent_map(),
            created_at=now - SETUP_AGO,
        )
        session.add(made[spec.slug])
    session.flush()
    workers = [u for u in users.values() if u.role in (Role.TELECALLER, Role.SALES)]
    for campaign in made.values():
        for user in workers:
            session.add(CampaignMember(campaign_id=campaign.id, user_id=user.id))
    return made


LEAD_FIELDS = ("first_name", "last_name", "company", "title", "phone", "email", "country",
               "region", "timezone", "source", "form", "notes", "external_id")  # fmt: skip


def _leads(
    session: Session, people: list[DemoPerson], by_slug: dict[str, Campaign], now: datetime
) -> list[tuple[Lead, DemoPerson]]:
    leads = []
    for person in people:
        campaign = by_slug[person.campaign]
        arrived = now - person.arrived_offset
        values = {name: getattr(person, name) for name in LEAD_FIELDS}
        times = dict.fromkeys(("arrived_at", "first_touch_at", "created_at", "updated_at"), arrived)
        lead = Lead(campaign_id=campaign.id, intent=person.intent, **times, **values)
        if person.intent != "need" and not campaign.call_interest:
            days = HandoffRule.from_dict(campaign.handoff_rule).interest_follow_up_days
            lead.status, lead.follow_up_at = LeadStatus.nurture, arrived + timedelta(days=days)
        else:
            lead.status = LeadStatus.queued
        session.add(lead)
        leads.append((lead, person))
    session.flush()
    for lead, person in leads:
        payload = {name: value for name, value in _form_values(person).items() if value}
        session.add(LeadTouch(lead_id=lead.id, source=person.source, form=person.form,
                              received_at=lead.arrived_at, payload=payload))  # fmt: skip
    return leads


def _form_values(person: DemoPerson) -> dict[str, object]:
    # What the lead form sent, as intake would have received it.
    fields = {name: getattr(person, name) for name in LEAD_FIELDS}
    return fields | {"campaign": person.campaign}


def _shifts(session: Session, rng: random.Random, callers: list[User], now: datetime) -> None:
    # The last few weekdays on the floor, so agent-time reports have phases to add up.
    for caller in callers:
        tz = ZoneInfo(caller.timezone)
        day, days = now.astimezone(tz).date(), []
        while len(days) < SHIFT_DAYS:
            day -= timedelta(days=1)
            if day.weekday() < 5:
                days.append(day)
        for shift_day in reversed(days):
            for hour, minute, state, reason in SHIFT:
                at = datetime.combine(shift_day, time(hour, minute), tz).astimezone(UTC)
                at += timedelta(minutes=rng.randint(-4, 9))
                session.add(AgentStateEvent(user_id=caller.id, state=state, reason=reason, at=at))
                caller.state, caller.state_reason, caller.state_since = state, reason, at


def _summary(session: Session, seed: int) -> str:
    def count(model: type[SQLModel], *where: object) -> int:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()

    parts = [
        f"{count(User)} users",
        f"{count(Campaign)} campaigns",
        f"{count(Lead)} leads",
        f"{count(Call)} calls",
        f"{count(Meeting)} meetings ({count(MeetingReview)} reviews)",
        f"{count(Callback, Callback.done_at.is_(None))} open callbacks",
        f"{count(DncEntry)} do-not-call numbers",
    ]
    return f"Seeded the demo (seed {seed}): " + ", ".join(parts) + "."
