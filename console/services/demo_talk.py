"""What demo prospects do when called: whether they pick up, and what they answer to the script.

Each prospect is drawn once from the seed and their lead's id, each dial from those and the
attempt's number, so what a person does never depends on who happened to call them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.demo_population import DemoPerson
from console.demo_population.people import DECISION_MAKER, GATHERER, TITLES, draw_name
from console.domain.scripts import Script, Step, walk

# How the person who filled in the form ends up, once someone speaks with them.
FATES = {
    "need": {"handoff": 20, "short": 8, "nurture": 16, "not-interested": 12, "callback": 6,
             "disqualify": 4, "dnc": 3, "unreached": 12},
    "interest": {"handoff": 7, "short": 6, "nurture": 30, "not-interested": 16, "callback": 4,
                 "disqualify": 4, "dnc": 3, "unreached": 18},
}  # fmt: skip
AFTER_CALLBACK = {"handoff": 30, "short": 15, "nurture": 35, "not-interested": 20}
PICKS_UP_ON = {1: 45, 2: 25, 3: 15, 4: 10, 5: 5}  # the attempt on which they first answer
NO_CONTACT = {"no-answer": 50, "voicemail": 30, "busy": 10, "gatekeeper": 10}
CODE_OF = {"handoff": "qualified", "short": "qualified", "nurture": "nurture", "dnc": "dnc",
           "not-interested": "not-interested", "callback": "callback",
           "disqualify": "wrong-number"}  # fmt: skip
TALK_SECONDS = {"voicemail": (18, 45), "wrong-number": (10, 40), "gatekeeper": (40, 150),
                "not-interested": (60, 240), "callback": (60, 180), "nurture": (180, 540),
                "qualified": (420, 1200), "dnc": (15, 60)}  # fmt: skip
RING_SECONDS = {"no-answer": (30, 30), "busy": (3, 8), "voicemail": (15, 25)}
# The answer each kind of call gives at a step of either script; the prospect fills the rest.
CHOICES: dict[str, dict[str, str]] = {
    "voicemail": {"opening": "voicemail"},
    "gatekeeper": {"opening": "someone-else", "gatekeeper": "not-available"},
    "disqualify": {"opening": "wrong-number"},
    "not-interested": {"permission": "not-interested"},
    "dnc": {"permission": "not-interested"},
    "callback": {"permission": "no-time", "no-time": "later"},
    "nurture": {"impact": "painful", "close": "not-ready"},
    "short": {"impact": "costly", "close": "booked-without-decision-maker",
              "decision-maker-absent": "go-ahead-without"},
    "handoff": {"impact": "costly", "close": "booked-with-decision-maker"},
}  # fmt: skip
USUAL = {"opening": "speaking", "permission": "go-ahead", "why-attended": "specific-problem",
         "priority-check": "on-the-list", "no-need": "keep-in-touch",
         "gatekeeper-callback": "took-message", "not-decision-maker": "wont-bring",
         "decision-maker-absent": "found-slot", "send-info": "email-only",
         "send-info-at-close": "email-only"}  # fmt: skip
AUTHORITY = {DECISION_MAKER: "decides", GATHERER: "not-my-decision"}  # influencers recommend
TIMEFRAMES = {"handoff": ("within-3-months", "within-3-months", "3-to-6-months"),
              "nurture": ("no-date", "no-date", "3-to-6-months")}  # fmt: skip
PAINS = {
    "need": (
        "We answer web demo requests the next day, and by then they've booked a competitor.",
        "Our callers work from spreadsheets; nobody can see what happened on a call.",
        "Sales says marketing leads are junk, so half of them never get a call.",
        "We're hiring six callers next quarter and the current setup won't scale.",
        "Someone called a Florida number at 8:30pm last year and legal is still upset.",
        "Callbacks get lost when a rep is off sick; the prospect just hears nothing.",
    ),
    "interest": (
        "Mostly curious how other teams measure their callers.",
        "My manager asked me to look at options for next year's budget.",
        "The webinar part on speed to lead hit home; we take about a day.",
        "We run outbound from a CRM plug-in and it's clunky, but it works.",
    ),
}
VENDORS = ("A CRM dialer plug-in; it cannot tell a need lead from a download.",
           "VICIdial; the reports are a chore and the screens go stale.")  # fmt: skip
NOTES = (
    "Friendly, asked good questions about the API.",
    "Prefers email follow-up; was walking between meetings.",
    "Knows our competitor well; wants a side-by-side.",
    "Mentioned a board meeting at the end of the month.",
    "Background noise, call dropped once; called straight back.",
)


@dataclass(frozen=True)
class Prospect:
    """A demo lead as a person: how they end up, when they first pick up, who decides for them."""

    person: DemoPerson
    fate: str
    picks_up_on: int | None  # None: never reached
    decision_maker: tuple[str, str]  # name and title

    @property
    def can_hand_off(self) -> bool:
        """Whether a meeting with this person can meet the agreed rule (not a gatherer)."""
        return self.person.authority != GATHERER


@dataclass(frozen=True)
class Dial:
    """What happens on one dial: who answers, for how long, and how the call ends."""

    code: str  # the disposition it ends with
    fate: str | None  # what the person does in a conversation; None when nobody spoke
    answered_by: str | None  # what machine detection heard; None when nobody answered
    ring_seconds: int
    talk_seconds: int


def draw(rng: random.Random, weights: Mapping[Any, int]) -> Any:
    """One key of `weights`, drawn by its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def prospect_of(seed: int, person: DemoPerson) -> Prospect:
    """The person behind a demo lead, the same for every replay of the seed."""
    rng = random.Random(f"{seed}:{person.external_id}")
    fate = draw(rng, FATES[person.intent])
    picks_up_on = None if fate == "unreached" else draw(rng, PICKS_UP_ON)
    if person.authority == DECISION_MAKER:
        boss = (f"{person.first_name} {person.last_name}", person.title)
    else:
        boss = (" ".join(draw_name(rng, person.country)), rng.choice(TITLES[DECISION_MAKER]))
    return Prospect(person, fate, picks_up_on, boss)


def dial(rng: random.Random, fate: str | None) -> Dial:
    """One dial: a conversation heading for `fate`, else nobody there to speak with."""
    code = CODE_OF[fate] if fate else draw(rng, NO_CONTACT)
    if code in ("no-answer", "busy"):
        return Dial(code, None, None, rng.randint(*RING_SECONDS[code]), 0)
    answered_by = "machine_end_beep" if code == "voicemail" else "human"
    ring = rng.randint(*RING_SECONDS.get(code, (4, 20)))
    return Dial(code, fate, answered_by, ring, rng.randint(*TALK_SECONDS[code]))


def answers(
    rng: random.Random, script: Script, prospect: Prospect, kind: str, said: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """The script walked as this call goes: `kind` (a fate, voicemail or gatekeeper) steers the
    choices, the prospect's traits fill the rest, `said` gives words for text steps by capture."""
    given: dict[str, dict[str, str]] = {}
    while (step_id := walk(script, given).current) is not None:
        step = script.step(step_id)
        given[step_id] = _answer(rng, step, prospect, kind, said)
    return given


def _answer(
    rng: random.Random, step: Step, prospect: Prospect, kind: str, said: Mapping[str, str]
) -> dict[str, str]:
    """The answer to one step: the words said, or the choice this call and person make."""
    if not step.choices:
        return {"text": said.get(step.capture or "") or _words(rng, step.capture, prospect)}
    wanted = CHOICES.get(kind, {}).get(step.id) or _trait(rng, step.id, prospect, kind)
    choice = step.choice(wanted) or step.choices[0]
    return {"choice": choice.id}


def _trait(rng: random.Random, step_id: str, prospect: Prospect, kind: str) -> str | None:
    """The choice the person's own situation makes at a step (None: the step's first)."""
    person = prospect.person
    if step_id == "authority":
        return AUTHORITY.get(person.authority, "recommends")
    if step_id == "timeframe":
        return rng.choice(TIMEFRAMES.get(kind, ("within-3-months", "3-to-6-months", "no-date")))
    if step_id == "team-size":
        return "large" if person.employees >= 20 else "medium" if person.employees >= 5 else "small"
    if step_id == "current-approach":
        return rng.choice(("manual", "manual", "in-house", "other-vendor"))
    if step_id == "budget":
        return rng.choice(("allocated", "needs-approval", "needs-approval", "no-budget"))
    return USUAL.get(step_id)


def _words(rng: random.Random, capture: str | None, prospect: Prospect) -> str:
    """What the person says when a step asks for words captured as `capture`."""
    name, title = prospect.decision_maker
    if capture == "pain":
        return rng.choice(PAINS[prospect.person.intent])
    if capture == "current_vendor":
        return rng.choice(VENDORS)
    if capture == "decision_maker_role":
        return f"{name}, {title}; could join a demo"
    return "They did not say."


def attendees(prospect: Prospect) -> str:
    """Who will be in the meeting: the contact, and the decision maker when that is someone else."""
    person = prospect.person
    name, title = prospect.decision_maker
    contact = f"{person.first_name} {person.last_name} ({person.title})"
    return contact if person.authority == DECISION_MAKER else f"{contact}, {name} ({title})"


def notes(rng: random.Random) -> str:
    """What the telecaller jotted down, sometimes nothing."""
    return rng.choice(NOTES) if rng.random() < 0.4 else ""
