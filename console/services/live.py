"""What a page needs to be current: the snapshot sent on every (re)connect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, select

from console import clock
from console.domain.calls import on_screen, strip_phase, strip_sentence
from console.domain.roles import AgentState, Role
from console.models import Call, Campaign, CampaignMember, Lead, Outcome, User
from console.services.accounts import agent_card


def campaign_ids_for(*, session: Session, user: User) -> list[int]:
    """Campaigns a user works (telecallers, reps) or oversees (leads, admins: all)."""
    if user.role in (Role.LEAD, Role.ADMIN):
        return list(session.exec(select(Campaign.id)))
    return list(
        session.exec(select(CampaignMember.campaign_id).where(CampaignMember.user_id == user.id))
    )


def snapshot(*, session: Session, user: User) -> dict:
    """The state a page starts from, so nothing missed while offline stays missing."""
    body: dict = {"type": "snapshot", "at": clock.now().isoformat(), "me": _me(user)}
    if user.role in (Role.LEAD, Role.ADMIN):
        agents = session.exec(
            select(User).where(User.role == Role.TELECALLER, User.active).order_by(User.name)
        )
        body["floor"] = [agent_card(agent) for agent in agents]
        body["strips"] = strips(session=session)
    return body


def strip(
    session: Session,
    call: Call,
    *,
    step: str | None = None,
    criteria: list[str] | None = None,
) -> dict[str, Any]:
    """A call as the floor's strip shows it (step and criteria when the draft was just saved)."""
    lead, agent = session.get(Lead, call.lead_id), session.get(User, call.agent_id)
    shown = on_screen(call.status, call.answered_by, bool(call.lead_call_sid), call.mode)
    phase, label = strip_phase(agent.state.value, shown["phase"], shown["label"])
    timer_from = call.ended_at if phase == "wrap_up" else call.answered_at or call.started_at
    return {
        "call_id": call.id,
        "lead_name": lead.name if lead else "",
        "company": lead.company if lead else "",
        "phase": phase,
        "label": label,
        "timer_from": timer_from.isoformat() if timer_from else None,
        "step": step,
        "criteria": criteria,
    }


def strips(*, session: Session) -> dict[str, dict[str, Any]]:
    """Each telecaller on a call or in wrap-up: their latest call's strip, by telecaller id."""
    busy = session.exec(
        select(User).where(
            User.role == Role.TELECALLER, User.state.in_([AgentState.ON_CALL, AgentState.WRAP_UP])
        )
    ).all()
    found = {}
    for agent in busy:
        call = session.exec(
            select(Call)
            .where(
                Call.agent_id == agent.id,
                ~select(Outcome.id).where(Outcome.call_id == Call.id).exists(),
            )
            .order_by(Call.started_at.desc())
        ).first()
        if call is not None:
            found[str(agent.id)] = strip(session, call)
    return found


def tell_floor(
    session: Session,
    call: Call,
    publish: Callable[..., None],
    *,
    done: bool = False,
    step: str | None = None,
    criteria: list[str] | None = None,
) -> None:
    """call.progress to the floor: the call's strip (None once `done`), with a sentence when
    its phase is news."""
    agent = session.get(User, call.agent_id)
    body: dict[str, Any] = {"agent_id": agent.id, "agent": agent.name, "strip": None}
    if not done:
        body["strip"] = strip(session, call, step=step, criteria=criteria)
        if step is None:
            shown = body["strip"]
            body["sentence"] = strip_sentence(agent.name, shown["phase"], shown["label"])
    publish("call.progress", body, room="floor")


def _me(user: User) -> dict:
    return {"id": user.id, "name": user.name, "role": user.role.value, **_state(user)}


def _state(user: User) -> dict:
    return {"state": user.state.value, "since": user.state_since.isoformat()}
