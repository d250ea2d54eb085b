"""The admin's handoff rules: each campaign's agreed definition of a sales-ready lead, audited."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from console.auth import roles_required
from console.contract.common import read
from console.contract.rules import HandoffRuleForm
from console.db import get_session
from console.domain.criteria import CRITERION_LABELS, MAX_TOTAL, Criteria
from console.domain.handoff import FOLLOW_UP_LABELS, LOWEST_THRESHOLD
from console.domain.roles import Role
from console.errors import Forbidden, Invalid
from console.services import calibration, campaigns, handoff_rules

bp = Blueprint("rules", __name__)

FOLLOW_UPS = tuple(FOLLOW_UP_LABELS.items())


@bp.get("/rules")
@roles_required(Role.ADMIN, Role.LEAD, Role.SALES)
def home():
    """Every campaign with its rule at a glance (a sales rep's own), and changes waiting."""
    session = get_session()
    found = handoff_rules.rules(session=session, viewer=current_user)
    waiting = {c.id: handoff_rules.pending(session=session, campaign=c) for c, _ in found}
    return render_template("rules/home.html", campaigns=found, waiting=waiting)


def rule_form(form: MultiDict) -> dict[str, Any]:
    """The edit form's dotted fields ("follow_up_days.timeframe.1") as the nested rule; a blank
    field is left out, so it takes the rule's default (a blank minimum is no minimum)."""
    rule: dict[str, Any] = {"threshold": form.get("threshold", "")}
    for name, value in form.items():
        if name in ("csrf_token", "action") or not value.strip():
            continue
        *path, last = name.split(".")
        place = rule
        for part in path:
            if not isinstance(place.get(part), dict):
                place[part] = {}  # "threshold.x" beside "threshold": the model names it
            place = place[part]
        place[last] = value
    return rule


def _changes(before: dict | None, after: dict | None) -> list[tuple[str, Any, Any]]:
    """(setting, before, after) for each setting that changed, flattened to dotted names."""

    def flat(doc: Any, prefix: str = "") -> dict[str, Any]:
        if not isinstance(doc, dict):
            return {prefix: doc}
        out: dict[str, Any] = {}
        for key, value in doc.items():
            out |= flat(value, f"{prefix}.{key}" if prefix else str(key))
        return out

    old, new = flat(before or {}), flat(after or {})
    return [
        (k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)
    ]


@bp.route("/rules/<slug>", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.LEAD, Role.SALES)
def edit(slug: str):
    """A campaign's rule: an admin or team lead replays a change, then proposes it with its
    replay; it takes effect when sales agrees. Past decisions keep their rule."""
    session = get_session()
    campaign = campaigns.worked_by_slug(session=session, slug=slug, viewer=current_user)
    errors: dict[str, str] = {}
    replayed = None
    if request.method == "POST":
        if current_user.role not in handoff_rules.PROPOSERS:
            raise Forbidden("Only an admin or a team lead proposes a change to the handoff rule.")
        try:
            rule = read(HandoffRuleForm, rule_form(request.form))
            span = calibration.span(None, None, current_user)
            replayed = calibration.what_if(
                session=session,
                slug=slug,
                rule=handoff_rules.checked(rule),
                span=span,
                viewer=current_user,
            )
            if request.form.get("action") == "propose":
                handoff_rules.propose(
                    session=session,
                    campaign=campaign,
                    rule=rule,
                    actor=current_user,
                    replay=replayed,
                )
                flash(
                    "Change proposed with its replay. It takes effect when a sales rep agrees.",
                    "success",
                )
                return redirect(url_for("rules.edit", slug=slug))
        except Invalid as refused:
            errors = refused.fields
            flash("The change was not proposed: fix the fields marked below.", "danger")
    return _page(session, campaign, errors, replayed)


@bp.post("/rules/<slug>/proposals/<int:proposal_id>/agree")
@roles_required(Role.SALES, Role.ADMIN)
def agree(slug: str, proposal_id: int):
    """Sales' side agrees a proposed change: it takes effect now, both names kept."""
    session = get_session()
    campaign = campaigns.by_slug(session=session, slug=slug)
    handoff_rules.agree(
        session=session, campaign=campaign, proposal_id=proposal_id, actor=current_user
    )
    flash("Agreed: the rule is in force for new outcomes; past decisions keep theirs.", "success")
    return redirect(url_for("rules.edit", slug=slug))


def _page(session, campaign, errors: dict[str, str], replayed: dict | None):
    proposal = handoff_rules.pending(session=session, campaign=campaign)
    agreements = handoff_rules.agreements(session=session, campaign=campaign)
    history = [
        (entry, who, _changes(entry.before, entry.after), agreements.get(entry.id))
        for entry, who in handoff_rules.rule_history(session=session, campaign=campaign)
    ]
    status = 422 if errors else 200
    return render_template(
        "rules/edit.html",
        campaign=campaign,
        rule=campaigns.rule_of(campaign).to_dict(),
        criteria=[(c.value, CRITERION_LABELS[c]) for c in Criteria],
        follow_ups=FOLLOW_UPS,
        threshold_range=(LOWEST_THRESHOLD, MAX_TOTAL),
        errors=errors,
        history=history,
        replayed=replayed,
        proposal=proposal,
        proposal_changes=_changes(campaign.handoff_rule, proposal.rule) if proposal else [],
        may_agree=proposal is not None
        and handoff_rules.may_agree(
            session=session, campaign=campaign, proposal=proposal, viewer=current_user
        ),
        may_propose=current_user.role in handoff_rules.PROPOSERS,
    ), status
