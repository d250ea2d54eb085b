"""Calls: dialling a held lead, the call as its screen shows it, the softphone's token."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from console.contract.common import Answer, Id, Moment, Shape
from console.domain.calls import CallMode, CallStatus, RecordingConsent


class Dial(Shape):
    """POST /calls: which held lead to dial, and how (default: the telecaller's profile)."""

    lead_id: Id
    mode: CallMode | None = None


class OnScreen(Answer):
    """What the call screen shows of a call, decided by the server."""

    phase: str = Field(
        description="ready, dialling, ringing, connected, ended, no_answer, busy, voicemail, "
        "failed, canceled, not_connected (the lead was never rung)"
    )
    label: str = Field(description="the phase in the telecaller's words")
    rank: int = Field(description="an update of lower rank is older: ignore it")
    live: bool = Field(description="on the line now: it can be hung up")
    redial: bool = Field(description="the lead was never rung: dial again")
    timing: bool = Field(description="the talk timer runs")


class Placed(OnScreen):
    """What every view of a call says: whose, how it is placed, where it stands, when."""

    id: int
    lead_id: int
    agent_id: int
    campaign_id: int
    mode: CallMode
    status: CallStatus
    started_at: Moment
    answered_at: Moment | None
    ended_at: Moment | None


class VoicemailOffer(Answer):
    """What the call screen says when an answering machine picked up."""

    offered: bool = Field(description="the key leaves the campaign's recorded message now")
    key: str = Field(description="the key that leaves it")
    sentence: str = Field(description="the notice, in the telecaller's words")


class CallCard(Placed):
    """A call as the call screen and the floor show it."""

    answered_by: str | None = Field(description="machine detection's verdict")
    duration_seconds: int | None
    recording_consent: RecordingConsent
    recorded: bool
    voicemail: VoicemailOffer | None = Field(
        default=None, description="an answering machine picked up: leave the message, or why not"
    )


class VoicemailLeft(Answer):
    """POST /calls/{id}/voicemail: the message is being left, and the outcome it recorded."""

    call: CallCard
    repeated: bool = Field(description="an earlier press had already left it: nothing new")
    outcome_id: int
    decision: str
    reasons: list[str]
    total: int | None
    follow_up_at: Moment | None


class CallAnswer(Answer):
    """The call, after dialling (201) or hanging up."""

    call: CallCard


class ScreenCall(Placed):
    """The call on its screen, with the script version it is pinned to."""

    script_id: str | None
    script_version: int | None
    updated_at: Moment
    editable: bool = Field(description="the viewer may still change the draft")
    outcome_saved: bool = Field(
        description="the call's outcome is recorded (its answers are final)"
    )


class Draft(Answer):
    """The answers and notes autosaved so far."""

    answers: dict[str, Any] = Field(description='step id -> {"choice": id} or {"text": words}')
    notes: str
    at: str | None = Field(description="the asked step being revisited, if any")


class ScriptProblem(Answer):
    """Why the call's script cannot be shown."""

    message: str
    problems: list[str] = Field(description="file:line lines to fix")


class CallView(Answer):
    """The call with its draft, the script walk and the qualification meter."""

    call: ScreenCall
    draft: Draft
    walk: dict[str, Any] | None = Field(
        description="script, current step (say, note, kind, choices, text, answer), "
        "lead_in, trail, waiting, finished, revisiting, back; null when the script is unavailable"
    )
    meter: dict[str, Any] | None = Field(
        description="criteria (score 1-3 with words), scores, evidence, unknown, total, out_of, "
        "threshold, finished, suggestion (the script's end checked against the handoff rule: "
        "disposition, meeting, decision, needs, reasons); null when the script is unavailable"
    )
    script_problem: ScriptProblem | None


class SoftphoneToken(Answer):
    """An access token with a VoiceGrant for the Voice JavaScript SDK."""

    token: str
    identity: str
    expires_in: int = Field(description="seconds")
