"""Call sessions: start, the next step (the preview counting down, the call, the wrap-up), the dial
when the countdown ends, skip, pause with a reason, resume, end; and each session's summary.

Everything a session is sits in its row (console.models.CallSession) and in the calls and leads
it touched, so a reload, another tab or a restarted process resumes it where it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from console import clock
from console.domain import call_sessions as rules
from console.domain.call_sessions import SessionState, Step, StepKind
from console.domain.dispositions import Flag, disposition_for
from console.domain.roles import PAUSE_REASONS, AgentState, Role
from console.errors import Conflict, Forbidden, Invalid, ServiceError
from console.models import Call, CallSession, Campaign, CampaignMember, Lead, Meeting, Outcome, User
from console.services import accounts, call_screen, calls, handovers, queue, queue_facts
from console.services.wrap_up import dispositions_of

STALE_CALL = timedelta(hours=4)


@dataclass(frozen=True)
class Now:
    """A session as the page shows it: the row, the step, and the lead previewed."""

    row: CallSession
    step: Step
    lead: Lead | None = None


def _telecaller(agent: User) -> None:
    if agent.role != Role.TELECALLER:
        raise Forbidden("Only telecallers work call sessions.")


def open_session(*, session: Session, agent: User) -> CallSession | None:
    """This telecaller's session that has not ended, if any."""
    return session.exec(
        select(CallSession).where(CallSession.agent_id == agent.id, CallSession.ended_at.is_(None))
    ).first()


def my_campaigns(*, session: Session, agent: User) -> list[Campaign]:
    """The active campaigns this telecaller works (a session chooses among them)."""
    return list(
        session.exec(
            select(Campaign)
            .join(CampaignMember, CampaignMember.campaign_id == Campaign.id)
            .where(CampaignMember.user_id == agent.id, Campaign.active)
            .order_by(Campaign.name)
        )
    )


def start(
    *,
    session: Session,
    agent: User,
    campaigns: list[str],
    publish: Callable[..., None],
    now: datetime | None = None,
) -> CallSession:
    """Start a session on the chosen campaigns (none chosen: all of mine); an open one is kept.

    Starting makes the telecaller available: a session is the telecaller saying they are on."""
    _telecaller(agent)
    now = now or clock.now()
    running = open_session(session=session, agent=agent)
    if running is not None:
        return running
    mine = {c.slug for c in my_campaigns(session=session, agent=agent)}
    unknown = [slug for slug in campaigns if slug not in mine]
    if unknown:
        raise Invalid(
            f"You are not on the campaign {unknown[0]}: choose one of yours.",
            fields={"campaigns": "choose among your campaigns"},
        )
    row = CallSession(agent_id=agent.id, campaigns=sorted(set(campaigns)), started_at=now)
    session.add(row)
    session.commit()
    if agent.state in (AgentState.OFFLINE, AgentState.PAUSED):
        accounts.set_agent_state(
            session=session, user=agent, state=AgentState.AVAILABLE, publish=publish, now=now
        )
    return row


def _live_call(session: Session, agent: User, now: datetime) -> int | None:
    return session.exec(
        select(Call.id).where(
            Call.agent_id == agent.id,
            Call.status.in_(queue_facts.LIVE_STATUSES),
            Call.started_at > now - STALE_CALL,
            Call.voicemail_left_at.is_(None),  # a machine hearing the message holds nobody
        )
    ).first()


def _countdown(session: Session, lead: Lead | None) -> int:
    campaign = session.get(Campaign, lead.campaign_id) if lead else None
    return rules.countdown_seconds(campaign.session_countdown_seconds if campaign else None)


def _claim(
    session: Session, agent: User, row: CallSession, publish: Callable[..., None], now: datetime
) -> tuple[Lead | None, str]:
    """The next lead from the session's campaigns, in their order; else why there is none."""
    sentence = ""
    for slug in row.campaigns or [None]:
        claim = queue.claim_next(
            session=session,
            agent=agent,
            publish=publish,
            campaign_slug=slug,
            now=now,
            skip=list(row.skipped),
        )
        if claim.lead is not None:
            return claim.lead, ""
        sentence = sentence or claim.reason or ""
    return None, sentence


def current(
    *,
    session: Session,
    agent: User,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> Now | None:
    """What the session shows now; takes the next lead when it is time (the one write here)."""
    now = now or clock.now()
    row = open_session(session=session, agent=agent)
    if row is None:
        return None
    state = SessionState(row.state)
    empty = ""
    held = queue.held_lead(session=session, agent=agent, now=now)
    live = _live_call(session, agent, now)
    pending = queue.pending_wrap_up(session, agent)
    if state == SessionState.RUNNING and held is None and live is None and pending is None:
        try:
            held, empty = _claim(session, agent, row, publish, now)
        except ServiceError as refused:
            empty = refused.message
        row = open_session(session=session, agent=agent)
    if held is not None and row.preview_lead_id != held.id:
        row.preview_lead_id, row.preview_started_at = held.id, now
        session.commit()
    step = rules.next_step(
        state=state,
        pause_reason=row.pause_reason,
        pending_wrap_up=pending,
        live_call=live,
        held_lead=held.id if held else None,
        preview_started_at=row.preview_started_at if held else None,
        countdown=_countdown(session, held),
        empty_sentence=empty,
    )
    return Now(row=row, step=step, lead=held)


def _running(session: Session, agent: User) -> CallSession:
    row = open_session(session=session, agent=agent)
    if row is None:
        raise Conflict("You have no call session open: start one first.", code="no_session")
    return row


def dial(
    *,
    session: Session,
    agent: User,
    library,
    telephony,
    publish: Callable[..., None],
    webhooks,
    at_once: bool = False,
    now: datetime | None = None,
) -> Call:
    """The countdown ended (or the telecaller said dial now): open the call and dial the lead."""
    now = now or clock.now()
    shown = current(session=session, agent=agent, publish=publish, now=now)
    if shown is None or shown.step.kind != StepKind.PREVIEW:
        raise Conflict("There is no lead waiting to be dialled in your session.", code="no_preview")
    if not at_once and not rules.may_dial_now(shown.step.dial_at, now):
        left = int((shown.step.dial_at - now).total_seconds()) + 1
        raise Conflict(f"The countdown has {left} s to go.", code="countdown")
    lead_id = shown.lead.id
    call = call_screen.open_call(session=session, lead_id=lead_id, agent=agent, library=library)
    dialled = calls.dial(
        session=session,
        agent=agent,
        lead_id=shown.lead.id,
        mode=None,
        telephony=telephony,
        publish=publish,
        webhooks=webhooks,
        now=now,
    )
    row = _running(session, agent)
    row.preview_lead_id = row.preview_started_at = None
    session.commit()
    return dialled or call


def skip(
    *, session: Session, agent: User, publish: Callable[..., None], now: datetime | None = None
) -> None:
    """Give the previewed lead back to the queue; this session does not offer it again."""
    now = now or clock.now()
    row = _running(session, agent)
    held = queue.held_lead(session=session, agent=agent, now=now)
    if held is None:
        return
    handovers.release(session=session, lead_id=held.id, user=agent, publish=publish)
    row = _running(session, agent)
    row.skipped = [*row.skipped, held.id]
    row.preview_lead_id = row.preview_started_at = None
    session.commit()


def pause(
    *,
    session: Session,
    agent: User,
    reason: str,
    publish: Callable[..., None],
    now: datetime | None = None,
) -> CallSession:
    """Pause with a reason: the countdown stops; a call in progress goes on to its outcome."""
    now = now or clock.now()
    if reason not in PAUSE_REASONS:
        raise Invalid(
            "Choose why you pause.", fields={"reason": f"one of {', '.join(PAUSE_REASONS)}"}
        )
    row = _running(session, agent)
    if row.state == SessionState.RUNNING:
        row.state, row.pause_reason = SessionState.PAUSED.value, reason
        row.pauses = [*row.pauses, {"from": now.isoformat(), "to": None, "reason": reason}]
        row.preview_started_at = None
        session.commit()
    if _live_call(session, agent, now) is None and not queue.pending_wrap_up(session, agent):
        accounts.set_agent_state(
            session=session,
            user=agent,
            state=AgentState.PAUSED,
            reason=reason,
            publish=publish,
            now=now,
        )
    return _running(session, agent)


def resume(
    *, session: Session, agent: User, publish: Callable[..., None], now: datetime | None = None
) -> CallSession:
    """Back from a pause: the held lead's countdown starts again from now."""
    now = now or clock.now()
    row = _running(session, agent)
    if row.state == SessionState.PAUSED:
        row.state, row.pause_reason = SessionState.RUNNING.value, None
        row.pauses = [*row.pauses[:-1], {**row.pauses[-1], "to": now.isoformat()}]
        row.preview_lead_id = row.preview_started_at = None  # the preview shows afresh
        session.commit()
    if agent.state == AgentState.PAUSED:
        accounts.set_agent_state(
            session=session, user=agent, state=AgentState.AVAILABLE, publish=publish, now=now
        )
    return _running(session, agent)


def end(
    *, session: Session, agent: User, publish: Callable[..., None], now: datetime | None = None
) -> CallSession:
    """End the session: a lead previewed and not dialled goes back to the queue."""
    now = now or clock.now()
    row = _running(session, agent)
    held = queue.held_lead(session=session, agent=agent, now=now)
    if held is not None and row.preview_lead_id == held.id:
        handovers.release(session=session, lead_id=held.id, user=agent, publish=publish)
        row = _running(session, agent)
    if row.state == SessionState.PAUSED and row.pauses:
        row.pauses = [*row.pauses[:-1], {**row.pauses[-1], "to": now.isoformat()}]
    row.state, row.ended_at, row.pause_reason = SessionState.ENDED.value, now, None
    row.preview_lead_id = row.preview_started_at = None
    session.commit()
    return row


def summary(*, session: Session, row: CallSession, now: datetime | None = None) -> rules.Summary:
    """Time on calls, talk time, conversations, meetings booked and what sales did with them."""
    now = now or clock.now()
    until = row.ended_at or now
    found = session.exec(
        select(Call, Outcome, Meeting)
        .join(Outcome, Outcome.call_id == Call.id, isouter=True)
        .join(Meeting, Meeting.outcome_id == Outcome.id, isouter=True)
        .where(
            Call.agent_id == row.agent_id,
            Call.started_at >= row.started_at,
            Call.started_at <= until,
            Call.status != "preparing",
        )
    ).all()
    campaigns: dict[int, Campaign] = {}
    made = []
    for call, outcome, meeting in found:
        campaign = campaigns.setdefault(call.campaign_id, session.get(Campaign, call.campaign_id))
        conversation = False
        if outcome is not None:
            try:
                flags = disposition_for(outcome.disposition, dispositions_of(campaign)).flags
                conversation = Flag.CONVERSATION in flags
            except KeyError:
                conversation = False
        made.append(
            rules.SessionCall(
                started_at=call.started_at,
                ended_at=call.ended_at,
                talk_seconds=call.duration_seconds if call.answered_at else 0,
                conversation=conversation,
                meeting_status=meeting.status if meeting else None,
            )
        )
    pauses = [
        rules.Pause(
            started_at=datetime.fromisoformat(p["from"]),
            ended_at=datetime.fromisoformat(p["to"]) if p.get("to") else None,
            reason=p["reason"],
        )
        for p in row.pauses
    ]
    return rules.summary(made, pauses, until)


def past(*, session: Session, agent: User, limit: int = 5) -> list[CallSession]:
    """This telecaller's latest ended sessions, newest first."""
    return list(
        session.exec(
            select(CallSession)
            .where(CallSession.agent_id == agent.id, CallSession.ended_at.is_not(None))
            .order_by(CallSession.started_at.desc())
            .limit(limit)
        )
    )


def call_screen_keys(*, session: Session, campaign_id: int | None, mode: str = "bridge") -> dict:
    """The call screen's keys for this call mode, with a key for each of the campaign's
    dispositions."""
    from console.domain import keys

    campaign = session.get(Campaign, campaign_id) if campaign_id else None
    codes = [d.code for d in dispositions_of(campaign)] if campaign else []
    return keys.call_screen_keys(codes, mode=mode)
