"""May this lead be dialled now: one rule, asked by the queue before it offers a lead and by the
dial before it rings. The callers gather the facts; this decides, and says why not in a sentence
the telecaller can act on, with a code programs can branch on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from console.domain.cadence import Cadence, is_exhausted
from console.domain.compliance import (
    FLORIDA_CALLS_PER_DAY,
    FLORIDA_ROLLING_PERIOD,
    CallingWindow,
    closed_reason,
    florida_limit_reached,
    florida_next_allowed,
)


class Bar(StrEnum):
    """Why a dial may not happen; the first three bar anyone from calling the lead now."""

    dnc = "dnc"
    outside_calling_hours = "outside_calling_hours"
    florida_limit = "florida_limit"
    not_claimed = "not_claimed"
    attempt_limit = "attempt_limit"
    no_agent_phone = "no_agent_phone"
    already_on_call = "already_on_call"


@dataclass(frozen=True)
class Refusal:
    """A dial that may not happen: its code and what the telecaller should do."""

    code: Bar
    message: str


class Callee(Protocol):
    """What the rule reads of a lead (console.domain.queue.Candidate has it all)."""

    dnc: bool
    status: str
    zones: Sequence[str]
    country: str | None
    region: str | None
    recent_calls: Sequence[datetime]
    lease_owner_id: int | str | None
    attempts: int
    callback_at: datetime | None


@dataclass(frozen=True)
class Caller:
    """The telecaller about to dial: who, how (a bridge rings their own phone), and whether
    they are on a call already."""

    id: int | str
    mode: str = "browser"
    has_phone: bool = False
    on_call: bool = False


def barred(lead: Callee, now: datetime, window: CallingWindow) -> Refusal | None:
    """What forbids anyone to call the lead now: the do-not-call list (the lead's flag, its
    status, or the number listed), the calling hours where it is, Florida's limit."""
    if lead.dnc or lead.status == "dnc":
        return Refusal(
            Bar.dnc, "This number is on the do-not-call list: do not call it. Release the lead."
        )
    closed = closed_reason(lead.zones, lead.country, lead.region, now, window)
    if closed:
        return Refusal(Bar.outside_calling_hours, f"Outside calling hours. {closed}")
    if florida_limit_reached(lead.country, lead.region, lead.recent_calls, now):
        allowed = florida_next_allowed(lead.country, lead.region, lead.recent_calls, now)
        local = allowed.astimezone(ZoneInfo(lead.zones[0])) if lead.zones else allowed
        return Refusal(
            Bar.florida_limit,
            f"Florida allows {FLORIDA_CALLS_PER_DAY} calls in "
            f"{FLORIDA_ROLLING_PERIOD // timedelta(hours=1)} hours and this lead has had them: "
            f"call again after {local:%a %H:%M} their time.",
        )
    return None


def may_dial(
    lead: Callee, caller: Caller, now: datetime, window: CallingWindow, cadence: Cadence
) -> Refusal | None:
    """Why this telecaller may not dial this lead now; None when they may."""
    if lead.lease_owner_id != caller.id:
        return Refusal(
            Bar.not_claimed, "You do not hold this lead: take it from your queue before calling."
        )
    refused = barred(lead, now, window)
    if refused is not None:
        return refused
    if lead.callback_at is None and is_exhausted(cadence, lead.attempts):
        return Refusal(
            Bar.attempt_limit,
            f"This lead has had all {lead.attempts} attempts the cadence allows: record the "
            "outcome (nurture) instead of calling again.",
        )
    if caller.mode == "bridge" and not caller.has_phone:
        return Refusal(
            Bar.no_agent_phone,
            "Bridge calls ring your own phone, and no phone number is on your profile: ask an "
            "admin to add it, or switch to browser calling.",
        )
    if caller.on_call:
        return Refusal(
            Bar.already_on_call, "You are already on a call: hang it up before dialling again."
        )
    return None
