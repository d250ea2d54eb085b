"""Dispositions: how a call ended, described by flags that rules and reports key on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


class Flag(StrEnum):
    """What a disposition says happened; rules read flags, never disposition codes."""

    HUMAN_ANSWERED = "human_answered"  # a live person picked up
    CONTACTED = "contacted"  # we reached someone at the lead's company
    CONVERSATION = "conversation"  # a real conversation took place
    GATEKEEPER = "gatekeeper"  # the person reached is not the lead nor a decision maker
    VOICEMAIL = "voicemail"
    NOT_INTERESTED = "not_interested"
    CALLBACK = "callback"  # the contact asked to be called back at a time
    SEND_INFO = "send_info"  # interest only: send material, follow up later
    QUALIFIED = "qualified"  # the telecaller believes the lead meets the criteria
    DNC_REQUEST = "dnc_request"
    WRONG_NUMBER = "wrong_number"
    UNWORKABLE = "unworkable"  # the number can never reach the lead (disconnected, fax)


FLAG_VALUES = frozenset(flag.value for flag in Flag)

# A flag on the left means little without the flags on the right; a campaign list that
# breaks this would make contact-rate reports count the same call differently.
IMPLIED = {
    Flag.CONTACTED: {Flag.HUMAN_ANSWERED},
    Flag.CONVERSATION: {Flag.CONTACTED},
    Flag.QUALIFIED: {Flag.CONVERSATION},
    Flag.NOT_INTERESTED: {Flag.CONVERSATION},
    Flag.GATEKEEPER: {Flag.CONVERSATION},
    Flag.SEND_INFO: {Flag.CONVERSATION},
}


class DispositionsInvalid(ValueError):
    """A campaign's disposition list is malformed; `fields` maps each bad field to a fix."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in self.fields.items()))


@dataclass(frozen=True)
class Disposition:
    """One way a call can end: `final` stops the attempt cadence for the lead."""

    code: str
    label: str
    flags: frozenset[Flag]
    final: bool = False

    def has(self, flag: Flag) -> bool:
        """Whether this disposition carries the flag."""
        return flag in self.flags


def _d(code: str, label: str, flags: Iterable[Flag], final: bool = False) -> Disposition:
    return Disposition(code, label, frozenset(flags), final)


_SPOKE = (Flag.HUMAN_ANSWERED, Flag.CONTACTED, Flag.CONVERSATION)

DEFAULT_DISPOSITIONS: tuple[Disposition, ...] = (
    _d("no-answer", "No answer", ()),
    _d("busy", "Busy", ()),
    _d("voicemail", "Voicemail", (Flag.VOICEMAIL,)),
    _d(
        "wrong-number",
        "Wrong number",
        (Flag.HUMAN_ANSWERED, Flag.WRONG_NUMBER, Flag.UNWORKABLE),
        True,
    ),
    _d("gatekeeper", "Gatekeeper", (*_SPOKE, Flag.GATEKEEPER)),
    _d("not-interested", "Not interested", (*_SPOKE, Flag.NOT_INTERESTED), True),
    _d("callback", "Callback", (*_SPOKE, Flag.CALLBACK)),
    _d("nurture", "Interested, not ready", (*_SPOKE, Flag.SEND_INFO), True),
    _d("qualified", "Qualified", (*_SPOKE, Flag.QUALIFIED), True),
    _d("dnc", "Do not call", (*_SPOKE, Flag.DNC_REQUEST), True),
)


def disposition_for(
    code: str, dispositions: Sequence[Disposition] = DEFAULT_DISPOSITIONS
) -> Disposition:
    """The disposition with this code; KeyError naming the codes that exist."""
    for disposition in dispositions:
        if disposition.code == code:
            return disposition
    known = ", ".join(d.code for d in dispositions)
    raise KeyError(f"unknown disposition {code!r}; use one of {known}")


def flagged(flag: Flag, dispositions: Sequence[Disposition]) -> Disposition | None:
    """The campaign's first disposition that says `flag` happened, if it has one."""
    return next((d for d in dispositions if d.has(flag)), None)


def _flag_problem(flags: frozenset[Flag], final: bool) -> str | None:
    """Why this flag set is incoherent, or None."""
    for flag, needed in IMPLIED.items():
        missing = sorted(needed - flags) if flag in flags else []
        if missing:
            return f"{flag} also needs {', '.join(missing)}"
    if Flag.VOICEMAIL in flags and Flag.HUMAN_ANSWERED in flags:
        return "voicemail cannot also be human_answered"
    if Flag.DNC_REQUEST in flags and not final:
        return "a do-not-call request must be final: set final to true"
    return None


def _parse_one(item: Any, at: str) -> tuple[Disposition | None, dict[str, str]]:
    """One disposition from its stored dict, or the field errors found."""
    if not isinstance(item, Mapping):
        return None, {at: "must be an object with code, label, flags and final"}
    errors: dict[str, str] = {}
    code, label = item.get("code"), item.get("label")
    raw_flags, final = item.get("flags", []), item.get("final", False)
    if not isinstance(code, str) or not CODE_PATTERN.match(code):
        errors[f"{at}.code"] = "use lowercase letters, digits and dashes, like no-answer"
    if not isinstance(label, str) or not label.strip():
        errors[f"{at}.label"] = "give the label the telecaller sees, like No answer"
    if not isinstance(final, bool):
        errors[f"{at}.final"] = "must be true or false"
    if not isinstance(raw_flags, list | tuple) or not all(
        isinstance(f, str) and f in FLAG_VALUES for f in raw_flags
    ):
        errors[f"{at}.flags"] = f"use a list of {', '.join(Flag)}"
    if errors:
        return None, errors
    flags = frozenset(Flag(f) for f in raw_flags)
    problem = _flag_problem(flags, final)
    if problem:
        return None, {f"{at}.flags": problem}
    return Disposition(code, label.strip(), flags, final), {}


def parse_dispositions(items: Sequence[Mapping[str, Any]]) -> tuple[Disposition, ...]:
    """A campaign's disposition list from stored dicts; DispositionsInvalid names each bad field."""
    parsed: list[Disposition] = []
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for index, item in enumerate(items):
        disposition, problems = _parse_one(item, f"dispositions[{index}]")
        errors.update(problems)
        if disposition and disposition.code in seen:
            errors[f"dispositions[{index}].code"] = f"{disposition.code} is listed twice"
        elif disposition:
            seen.add(disposition.code)
            parsed.append(disposition)
    if errors:
        raise DispositionsInvalid(errors)
    return tuple(parsed)


def to_dicts(dispositions: Iterable[Disposition]) -> list[dict[str, Any]]:
    """Dispositions as plain dicts for storage; parse_dispositions reads them back."""
    return [
        {"code": d.code, "label": d.label, "flags": sorted(d.flags), "final": d.final}
        for d in dispositions
    ]
