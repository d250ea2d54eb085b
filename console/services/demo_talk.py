"""What demo prospects say on calls: scores, evidence in their words, next steps and notes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from console.demo_population import DemoPerson
from console.demo_population.people import DECISION_MAKER, INFLUENCER, TITLES, draw_name

AUTHORITY_SCORE = {DECISION_MAKER: 3, INFLUENCER: 2}
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
SAID_TIMEFRAME = {
    3: ("within 3 months", "this quarter", "next month, our current contract ends in June"),
    2: ("3-6 months", "after the budget review, so 4-5 months", "next quarter"),
    1: ("next year", "no timeline yet", "not before the new fiscal year"),
}
VENDORS = ("spreadsheets and a shared inbox", "a CRM dialer plug-in", "built in-house", "VICIdial")
NOTES = (
    "Friendly, asked good questions about the API.",
    "Prefers email follow-up; was walking between meetings.",
    "Knows our competitor well; wants a side-by-side.",
    "Mentioned a board meeting at the end of the month.",
    "Background noise, call dropped once; called straight back.",
)


FIXED_STEPS = {
    "dnc": "Number added to the do-not-call list",
    "wrong-number": "The number reaches someone else; look for a new one",
    "voicemail": "Left a voicemail; try again on the cadence",
    "gatekeeper": "Reception would not put us through; ask for them by name next time",
}


@dataclass(frozen=True)
class Talk:
    """One conversation as the telecaller wrote it up."""

    scores: dict[str, int | None] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    next_step: str = ""
    notes: str = ""


def _decision_maker(rng: random.Random, person: DemoPerson) -> tuple[str, str]:
    if person.authority == DECISION_MAKER:
        return f"{person.first_name} {person.last_name}", person.title
    first, last = draw_name(rng, person.country)
    return f"{first} {last}", rng.choice(TITLES[DECISION_MAKER])


def _scores(rng: random.Random, person: DemoPerson, fate: str) -> dict[str, int | None]:
    authority = AUTHORITY_SCORE.get(person.authority, 1)
    # A handoff meets the agreed rule (need 3, at least 2 elsewhere, so a total of 9 or more).
    ranges = {
        "handoff": ((3,), (3, 3, 2), (3, 3, 2)),
        "short": ((2, 3), (1, 2), (1, 2, 3)),
        "nurture": ((1, 2), (1, 1, 2), (1, 2, 3)),
    }
    need, timeframe, profile = (rng.choice(choices) for choices in ranges[fate])
    return {"need": need, "timeframe": timeframe, "authority": authority, "profile": profile}


def write_up(rng: random.Random, person: DemoPerson, code: str, fate: str) -> Talk:
    """The telecaller's write-up of a call with disposition `code` on a lead headed for `fate`."""
    if code in FIXED_STEPS:
        return Talk(next_step=FIXED_STEPS[code])
    if code in ("no-answer", "busy"):
        return Talk()
    notes = rng.choice(NOTES) if rng.random() < 0.4 else ""
    if fate in ("handoff", "short", "nurture"):
        scores = _scores(rng, person, fate)
        name, role = _decision_maker(rng, person)
        evidence = {
            "pain": rng.choice(PAINS[person.intent]),
            "decision_maker": name,
            "decision_maker_role": role,
            "timeframe": rng.choice(SAID_TIMEFRAME[scores["timeframe"]]),
            "current_vendor": rng.choice(VENDORS),
        }
        return Talk(scores, evidence, _next_step(fate, name), notes)
    if fate == "callback":
        scores = {"need": rng.choice((2, 3)), "timeframe": None, "authority": None, "profile": None}
        evidence = {"pain": rng.choice(PAINS[person.intent])}
        return Talk(scores, evidence, "Call back at the time they chose; finish discovery", notes)
    scores = {"need": 1, "timeframe": None, "authority": None, "profile": None}
    return Talk(scores, {"objection": "happy with what they have"}, "", notes)


def _next_step(fate: str, decision_maker: str) -> str:
    if fate == "handoff":
        return f"Meeting booked with {decision_maker} present; invite sent"
    if fate == "short":
        return f"Send the ROI sheet; {decision_maker} must join before we book a meeting"
    return "Send the case studies and the webinar recording"
