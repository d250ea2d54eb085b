"""What the live feed says of an event, as a sentence with names, written once on the server.

Pages print these words as text; they never assemble a line of their own.
"""

from __future__ import annotations

from console.domain.handoff import DecisionKind

STATE_WORDS = {
    "available": "is available",
    "on_call": "is on a call",
    "wrap_up": "is in wrap-up",
    "paused": "is paused",
    "offline": "is offline",
}
# What an outcome does with the lead, said after whom the telecaller called.
DECISION_WORDS: dict[str, str] = {
    DecisionKind.HANDOFF: "handed to sales",
    DecisionKind.NURTURE: "back to nurture",
    DecisionKind.RETRY: "to be tried again",
    DecisionKind.CALLBACK: "a callback is set",
    DecisionKind.DISQUALIFY: "disqualified",
    DecisionKind.DNC: "on the do-not-call list",
}


def named(name: str, company: str) -> str:
    """A lead as a sentence names them: "Riley Costa (Orchardly Outfitters)"."""
    if name and company and name != company:
        return f"{name} ({company})"
    return name or company or "a lead with no name"


def state_sentence(agent: str, state: str, reason: str | None = None) -> str:
    """ "Sofia Alvarez is in wrap-up", "Sofia Alvarez is paused (lunch)"."""
    words = STATE_WORDS.get(state, f"is {state.replace('_', ' ')}")
    return f"{agent} {words} ({reason})" if reason else f"{agent} {words}"


def outcome_sentence(
    agent: str, lead: str, disposition: str, decision: str, rep: str | None = None
) -> str:
    """What a recorded outcome did: "Sofia Alvarez booked a meeting with Riley Costa (Orchardly
    Outfitters) for Rachel Kim", or "Sofia Alvarez called Riley Costa: No answer, to be tried
    again"."""
    if rep:
        return f"{agent} booked a meeting with {lead} for {rep}"
    what = DECISION_WORDS.get(decision, "")
    said = f"{disposition}, {what}" if what else disposition
    return f"{agent} called {lead}: {said}"


def review_sentence(label: str, by: str, *, undone: bool = False) -> str:
    """A step sales took: "Meeting accepted by Dana Ruiz"; taken back within its minute:
    "Dana Ruiz took back: Meeting accepted."."""
    step = f"Meeting {label[:1].lower()}{label[1:]}"
    return f"{by} took back: {step}." if undone else f"{step} by {by}"
