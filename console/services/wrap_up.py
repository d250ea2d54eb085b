"""Reading a wrap-up: the outcome body a telecaller sends, checked field by field, plus the meter.

The body is what POST /calls/{id}/outcome and the live preview take. Scores the telecaller gives
win over the script's meter and mark the outcome as scored by hand; evidence merges over what the
script captured; answers default to the call's autosaved draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console import clock
from console.domain.criteria import CRITERIA_NAMES
from console.domain.dispositions import Disposition, parse_dispositions
from console.domain.handoff import BookedMeeting, CallbackRequest, OutcomeFacts
from console.domain.meetings import BOOKING_HORIZON
from console.domain.qualification import Meter, meter
from console.domain.scripts import Script
from console.models import Call, Campaign
from console.services.scripting import Library, ScriptUnavailable

LIMITS = {"next_step": 500, "notes": 4000, "attendees": 500, "evidence": 2000, "reason": 1000}
DURATIONS = (15, 240)  # minutes a meeting may last


@dataclass(frozen=True)
class MeetingAsk:
    """The meeting the telecaller booked, before a sales rep is settled."""

    starts_at: datetime
    sales_rep: int | str | None = None  # an id or an email; None means round-robin
    duration_minutes: int = 30
    attendees: str = ""
    decision_maker_present: bool = False


@dataclass(frozen=True)
class WrapUp:
    """An outcome body as read: the facts the rule needs, what else is stored, field errors."""

    disposition: Disposition | None
    scores: dict[str, int | None]
    set_by_hand: bool
    evidence: dict[str, str]
    answers: dict[str, Any]
    next_step: str
    notes: str
    meeting: MeetingAsk | None
    callback: CallbackRequest | None
    override_reason: str | None
    disqualify_reason: str | None
    script: Script | None
    reading: Meter | None
    errors: dict[str, str] = field(default_factory=dict)

    def facts(self, *, intent: str, attempts_exhausted: bool) -> OutcomeFacts:
        """The outcome as the handoff rule judges it."""
        booked = None
        if self.meeting:
            booked = BookedMeeting(self.meeting.starts_at, self.meeting.decision_maker_present)
        return OutcomeFacts(
            disposition=self.disposition,
            scores=self.scores,
            scores_set_by_hand=self.set_by_hand,
            meeting=booked,
            callback=self.callback,
            intent=intent,
            attempts_exhausted=attempts_exhausted,
            override_reason=self.override_reason,
            disqualify_reason=self.disqualify_reason,
            timeframe_text=self.evidence.get("timeframe"),
        )


def dispositions_of(campaign: Campaign) -> tuple[Disposition, ...]:
    """The campaign's dispositions (the defaults when it stores none)."""
    from console.domain.dispositions import DEFAULT_DISPOSITIONS

    return (
        parse_dispositions(campaign.dispositions) if campaign.dispositions else DEFAULT_DISPOSITIONS
    )


def script_for(call: Call | None, campaign: Campaign, library: Library) -> Script | None:
    """The script the call is pinned to (else the campaign's latest); None when unavailable."""
    try:
        if call is not None and call.script_id and call.script_version:
            return library.pinned(call.script_id, call.script_version)
        return library.latest(campaign.script_id)
    except ScriptUnavailable:
        return None


def _text(body: Mapping[str, Any], name: str, limit: int, errors: dict[str, str]) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[name] = "write it as text"
        return ""
    if len(value) > limit:
        errors[name] = f"keep it under {limit} characters"
    return value.strip()[:limit]


def _reason(body: Mapping[str, Any], name: str, errors: dict[str, str]) -> str | None:
    """A written reason; None when absent (an empty string stays, so the rule can ask for words)."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        errors[name] = "write the reason as text"
        return None
    return value[: LIMITS["reason"]]


def moment(raw: Any, zone: str | None, name: str, errors: dict[str, str]) -> datetime | None:
    """An ISO time; one without an offset is read in `zone` (the lead's, unless one is named)."""
    if not isinstance(raw, str) or not raw.strip():
        errors[name] = "give the date and time, e.g. 2026-11-24T10:00:00-05:00"
        return None
    try:
        at = datetime.fromisoformat(raw.strip())
    except ValueError:
        errors[name] = f"{raw!r} is not a date and time; use ISO 8601, e.g. 2026-11-24T10:00-05:00"
        return None
    if at.tzinfo is None:
        if not isinstance(zone, str) or not zone:
            errors[name] = "give the time with its offset, or a timezone alongside it"
            return None
        try:
            at = at.replace(tzinfo=ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            errors[f"{name.rsplit('.', 1)[0]}.timezone"] = f"{zone!r} is not an IANA time zone"
            return None
    if not _within_horizon(at):
        errors[name] = "pick a time within the next 12 months"
        return None
    return at


def _within_horizon(at: datetime) -> bool:
    """Whether `at` is no further ahead than bookings go (a year 9999 is not an error page)."""
    try:
        return at <= clock.now() + BOOKING_HORIZON
    except OverflowError:
        return False


def _zone(part: Mapping[str, Any], lead_zone: str | None) -> str | None:
    named = part.get("timezone")
    return named if isinstance(named, str) and named.strip() else lead_zone


def _meeting(
    raw: Any, lead_zone: str | None, reading: Meter | None, errors: dict[str, str]
) -> MeetingAsk | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        errors["meeting"] = "send the meeting as an object with starts_at"
        return None
    starts_at = moment(raw.get("starts_at"), _zone(raw, lead_zone), "meeting.starts_at", errors)
    rep = raw.get("sales_rep")
    if rep is not None and not (isinstance(rep, int | str) and not isinstance(rep, bool)):
        errors["meeting.sales_rep"] = "give the sales rep's id or email, or leave it out"
        rep = None
    duration = raw.get("duration_minutes", 30)
    if not isinstance(duration, int) or not DURATIONS[0] <= duration <= DURATIONS[1]:
        errors["meeting.duration_minutes"] = f"use {DURATIONS[0]} to {DURATIONS[1]} minutes"
        duration = 30
    attendees = raw.get("attendees") or ""
    if not isinstance(attendees, str) or len(attendees) > LIMITS["attendees"]:
        errors["meeting.attendees"] = f"list who attends as text, under {LIMITS['attendees']}"
        attendees = ""
    present = raw.get("decision_maker_present")
    if present is None:  # the script's end step says whether the decision maker will be there
        present = bool(reading and reading.suggestion and reading.suggestion.decision_maker_present)
    if not isinstance(present, bool):
        errors["meeting.decision_maker_present"] = "must be true or false"
        present = False
    if starts_at is None:
        return None
    rep = rep.strip() if isinstance(rep, str) else rep
    return MeetingAsk(starts_at, rep or None, duration, attendees.strip(), present)


def _callback(raw: Any, lead_zone: str | None, errors: dict[str, str]) -> CallbackRequest | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        errors["callback"] = "send the callback as an object with at and mine"
        return None
    at = moment(raw.get("at"), _zone(raw, lead_zone), "callback.at", errors)
    mine = raw.get("mine", True)
    if not isinstance(mine, bool):
        errors["callback.mine"] = "true keeps it yours; false lets anyone take it"
        mine = True
    return CallbackRequest(at, mine) if at else None


def _scores(raw: Any, reading: Meter | None, errors: dict[str, str]) -> tuple[dict, bool]:
    metered = {n: (reading.scores.get(n) if reading else None) for n in CRITERIA_NAMES}
    if raw is None or raw == {}:
        return metered, False
    if not isinstance(raw, Mapping):
        errors["scores"] = "give scores as need, timeframe, authority and profile, each 1-3"
        return metered, False
    return {**metered, **{str(k): v for k, v in raw.items()}}, True


def _evidence(raw: Any, reading: Meter | None, errors: dict[str, str]) -> dict[str, str]:
    evidence = dict(reading.evidence) if reading else {}
    if raw is None:
        return evidence
    if not isinstance(raw, Mapping):
        errors["evidence"] = 'give evidence as an object, e.g. {"pain": "their words"}'
        return evidence
    for key, value in raw.items():
        if value is None or value == "":
            continue
        if not isinstance(value, str | int | float) or len(str(value)) > LIMITS["evidence"]:
            errors[f"evidence.{key}"] = f"write it as text under {LIMITS['evidence']} characters"
            continue
        evidence[str(key)] = str(value).strip()
    return evidence


def _disposition(
    raw: Any, campaign: Campaign, reading: Meter | None, errors: dict
) -> Disposition | None:
    choices = dispositions_of(campaign)
    if raw in (None, "") and reading and reading.suggestion:
        raw = reading.suggestion.disposition  # what the script's end step proposes
    for disposition in choices:
        if disposition.code == raw:
            return disposition
    codes = ", ".join(d.code for d in choices)
    errors["disposition"] = (
        f"{raw!r} is not a disposition of this campaign; choose {codes}"
        if raw not in (None, "")
        else f"choose how the call ended: {codes}"
    )
    return None


def read_wrap_up(
    body: Any, *, campaign: Campaign, call: Call | None, lead_zone: str | None, library: Library
) -> WrapUp:
    """The outcome body read against the campaign and the call's script; errors by field name."""
    errors: dict[str, str] = {}
    if not isinstance(body, Mapping):
        errors["body"] = "send the outcome as a JSON object"
        body = {}
    draft = (call.draft or {}) if call is not None else {}
    answers = body.get("answers")
    if answers is None:
        answers = draft.get("answers") or {}
    if not isinstance(answers, Mapping):
        errors["answers"] = 'map step ids to {"choice": id} or {"text": words}'
        answers = {}
    script = script_for(call, campaign, library)
    reading = meter(script, answers) if script else None
    scores, by_hand = _scores(body.get("scores"), reading, errors)
    notes = _text(body, "notes", LIMITS["notes"], errors) if "notes" in body else ""
    evidence = _evidence(body.get("evidence"), reading, errors)
    next_step = _text(body, "next_step", LIMITS["next_step"], errors) or evidence.get(
        "next_step", ""
    )
    return WrapUp(
        disposition=_disposition(body.get("disposition"), campaign, reading, errors),
        scores=scores,
        set_by_hand=by_hand,
        evidence=evidence,
        answers=dict(answers),
        next_step=next_step[: LIMITS["next_step"]],
        notes=notes or str(draft.get("notes") or "")[: LIMITS["notes"]],
        meeting=_meeting(body.get("meeting"), lead_zone, reading, errors),
        callback=_callback(body.get("callback"), lead_zone, errors),
        override_reason=_reason(body, "override_reason", errors),
        disqualify_reason=_reason(body, "disqualify_reason", errors),
        script=script,
        reading=reading,
        errors=errors,
    )
