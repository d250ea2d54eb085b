"""The call screen: a telecaller's open call on a held lead, its autosaved draft, walk and meter.

Opening a held lead (a POST; reading a screen never writes) creates or resumes one Call in
status "preparing" with the campaign's script pinned by id and version; the dial controls later
dial that same row. Every answer and note is saved as it is given, checked against the pinned
version, so a reload, a crash or a closed tab resumes at the same step with every answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from console import clock
from console.contract.drafts import Answer, DraftInput
from console.domain.calls import on_screen
from console.domain.criteria import ASK_WORDING, CRITERION_LABELS, SCORE_LABELS, Criteria
from console.domain.qualification import meter
from console.domain.roles import Role
from console.domain.scripts import Script, Step, walk
from console.errors import Conflict, Forbidden, Invalid, NotFound
from console.models import Call, Campaign, Lead, Outcome, User
from console.services import live, queue
from console.services.scripting import (
    Library,
    ScriptUnavailable,
    step_title,
    step_view,
    suggestion_view,
    variables,
    words,
)
from console.services.wrap_up import advice_of

NOT_HOLDER = "You do not hold this lead; take it from the queue."
# What sales reads first: the pain in their words, then who decides and when.
EVIDENCE_ORDER = (
    "pain",
    "impact",
    "decision_maker",
    "decision_maker_role",
    "timeframe",
    "budget",
    "team_size",
    "current_vendor",
    "next_step",
    "callback_when",
    "objection",
)


def checked_draft(script: Script, draft: DraftInput) -> dict[str, Any]:
    """The draft to store; Invalid names every answer that does not fit the pinned script."""
    fields: dict[str, str] = {}
    answers = _checked_answers(script, draft.answers or {}, fields)
    at = draft.at
    path = walk(script, answers)
    if at is not None and at not in path.asked:
        fields["at"] = f"{at!r} is not a step this call has reached; go back only to a step asked"
    if fields:
        raise Invalid(
            f"The answers do not fit the script '{script.id}' version {script.version}.",
            fields=fields,
        )
    revisit = {"at": at} if at is not None and at != path.current else {}
    return {"answers": answers, "notes": draft.notes or "", **revisit}


def _checked_answers(
    script: Script, given: Mapping[str, Answer], fields: dict[str, str]
) -> dict[str, Any]:
    steps = {step.id: step for step in script.steps}
    answers = {}
    for step_id, answer in given.items():
        step = steps.get(step_id)
        if step is None:
            fields[f"answers.{step_id}"] = (
                f"there is no step {step_id!r} in version {script.version} of this script"
            )
            continue
        problem = _answer_problem(step, answer)
        if problem:
            fields[f"answers.{step_id}{problem[0]}"] = problem[1]
        else:
            answers[step_id] = answer.stored()
    return answers


def _answer_problem(step: Step, answer: Answer) -> tuple[str, str] | None:
    """(field suffix, what is wrong) when an answer does not fit its step, else None."""
    if not step.asks:
        return "", f"step '{step.id}' takes no answer"
    if step.choices:
        if step.choice(answer.choice) is None:
            options = ", ".join(choice.id for choice in step.choices)
            if answer.choice is None:
                return ".choice", f"this step takes a choice: {options}"
            return ".choice", f"{answer.choice!r} is not a choice here; choose {options}"
        return None
    if answer.text is None:
        return ".text", "the answer to this step is text"
    return None


def walk_view(
    script: Script, draft: Mapping[str, Any], values: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """Where the call stands: the step shown, the words leading to it, and the trail walked."""
    answers = draft.get("answers") or {}
    path = walk(script, answers)
    at = draft.get("at")
    revisiting = at in path.asked and at != path.current
    here = at if revisiting else path.current or path.visited[-1]
    position = path.visited.index(here)
    lead_in = []
    for step_id in reversed(path.visited[:position]):
        step = script.step(step_id)
        if step.asks:
            break
        lead_in.insert(0, {"id": step.id, "say": words(step, values)})
    return {
        "script": {"id": script.id, "version": script.version, "title": script.title},
        "current": step_view(script.step(here), values, answers.get(here)),
        "lead_in": lead_in,
        "trail": [
            _trail_item(script.step(s), answers, i, position) for i, s in enumerate(path.visited)
        ],
        "waiting": path.current,
        "finished": path.finished,
        "revisiting": revisiting,
        "back": path.previous(here),
    }


def _trail_item(step: Step, answers: Mapping[str, Any], index: int, position: int) -> dict:
    answer = answers.get(step.id) if step.asks else None
    said = None
    if isinstance(answer, Mapping):
        choice = step.choice(answer.get("choice"))
        said = choice.label if choice else answer.get("text")
    state = "current" if index == position else "ahead" if index > position else "done"
    return {
        "id": step.id,
        "title": step_title(step.id),
        "role": step.role,
        "asks": step.asks,
        "answer": said,
        "state": state,
    }


def meter_view(script: Script, answers: Mapping[str, Any], campaign: Campaign) -> dict:
    """The live qualification meter: each criterion's score in words, evidence, what is unknown,
    and at the script's end the suggested outcome as the campaign's handoff rule sees it."""
    reading = meter(script, answers)
    threshold = (campaign.handoff_rule or {}).get("threshold")
    known = {c.value: c for c in Criteria}
    criteria = []
    for name, score in reading.scores.items():
        criterion = known.get(name)
        label = CRITERION_LABELS[criterion] if criterion else name.replace("_", " ").capitalize()
        criteria.append(
            {
                "name": name,
                "label": label,
                "score": score,
                "words": SCORE_LABELS[criterion][score] if criterion and score else None,
                "ask": ASK_WORDING[criterion] if criterion else f"find out the {label.lower()}",
            }
        )
    return {
        "criteria": criteria,
        "scores": dict(reading.scores),
        "evidence": dict(reading.evidence),
        "evidence_items": [
            {"key": key, "label": key.replace("_", " ").capitalize(), "value": value}
            for key, value in sorted(reading.evidence.items(), key=_evidence_rank)
        ],
        "unknown": reading.unknown,
        "total": reading.total,
        "out_of": reading.out_of,
        "threshold": threshold,
        "finished": reading.finished,
        "suggestion": suggestion_view(advice_of(reading, campaign)),
    }


def _evidence_rank(item: tuple[str, str]) -> tuple[int, str]:
    key = item[0]
    return (EVIDENCE_ORDER.index(key) if key in EVIDENCE_ORDER else len(EVIDENCE_ORDER), key)


def _open_call(session: Session, lead_id: int, agent_id: int) -> Call | None:
    """The telecaller's latest call on the lead that has no outcome yet."""
    has_outcome = select(Outcome.id).where(Outcome.call_id == Call.id).exists()
    return session.exec(
        select(Call)
        .where(Call.lead_id == lead_id, Call.agent_id == agent_id, ~has_outcome)
        .order_by(Call.id.desc())
    ).first()


def _must_hold(lead: Lead, agent: User) -> None:
    # An expired lease nobody else took is still this telecaller's; renew() extends it.
    if lead.lease_owner_id != agent.id:
        raise Conflict(NOT_HOLDER, code="not_claimed")


def _held_lead(session: Session, lead_id: int, agent: User) -> Lead:
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise NotFound(f"There is no lead {lead_id}.")
    _must_hold(lead, agent)
    return lead


def prepared_call(*, session: Session, lead_id: int, agent: User) -> tuple[Lead, Call | None]:
    """The held lead and the telecaller's open call on it once prepared; reads, never writes."""
    lead = _held_lead(session, lead_id, agent)
    call = _open_call(session, lead.id, agent.id)
    return lead, call if call is not None and call.script_id is not None else None


def script_problem(*, session: Session, lead: Lead, library: Library) -> ScriptUnavailable | None:
    """Why the lead's campaign script cannot be walked, or None when it can."""
    try:
        library.latest(session.get(Campaign, lead.campaign_id).script_id)
    except ScriptUnavailable as refused:
        return refused
    return None


def open_call(
    *, session: Session, lead_id: int, agent: User, library: Library, now: datetime | None = None
) -> Call:
    """The open call on a lead the telecaller holds: resumed, else prepared with a pinned script.

    A write (it may add the call, pins the script and renews the lease), so only a POST calls it.
    """
    now = now or clock.now()
    lead = _held_lead(session, lead_id, agent)
    call = _open_call(session, lead.id, agent.id)
    if call is None or call.script_id is None:
        campaign = session.get(Campaign, lead.campaign_id)
        script = library.latest(campaign.script_id)
        if call is None:
            # Calls others prepared here and never dialled go; their notes stay on the lead.
            queue.drop_unplaced_calls(session=session, lead=lead, keep_agent_id=agent.id)
            call = Call(
                lead_id=lead.id,
                agent_id=agent.id,
                campaign_id=campaign.id,
                mode=agent.call_mode,
                status="preparing",  # not dialled yet: the dial controls use this same row
                started_at=now,
                draft={},
            )
            session.add(call)
        call.script_id, call.script_version = script.id, script.version
    call.updated_at = now
    queue.renew(session=session, lead=lead, agent_id=agent.id, now=now)
    session.commit()
    return call


def readable_call(*, session: Session, call_id: int, viewer: User) -> Call:
    """A call its telecaller, a team lead or an admin may read."""
    call = session.get(Call, call_id)
    if call is None:
        raise NotFound(f"There is no call {call_id}.")
    if viewer.role in (Role.LEAD, Role.ADMIN) or call.agent_id == viewer.id:
        return call
    raise Forbidden("This call belongs to another telecaller.")


def wrapped_up(*, session: Session, call: Call) -> bool:
    """Whether the call's outcome is recorded (its answers are then final)."""
    return session.exec(select(Outcome.id).where(Outcome.call_id == call.id)).first() is not None


def editable(*, session: Session, call: Call, viewer: User) -> bool:
    """Whether the viewer may still change the call's answers: theirs, open, lead held."""
    if call.agent_id != viewer.id or wrapped_up(session=session, call=call):
        return False
    lead = session.get(Lead, call.lead_id)
    return lead is not None and lead.lease_owner_id == viewer.id


def save_draft(
    *,
    session: Session,
    call_id: int,
    agent: User,
    draft: DraftInput,
    library: Library,
    publish: Callable[..., None] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Store the answers and notes so far (checked against the pinned script); renew the lease;
    tell the floor the step and criteria reached (call.progress)."""
    now = now or clock.now()
    call = readable_call(session=session, call_id=call_id, viewer=agent)
    if call.agent_id != agent.id:
        raise Forbidden("Only the telecaller on this call can change its answers.")
    if wrapped_up(session=session, call=call):
        raise Conflict("This call's outcome is recorded; its answers are final.", code="wrapped_up")
    lead = session.get(Lead, call.lead_id)
    _must_hold(lead, agent)
    call.draft = checked_draft(library.pinned(call.script_id, call.script_version), draft)
    call.updated_at = now
    queue.renew(session=session, lead=lead, agent_id=agent.id, now=now)
    session.commit()
    view = call_view(session=session, call=call, viewer=agent, library=library)
    if publish is not None and view.get("walk"):
        live.tell_floor(session, call, publish, **progress_of(view))
    return view


def progress_of(view: Mapping[str, Any]) -> dict[str, Any]:
    """The script step a call is on and its criteria known so far, in words, for the floor."""
    criteria = view["meter"]["criteria"] if view.get("meter") else []
    return {
        "step": view["walk"]["current"]["title"],
        "criteria": [f"{c['label']}: {c['words']}" for c in criteria if c["score"]],
    }


def call_view(*, session: Session, call: Call, viewer: User, library: Library) -> dict[str, Any]:
    """The call with its draft, walk and meter (or why its script cannot be shown)."""
    lead, agent = session.get(Lead, call.lead_id), session.get(User, call.agent_id)
    campaign = session.get(Campaign, call.campaign_id)
    draft = call.draft or {}
    body: dict[str, Any] = {
        "call": {
            "id": call.id,
            "lead_id": call.lead_id,
            "agent_id": call.agent_id,
            "campaign_id": call.campaign_id,
            "mode": call.mode,
            "status": call.status,
            "script_id": call.script_id,
            "script_version": call.script_version,
            "started_at": call.started_at.isoformat(),
            "answered_at": call.answered_at.isoformat() if call.answered_at else None,
            "ended_at": call.ended_at.isoformat() if call.ended_at else None,
            "updated_at": call.updated_at.isoformat(),
            "editable": editable(session=session, call=call, viewer=viewer),
            "outcome_saved": wrapped_up(session=session, call=call),
            **on_screen(call.status, call.answered_by, bool(call.lead_call_sid), call.mode),
        },
        "draft": {
            "answers": draft.get("answers", {}),
            "notes": draft.get("notes", ""),
            "at": draft.get("at"),
        },
        "walk": None,
        "meter": None,
        "script_problem": None,
    }
    try:
        script = library.pinned(call.script_id, call.script_version)
    except ScriptUnavailable as refused:
        body["script_problem"] = {"message": refused.message, "problems": refused.problems}
        return body
    values = variables(lead, agent, campaign)
    body["walk"] = walk_view(script, draft, values)
    body["meter"] = meter_view(script, draft.get("answers") or {}, campaign)
    return body
