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
from console.errors import Invalid
from console.services import campaigns, handoff_rules

bp = Blueprint("rules", __name__)

FOLLOW_UPS = tuple(FOLLOW_UP_LABELS.items())


@bp.get("/rules")
@roles_required(Role.ADMIN)
def home():
    """Every campaign with its rule at a glance."""
    return render_template("rules/home.html", campaigns=handoff_rules.rules(session=get_session()))


def rule_form(form: MultiDict) -> dict[str, Any]:
    """The edit form's dotted fields ("follow_up_days.timeframe.1") as the nested rule; a blank
    field is left out, so it takes the rule's default (a blank minimum is no minimum)."""
    rule: dict[str, Any] = {"threshold": form.get("threshold", "")}
    for name, value in form.items():
        if name == "csrf_token" or not value.strip():
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
@roles_required(Role.ADMIN)
def edit(slug: str):
    """Edit a campaign's rule; every change is audited and past decisions keep their rule."""
    session = get_session()
    campaign = campaigns.by_slug(session=session, slug=slug)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            rule = read(HandoffRuleForm, rule_form(request.form))
            handoff_rules.update_rule(
                session=session, campaign=campaign, rule=rule, actor=current_user
            )
        except Invalid as refused:
            errors = refused.fields
            flash("The rule was not saved: fix the fields marked below.", "danger")
        else:
            flash(
                "Rule saved. New outcomes are judged by it; past decisions keep their rule.",
                "success",
            )
            return redirect(url_for("rules.edit", slug=slug))
    history = [
        (entry, who, _changes(entry.before, entry.after))
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
    ), status
