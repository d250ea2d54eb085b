"""Reading a wrap-up: the outcome a telecaller sends, read against the campaign and the call.

The outcome (console.contract.outcomes) is what POST /calls/{id}/outcome and the live preview
take, already in shape and bounds; here it meets what needs the campaign and the call: is the
disposition one of the campaign's, in which zone is a local time. Scores the telecaller gives
win over the script's meter and mark the outcome as scored by hand; evidence merges over what the
script captured; answers default to the call's autosaved draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from console.contract.moments import in_zone
from console.contract.outcomes import Callback, Meeting, OutcomeBody
from console.domain.criteria import CRITERIA_NAMES
from console.domain.dispositions import Disposition, parse_dispositions
from console.domain.handoff import Advice, BookedMeeting, CallbackRequest, OutcomeFacts, advise
from console.domain.outcomes import check_scores
from console.domain.qualification import Meter, meter
from console.domain.scripts import Script
from console.models import Call, Campaign
from console.services.campaigns import rule_of
from console.services.scripting import Library, ScriptUnavailable

NEXT_STEP_LENGTH, NOTES_LENGTH = 500, 4000  # an evidence next_step is stored as the next step


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

    def facts(self, *, intent: str, attempts_exhausted: bool, retries: bool = True) -> OutcomeFacts:
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
            retries=retries,
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


def advice_of(reading: Meter | None, campaign: Campaign) -> Advice | None:
    """The script end's proposal checked against the campaign's handoff rule, so what the call
    screen suggests never contradicts what the rule decides; None before the script's end."""
    suggestion = reading.suggestion if reading else None
    if suggestion is None:
        return None
    choices = dispositions_of(campaign)
    proposed = next((d for d in choices if d.code == suggestion.disposition), None)
    if proposed is None:  # a code the campaign no longer has: the wrap-up asks for one
        return Advice(suggestion.disposition, suggestion.meeting_booked)
    return advise(
        rule_of(campaign),
        proposed,
        check_scores({k: v for k, v in reading.scores.items() if k in CRITERIA_NAMES}, {}),
        meeting_booked=suggestion.meeting_booked,
        decision_maker_present=suggestion.decision_maker_present,
        dispositions=choices,
    )


def script_for(call: Call | None, campaign: Campaign, library: Library) -> Script | None:
    """The script the call is pinned to (else the campaign's latest); None when unavailable."""
    try:
        if call is not None and call.script_id and call.script_version:
            return library.pinned(call.script_id, call.script_version)
        return library.latest(campaign.script_id)
    except ScriptUnavailable:
        return None


def _moment(
    at: datetime, named: str | None, lead_zone: str | None, name: str, errors: dict[str, str]
) -> datetime | None:
    """`at` as an aware time: one without an offset is read in the zone named beside it, else the
    lead's; a lead with no zone needs the offset (or a zone) given."""
    zone = named or lead_zone
    if at.tzinfo is None and not zone:
        errors[name] = "give the time with its offset, or a timezone alongside it"
        return None
    try:
        return in_zone(at, zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):  # the lead's stored zone; a named one was checked
        errors[name] = f"the lead's time zone {zone!r} is unknown: give the time with its offset"
        return None


def _meeting(
    asked: Meeting | None, lead_zone: str | None, reading: Meter | None, errors: dict[str, str]
) -> MeetingAsk | None:
    if asked is None:
        return None
    starts_at = _moment(asked.starts_at, asked.timezone, lead_zone, "meeting.starts_at", errors)
    present = asked.decision_maker_present
    if present is None:  # the script's end step says whether the decision maker will be there
        present = bool(reading and reading.suggestion and reading.suggestion.decision_maker_present)
    if starts_at is None:
        return None
    return MeetingAsk(
        starts_at, asked.sales_rep, asked.duration_minutes, asked.attendees.strip(), present
    )


def _callback(
    asked: Callback | None, lead_zone: str | None, errors: dict[str, str]
) -> CallbackRequest | None:
    if asked is None:
        return None
    at = _moment(asked.at, asked.timezone, lead_zone, "callback.at", errors)
    return CallbackRequest(at, asked.mine) if at else None


def _scores(hand: dict[str, int | None], reading: Meter | None) -> tuple[dict, bool]:
    metered = {n: (reading.scores.get(n) if reading else None) for n in CRITERIA_NAMES}
    return {**metered, **hand}, bool(hand)


def _evidence(given: dict[str, str | None] | None, reading: Meter | None) -> dict[str, str]:
    evidence = dict(reading.evidence) if reading else {}
    evidence.update({key: value for key, value in (given or {}).items() if value})
    return evidence


def _disposition(
    raw: str | None, campaign: Campaign, reading: Meter | None, errors: dict[str, str]
) -> Disposition | None:
    choices = dispositions_of(campaign)
    if raw in (None, "") and reading and reading.suggestion:
        # What the script's end proposes; the handoff rule then decides from what is recorded
        # (a meeting sent with it says the telecaller books one, whatever the rule says).
        raw = reading.suggestion.disposition
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
    outcome: OutcomeBody,
    *,
    campaign: Campaign,
    call: Call | None,
    lead_zone: str | None,
    library: Library,
) -> WrapUp:
    """The outcome read against the campaign and the call's script; errors by field name."""
    errors: dict[str, str] = {}
    draft = (call.draft or {}) if call is not None else {}
    answers = (
        {step: answer.stored() for step, answer in outcome.answers.items()}
        if outcome.answers is not None
        else draft.get("answers") or {}
    )
    script = script_for(call, campaign, library)
    reading = meter(script, answers) if script else None
    scores, by_hand = _scores(outcome.hand_scores(), reading)
    evidence = _evidence(outcome.evidence, reading)
    next_step = outcome.next_step.strip() or evidence.get("next_step", "")
    return WrapUp(
        disposition=_disposition(outcome.disposition, campaign, reading, errors),
        scores=scores,
        set_by_hand=by_hand,
        evidence=evidence,
        answers=dict(answers),
        next_step=next_step[:NEXT_STEP_LENGTH],
        notes=(outcome.notes or "").strip() or str(draft.get("notes") or "")[:NOTES_LENGTH],
        meeting=_meeting(outcome.meeting, lead_zone, reading, errors),
        callback=_callback(outcome.callback, lead_zone, errors),
        override_reason=outcome.override_reason,
        disqualify_reason=outcome.disqualify_reason,
        script=script,
        reading=reading,
        errors=errors,
    )
