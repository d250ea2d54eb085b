"""The reminder jobs: callbacks coming due, review clocks running low, leads past speed to lead,
meetings about to begin.

Each job first marks done the notices of its kind whose subject was acted on, then posts a notice
(stored once under its key, so a second run posts nothing) to each person who should hear, and
announces the new ones live after the commit. The scheduler runs them (console.services.jobs).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from console import clock
from console.domain.meetings import COMING
from console.domain.queue import NEED, LeadStatus
from console.domain.reminders import (
    CALLBACK_AHEAD,
    CALLBACK_STALE,
    MEETING_AHEAD,
    REVIEW_WARNING_REACH,
    SPEED_ALERT_FOR,
    NoticeKind,
    callback_reminder_due,
    callback_sentence,
    meeting_reminder,
    meeting_reminder_due,
    review_sentence,
    review_warning_due,
    speed_sentence,
    speed_to_lead_missed,
    who,
)
from console.domain.roles import AgentState, Role
from console.mailer import Mailer
from console.models import Callback, Campaign, CampaignMember, Lead, Meeting, User
from console.services import invites, notices, packets
from console.services.queue_facts import candidate_of, policy_of


def _posted(
    session: Session, publish: Callable[..., None], posted: list, settled: int, what: str
) -> str:
    """End a run: commit the new notices, send them to their readers, and say what the run did
    for `handoff jobs list` ("2 callback reminders posted, 1 notice done")."""
    session.commit()
    posted = [card for card in posted if card]
    notices.announce(publish, posted)
    return f"{_count(len(posted), what)} posted, {_count(settled, 'notice')} done"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def remind_callbacks(
    *, session: Session, publish: Callable[..., None], now: datetime | None = None
) -> str:
    """Remind each telecaller of a callback a few minutes before it is due (the floor when it is
    anyone's)."""
    now = now or clock.now()
    settled = notices.settle(
        session=session, kind=NoticeKind.callback_due, publish=publish, now=now
    )
    rows = session.exec(
        select(Callback, Lead)
        .join(Lead, Lead.id == Callback.lead_id)
        .where(
            Callback.done_at.is_(None),
            Callback.due_at <= now + CALLBACK_AHEAD,
            Callback.due_at > now - CALLBACK_STALE,
            ~Lead.dnc,
        )
        .order_by(Callback.due_at, Callback.id)
    ).all()
    posted = []
    for callback, lead in rows:
        if not callback_reminder_due(callback.due_at, now):
            continue
        owner = session.get(User, callback.owner_id) if callback.owner_id else None
        mine = owner is not None and owner.active
        for reader in [owner] if mine else notices.floor_people(session):
            sentence = callback_sentence(
                who(lead.name, lead.company),
                callback.due_at,
                now,
                reader.timezone,
                mine=mine,
                note=callback.note,
            )
            posted.append(
                notices.post(
                    session,
                    kind=NoticeKind.callback_due,
                    reader=reader,
                    lead=lead,
                    sentence=sentence,
                    now=now,
                    subject=f"callback:{callback.id}",
                    callback_id=callback.id,
                )
            )
    return _posted(session, publish, posted, settled, "callback reminder")


def warn_review_clocks(
    *, session: Session, publish: Callable[..., None], now: datetime | None = None
) -> str:
    """Warn a sales rep when few business hours are left to accept or reject a meeting."""
    now = now or clock.now()
    settled = notices.settle(
        session=session, kind=NoticeKind.review_clock, publish=publish, now=now
    )
    rows = session.exec(
        select(Meeting, Lead, User)
        .join(Lead, Lead.id == Meeting.lead_id)
        .join(User, User.id == Meeting.sales_rep_id)
        .where(
            Meeting.status == "booked",
            Meeting.review_due_at.is_not(None),
            Meeting.review_due_at <= now + REVIEW_WARNING_REACH,
        )
        .order_by(Meeting.review_due_at, Meeting.id)
    ).all()
    posted = []
    for meeting, lead, rep in rows:
        if not review_warning_due(meeting.review_due_at, now, rep.timezone):
            continue
        sentence = review_sentence(
            who(lead.name, lead.company), meeting.review_due_at, now, rep.timezone
        )
        posted.append(
            notices.post(
                session,
                kind=NoticeKind.review_clock,
                reader=rep,
                lead=lead,
                sentence=sentence,
                now=now,
                subject=f"meeting:{meeting.id}",
                meeting_id=meeting.id,
            )
        )
    return _posted(session, publish, posted, settled, "review-clock warning")


def remind_meetings(
    *,
    session: Session,
    publish: Callable[..., None],
    now: datetime | None = None,
    mailer: Mailer | None = None,
) -> str:
    """Remind each sales rep of a booked or accepted meeting MEETING_AHEAD before it starts, by
    email and a notice, once per start (a moved meeting is reminded again)."""
    now = now or clock.now()
    settled = notices.settle(
        session=session, kind=NoticeKind.meeting_soon, publish=publish, now=now
    )
    rows = session.exec(
        select(Meeting, Lead, User, Campaign)
        .join(Lead, Lead.id == Meeting.lead_id)
        .join(User, User.id == Meeting.sales_rep_id)
        .join(Campaign, Campaign.id == Meeting.campaign_id)
        .where(
            Meeting.status.in_([str(s) for s in COMING]),
            Meeting.starts_at > now,
            Meeting.starts_at <= now + MEETING_AHEAD,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    posted, mailed = [], []
    for meeting, lead, rep, campaign in rows:
        if not meeting_reminder_due(meeting.starts_at, now) or lead.erased_at is not None:
            continue
        sequence = packets.sequence_sent(session, meeting.id)  # a move makes a new start
        if invites.queue_reminder(session, meeting, sequence, now):
            mailed.append(meeting.id)
        _, sentence = meeting_reminder(
            who(lead.name, lead.company), campaign.name, meeting.starts_at, now, rep.timezone
        )
        posted.append(
            notices.post(
                session,
                kind=NoticeKind.meeting_soon,
                reader=rep,
                lead=lead,
                sentence=sentence,
                now=now,
                subject=f"meeting:{meeting.id}:{sequence}",
                meeting_id=meeting.id,
            )
        )
    said = _posted(session, publish, posted, settled, "meeting reminder")
    if mailer is not None:  # after the commit; what fails waits in the outbox for send-mail
        for meeting_id in mailed:
            invites.send_now(session=session, mailer=mailer, meeting_id=meeting_id, now=now)
    return f"{said}, {_count(len(mailed), 'email')} queued"


def available_telecallers(session: Session, campaign: Campaign) -> int:
    """How many of the campaign's telecallers are available to take a lead now."""
    return session.exec(
        select(func.count())
        .select_from(CampaignMember)
        .join(User, User.id == CampaignMember.user_id)
        .where(
            CampaignMember.campaign_id == campaign.id,
            User.role == Role.TELECALLER,
            User.active,
            User.state == AgentState.AVAILABLE,
        )
    ).one()


def _waiting(session: Session, campaign: Campaign, window: timedelta, now: datetime) -> list[Lead]:
    """Fresh need leads of the campaign that passed the window lately (the domain judges)."""
    return list(
        session.exec(
            select(Lead)
            .where(
                Lead.campaign_id == campaign.id,
                Lead.status == LeadStatus.queued.value,
                Lead.intent == NEED,
                Lead.attempts == 0,
                Lead.callback_at.is_(None),
                ~Lead.dnc,
                Lead.arrived_at <= now - window,
                Lead.arrived_at > now - window - SPEED_ALERT_FOR,
            )
            .order_by(Lead.arrived_at, Lead.id)
        )
    )


def alert_speed_to_lead(
    *, session: Session, publish: Callable[..., None], now: datetime | None = None
) -> str:
    """Alert the floor when a fresh need lead waits past its campaign's speed-to-lead window
    while telecallers are available."""
    now = now or clock.now()
    settled = notices.settle(
        session=session, kind=NoticeKind.speed_to_lead, publish=publish, now=now
    )
    posted, floor = [], notices.floor_people(session)
    for campaign in session.exec(select(Campaign).where(Campaign.active).order_by(Campaign.id)):
        available = available_telecallers(session, campaign)
        if not available:
            continue
        policy = policy_of(campaign)
        for lead in _waiting(session, campaign, policy.speed_to_lead, now):
            if not speed_to_lead_missed(candidate_of(lead), now, policy):
                continue
            for reader in floor:
                sentence = speed_sentence(
                    who(lead.name, lead.company),
                    campaign.name,
                    lead.arrived_at,
                    policy.speed_to_lead,
                    available,
                    reader.timezone,
                )
                posted.append(
                    notices.post(
                        session,
                        kind=NoticeKind.speed_to_lead,
                        reader=reader,
                        lead=lead,
                        sentence=sentence,
                        now=now,
                        subject=f"lead:{lead.id}",
                    )
                )
    return _posted(session, publish, posted, settled, "speed-to-lead alert")
