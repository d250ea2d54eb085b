"""The simulator's number table: a dialled number's last two digits decide how the call goes."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    """How the person (or machine) at a number behaves when called; times are call seconds."""

    name: str
    outcome: str  # answered | no-answer | busy | failed
    ring_seconds: float  # until answer, busy or failure; a no-answer rings until the timeout
    talk_seconds: float  # once answered, how long until the callee hangs up
    answered_by: str  # what machine detection hears: human | machine | unknown
    summary: str


# Keyed by the range of the last two digits; docs/simulator.md shows the same table.
NUMBER_TABLE: dict[range, Scenario] = {
    range(0, 50): Scenario(
        "conversation", "answered", 6, 45, "human", "a person answers and talks for 45 s"
    ),
    range(50, 60): Scenario(
        "no-answer", "no-answer", 0, 0, "human", "rings until the timeout; nobody picks up"
    ),
    range(60, 65): Scenario("busy", "busy", 2, 0, "human", "the line is busy"),
    range(65, 70): Scenario("failed", "failed", 1, 0, "human", "the call cannot be connected"),
    range(70, 80): Scenario(
        "voicemail", "answered", 20, 40, "machine", "voicemail picks up after 20 s of ringing"
    ),
    range(80, 85): Scenario(
        "quick-hangup", "answered", 5, 4, "human", "a person answers and hangs up after 4 s"
    ),
    range(85, 90): Scenario(
        "slow-pickup", "answered", 25, 45, "human", "a person answers after 25 s of ringing"
    ),
    range(90, 99): Scenario(
        "quiet-answer", "answered", 6, 30, "unknown", "a person answers; detection cannot tell"
    ),
    range(99, 100): Scenario(
        "never-picks-up", "no-answer", 0, 0, "human", "the telecaller's phone that never answers"
    ),
}

# (verdict, call seconds until known) per machine-detection mode and what was heard.
DETECTION = {
    ("human", "Enable"): ("human", 2.5),
    ("human", "DetectMessageEnd"): ("human", 2.5),
    ("machine", "Enable"): ("machine_start", 4),
    ("machine", "DetectMessageEnd"): ("machine_end_beep", 12),
    ("unknown", "Enable"): ("unknown", 5),
    ("unknown", "DetectMessageEnd"): ("unknown", 5),
}


def scenario_for(number: str) -> Scenario:
    """The scenario for a dialled number; identities without two digits hold a conversation."""
    digits = re.sub(r"\D", "", number)
    ending = int(digits[-2:]) if len(digits) >= 2 else 0
    return next(scenario for span, scenario in NUMBER_TABLE.items() if ending in span)


def detect_machine(scenario: Scenario, mode: str) -> tuple[str, float]:
    """The AnsweredBy verdict and how many call seconds detection takes, for a detection mode."""
    mode = "DetectMessageEnd" if mode.lower() == "detectmessageend" else "Enable"
    return DETECTION[(scenario.answered_by, mode)]
