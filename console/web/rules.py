"""The admin's handoff rules: each campaign's agreed definition of a sales-ready lead, audited."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from console.auth import roles_required
from console.db import get_session
from console.domain.criteria import CRITERION_LABELS, MAX_TOTAL, Criteria
from console.domain.handoff import FOLLOW_UP_LABELS, LOWEST_THRESHOLD
from console.domain.roles import Role
from console.errors import Invalid
from console.services import campaigns

bp = Blueprint("rules", __name__)

FOLLOW_UPS = tuple(FOLLOW_UP_LABELS.items())


@bp.get("/rules")
@roles_required(Role.ADMIN)
def home():  # noqa: ANN201
    """Every campaign with its rule at a glance."""
    return render_template("rules/home.html", campaigns=campaigns.rules(session=get_session()))


def _number(form: Any, name: str, errors: dict[str, str]) -> int | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdecimal():
        errors[name] = f"{raw!r} is not a whole number"
        return None
    return int(raw)


def rule_from_form(form: Any) -> dict[str, Any]:
    """The stored rule shape from the edit form; Invalid names fields that are not numbers."""
    errors: dict[str, str] = {}
    minimums = {c.value: _number(form, f"minimums.{c.value}", errors) for c in Criteria}
    days = {name: _number(form, f"follow_up_days.{name}", errors) for name, _ in FOLLOW_UPS}
    timeframe = {k: _number(form, f"follow_up_days.timeframe.{k}", errors) for k in "123"}
    threshold = _number(form, "threshold", errors)
    if threshold is None and "threshold" not in errors:
        errors["threshold"] = f"give the total a lead must reach, {LOWEST_THRESHOLD} to {MAX_TOTAL}"
    if errors:
        raise Invalid("The handoff rule was not saved.", fields=errors)
    return {
        "threshold": threshold,
        "minimums": {k: v for k, v in minimums.items() if v is not None},
        "requires": {
            "meeting": form.get("requires.meeting") == "on",
            "decision_maker_present": form.get("requires.decision_maker_present") == "on",
        },
        "follow_up_days": {
            **{k: v for k, v in days.items() if v is not None},
            "timeframe": {k: v for k, v in timeframe.items() if v is not None},
        },
    }


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
def edit(slug: str):  # noqa: ANN201
    """Edit a campaign's rule; every change is audited and past decisions keep their rule."""
    session = get_session()
    campaign = campaigns.by_slug(session=session, slug=slug)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            rule = rule_from_form(request.form)
            campaigns.update_rule(
                session=session, campaign=campaign, rule_dict=rule, actor=current_user
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
        for entry, who in campaigns.rule_history(session=session, campaign=campaign)
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
