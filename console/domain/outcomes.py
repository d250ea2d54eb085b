"""Checking a recorded call outcome: the fields a telecaller must fix before the rule judges it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from console.domain.criteria import CRITERIA_NAMES, SCORE_LABELS, Criteria, Score, is_score
from console.domain.dispositions import Flag

if TYPE_CHECKING:
    # Only for annotations: handoff.py defines the outcome and imports this module to check it.
    from console.domain.handoff import OutcomeFacts

INTENTS = ("need", "interest")


def check_scores(scores: Any, errors: dict[str, str]) -> Score:
    """The valid scores among those recorded; each problem goes into errors by field name."""
    values: dict[Criteria, int | None] = dict.fromkeys(Criteria)
    if not isinstance(scores, Mapping):
        errors["scores"] = "give scores as need, timeframe, authority and profile, each 1-3"
        return Score(values)
    for key, value in scores.items():
        if str(key) not in CRITERIA_NAMES:
            errors[f"scores.{key}"] = "not a criterion; use need, timeframe, authority or profile"
        elif value is None:
            continue
        elif not is_score(value):
            choices = ", ".join(
                f"{n} ({label})" for n, label in SCORE_LABELS[Criteria(key)].items()
            )
            errors[f"scores.{key}"] = f"{key} {value!r} is outside 1-3; choose {choices}"
        else:
            values[Criteria(key)] = value
    return Score(values)


def outcome_problems(facts: OutcomeFacts, now: datetime) -> tuple[Score, dict[str, str]]:
    """The outcome's score as recorded, and what is wrong with each field that needs fixing."""
    errors: dict[str, str] = {}
    score = check_scores(facts.scores, errors)
    _check_next_steps(facts, now, errors)
    return Score(score.values, facts.scores_set_by_hand), errors


def _check_time(at: datetime, now: datetime, name: str, what: str, errors: dict[str, str]) -> None:
    if at.tzinfo is None:
        errors[name] = f"give the {what} time with its time zone"
    elif at <= now:
        errors[name] = f"the {what} time is in the past; pick a time after now"


def _check_next_steps(facts: OutcomeFacts, now: datetime, errors: dict[str, str]) -> None:
    qualified = facts.disposition.has(Flag.QUALIFIED)
    if facts.meeting and not qualified:
        errors["meeting"] = "a meeting is booked only on a qualified outcome; choose qualified"
    if facts.meeting:
        _check_time(facts.meeting.starts_at, now, "meeting.starts_at", "meeting", errors)
    if facts.callback:
        _check_time(facts.callback.at, now, "callback.at", "callback", errors)
    elif facts.disposition.has(Flag.CALLBACK):
        errors["callback.at"] = "a callback needs a time; pick when to call back"
    if facts.meeting and facts.callback:
        errors["callback"] = "choose one next step: a meeting or a callback, not both"
    if facts.override_reason is not None and not facts.override_reason.strip():
        errors["override_reason"] = "write why this lead should go to sales against the rule"
    elif facts.override_reason and not qualified:
        errors["override_reason"] = "only a qualified outcome can be handed off against the rule"
    if facts.disqualify_reason is not None and not facts.disqualify_reason.strip():
        errors["disqualify_reason"] = "write why this lead is disqualified"
    elif facts.disqualify_reason and (qualified or facts.callback):
        errors["disqualify_reason"] = "a qualified lead or a booked callback cannot be disqualified"
    if facts.intent not in INTENTS:
        errors["intent"] = f"{facts.intent!r} is not an intent; use need or interest"
