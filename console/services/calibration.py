"""A campaign's calibration: what its outcomes and sales' verdicts say about the agreed criteria.

Loads the period's outcomes with the verdicts sales gave their meetings, hands them to the pure
calibration rules (console.domain.calibration) and the statsmodels fit, and answers JSON-ready
figures for the page and GET /api/v1/campaigns/{slug}/calibration. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from console import clock
from console.domain.calibration import (
    DEFAULT_TARGET,
    Handled,
    Point,
    Verdict,
    answer_rates,
    coaching,
    facts_from_stored,
    replay,
    replay_kind,
    score_rates,
    suggest,
    thin_data,
)
from console.domain.criteria import CRITERION_LABELS
from console.domain.handoff import HandoffRule, RuleInvalid
from console.domain.roles import Role
from console.errors import Forbidden, Invalid
from console.models import Campaign, Meeting, MeetingReview, Outcome, User
from console.services.calibration_fit import Fit, fit
from console.services.campaigns import by_slug, rule_of, worked_by_slug
from console.services.metrics import Period, period

DEFAULT_DAYS = 90  # a calibration looks back a quarter unless told otherwise


def span(raw_from: str | None, raw_to: str | None, viewer: User, now: datetime | None = None):
    """The period asked for, in the viewer's zone; the last 90 days by default."""
    now = now or clock.now()
    zone = viewer.timezone or "UTC"
    if not raw_from:
        raw_from = (now - timedelta(days=DEFAULT_DAYS)).date().isoformat()
    return period(raw_from, raw_to, zone, now)


def _verdicts(session: Session, outcome_ids: Sequence[int]) -> dict[int, Verdict]:
    """Sales' verdict so far on each handed-off outcome's meeting."""
    if not outcome_ids:
        return {}
    meetings = session.exec(select(Meeting).where(Meeting.outcome_id.in_(outcome_ids))).all()
    by_meeting = {m.id: m.outcome_id for m in meetings}
    steps: dict[int, list[MeetingReview]] = {}
    for review in session.exec(
        select(MeetingReview)
        .where(MeetingReview.meeting_id.in_(list(by_meeting)))
        .order_by(MeetingReview.id)
    ):
        steps.setdefault(by_meeting[review.meeting_id], []).append(review)
    verdicts = {}
    for outcome_id in by_meeting.values():
        actions = {r.action: r for r in steps.get(outcome_id, [])}
        accepted = True if "accept" in actions else False if "reject" in actions else None
        overturned = tuple(actions["reject"].overturned) if "reject" in actions else ()
        verdicts[outcome_id] = Verdict(accepted, "held" in actions, "won" in actions, overturned)
    return verdicts


def records(
    *, session: Session, campaign: Campaign | None, span: Period, agent_id: int | None = None
) -> list[Handled]:
    """The period's outcomes (on the campaign, else every one) as calibration reads them, oldest
    first."""
    query = select(Outcome).where(Outcome.created_at >= span.start, Outcome.created_at < span.end)
    if campaign is not None:
        query = query.where(Outcome.campaign_id == campaign.id)
    if agent_id is not None:
        query = query.where(Outcome.agent_id == agent_id)
    rows = session.exec(query.order_by(Outcome.created_at, Outcome.id)).all()
    verdicts = _verdicts(session, [o.id for o in rows if o.decision == "handoff"])
    return [_handled(o, verdicts.get(o.id)) for o in rows]


def _handled(outcome: Outcome, verdict: Verdict | None) -> Handled:
    answers = {
        step: answer["choice"]
        for step, answer in (outcome.answers or {}).items()
        if isinstance(answer, Mapping) and isinstance(answer.get("choice"), str)
    }
    return Handled(
        outcome_id=outcome.id,
        call_id=outcome.call_id,
        agent_id=outcome.agent_id,
        at=outcome.created_at,
        decision=outcome.decision,
        override=outcome.override_reason is not None,
        scores=dict(outcome.scores or {}),
        answers=answers,
        facts=facts_from_stored(
            outcome.disposition,
            outcome.flags,
            outcome.scores or {},
            outcome.scores_set_by_hand,
            outcome.facts or {},
        ),
        verdict=verdict,
        rule=outcome.rule or {},
    )


def _point(point: Point | None, current: HandoffRule) -> dict[str, Any] | None:
    if point is None:
        return None
    return {**point.to_dict(), "rule": point.rule.to_dict(), "current": point.rule == current}


def _predictor(acceptance: Fit, handled: Sequence[Handled]):
    """The fitted chance of acceptance; the period's acceptance rate when the fit failed."""
    reviewed = [h for h in handled if h.reviewed]
    base = sum(h.verdict.accepted for h in reviewed) / len(reviewed) if reviewed else None

    def predict(scores: Mapping[str, int | None]) -> float | None:
        chance = acceptance.predict(scores)
        return base if chance is None else chance

    return predict


def report(
    *, session: Session, slug: str, span: Period, target: int | None = None
) -> dict[str, Any]:
    """The calibration of the campaign over the period: rates, ranked criteria, the rule search."""
    campaign = by_slug(session=session, slug=slug)
    handled = records(session=session, campaign=campaign, span=span)
    target = target or campaign.acceptance_target or DEFAULT_TARGET
    accepted, held = fit(handled, "accepted"), fit(handled, "held")
    current = rule_of(campaign)
    search = suggest(current, handled, _predictor(accepted, handled), target)
    reviewed = [h for h in handled if h.reviewed]
    return {
        "campaign": {"slug": campaign.slug, "name": campaign.name},
        "from": span.start.isoformat(),
        "to": span.end.isoformat(),
        "outcomes": len(handled),
        "handoffs": sum(1 for h in handled if h.decision == "handoff"),
        "reviewed": len(reviewed),
        "accepted": sum(1 for h in reviewed if h.verdict.accepted),
        "warning": thin_data(handled),
        "scores": [row.to_dict() for row in score_rates(handled)],
        "answers": [row.to_dict() for row in answer_rates(handled)],
        "ranking": {"accepted": accepted.to_dict(), "held": held.to_dict()},
        "suggestion": {
            "target": target,
            "current": _point(search.current, current),
            "best": _point(search.best, current),
            "curve": [p.to_dict() for p in search.curve],
        },
        "recorded_rules_replayed": _self_check(handled),
    }


def _self_check(handled: Sequence[Handled]) -> dict[str, int]:
    """Each outcome replayed under the rule it was recorded with: how many decide the same."""
    replayable = [h for h in handled if h.facts is not None and h.rule]
    same = sum(1 for h in replayable if replay_kind(HandoffRule.from_dict(h.rule), h) == h.decision)
    return {"replayed": len(replayable), "same": same}


def proposed_rule(stored: Mapping[str, Any]) -> HandoffRule:
    """A proposed rule from its stored form; Invalid names each field to fix."""
    try:
        return HandoffRule.from_dict(stored)
    except RuleInvalid as problem:
        raise Invalid("The proposed rule needs fixing.", fields=problem.fields) from None


def what_if(
    *, session: Session, slug: str, rule: HandoffRule, span: Period, viewer: User | None = None
) -> dict[str, Any]:
    """Every outcome of the period replayed through `rule`: handoffs gained and lost against
    those recorded, with sales' verdicts where known and the expected acceptance. A sales rep
    replays only the campaigns they are on."""
    if viewer is None:
        campaign = by_slug(session=session, slug=slug)
    else:
        campaign = worked_by_slug(session=session, slug=slug, viewer=viewer)
    handled = records(session=session, campaign=campaign, span=span)
    accepted = fit(handled, "accepted")
    predict = _predictor(accepted, handled)
    result = replay(rule, handled, predict)
    recorded = [h for h in handled if h.decision == "handoff"]
    known = [h for h in recorded if h.reviewed]
    names = _agent_names(session, handled)

    def item(h: Handled) -> dict[str, Any]:
        verdict = h.verdict
        return {
            "outcome_id": h.outcome_id,
            "call_id": h.call_id,
            "agent": names.get(h.agent_id, ""),
            "at": h.at.isoformat(),
            "scores": dict(h.scores),
            "recorded": h.decision,
            "verdict": None
            if verdict is None or verdict.accepted is None
            else "accepted"
            if verdict.accepted
            else "rejected",
            "held": bool(verdict and verdict.held),
            "won": bool(verdict and verdict.won),
            "expected_acceptance": None if h.reviewed else predict(h.scores),
        }

    return {
        "campaign": {"slug": campaign.slug, "name": campaign.name},
        "from": span.start.isoformat(),
        "to": span.end.isoformat(),
        "rule": rule.to_dict(),
        "outcomes": len(handled),
        "unreplayable": result.unreplayable,
        "changed": result.differ,
        "recorded_handoffs": len(recorded),
        "recorded_acceptance": (
            sum(h.verdict.accepted for h in known) / len(known) if known else None
        ),
        "handoffs": result.handoffs,
        "expected_accepted": round(result.expected_accepted, 2),
        "expected_acceptance": result.acceptance,
        "estimated": result.estimated,
        "gained": [item(h) for h in result.gained],
        "lost": [item(h) for h in result.lost],
    }


def _agent_names(session: Session, handled: Sequence[Handled]) -> dict[int, str]:
    ids = {h.agent_id for h in handled}
    if not ids:
        return {}
    return {u.id: u.name for u in session.exec(select(User).where(User.id.in_(ids)))}


def this_month(viewer: User, raw_from: str | None = None, raw_to: str | None = None) -> Period:
    """The period asked for, this month so far in the viewer's zone by default."""
    if not raw_from:
        zone = viewer.timezone or "UTC"
        raw_from = clock.now().astimezone(ZoneInfo(zone)).date().replace(day=1).isoformat()
    return period(raw_from, raw_to, viewer.timezone or "UTC")


def coaching_for(
    *, session: Session, viewer: User, span: Period, agent_id: int | None = None
) -> list[dict[str, Any]]:
    """How each telecaller's scores fared with sales, per criterion, the most overturned first:
    a telecaller sees their own; team leads and admins everyone's (or `agent_id`'s)."""
    if viewer.role is Role.TELECALLER:
        agent_id = viewer.id
    elif viewer.role not in (Role.LEAD, Role.ADMIN):
        raise Forbidden("Coaching is for telecallers and their team leads.")
    handled = records(session=session, campaign=None, span=span, agent_id=agent_id)
    names = _agent_names(session, handled)
    labels = {str(c): label for c, label in CRITERION_LABELS.items()}
    return [
        {
            "agent_id": row.agent_id,
            "agent": names.get(row.agent_id, ""),
            "criterion": row.criterion,
            "label": labels[row.criterion],
            "reviewed": row.reviewed,
            "overturned": row.overturned,
            "sentence": row.sentence,
            "call_ids": list(row.call_ids),
        }
        for row in coaching(handled)
    ]
