"""Qualification scripts: the model, building one from a document, and the walk along answers.

The document shape and the rules every script must meet live in script_schema, which
build_script consults before it builds anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

Path = tuple[Any, ...]

DEFAULT_CRITERIA = ("need", "timeframe", "authority", "profile")
LOWEST_SCORE, HIGHEST_SCORE = 1, 3
EVIDENCE_KEYS = frozenset(
    {
        "pain",
        "impact",
        "current_vendor",
        "decision_maker",
        "decision_maker_role",
        "budget",
        "timeframe",
        "team_size",
        "next_step",
        "callback_when",
        "objection",
    }
)
REQUIRED_EVIDENCE = {
    "pain": "every script must find the prospect's pain point",
    "decision_maker": "every script must find out whether the prospect decides",
    "next_step": "every script must settle a next step",
}
TEMPLATE_VARIABLES = frozenset(
    {
        "lead.first_name",
        "lead.last_name",
        "lead.company",
        "lead.title",
        "lead.city",
        "agent.first_name",
        "agent.name",
        "campaign.name",
    }
)
OBJECTIONS = ("no-time", "send-info", "have-vendor", "not-decision-maker", "call-later")
REQUIRED_ROLES = {
    "gatekeeper": "a gatekeeper branch: who decides, and can they join the meeting",
    "voicemail": "a voicemail message",
    "close": "a close that books the meeting or settles another next step",
    **{f"objection:{kind}": f"a handler for the '{kind}' objection" for kind in OBJECTIONS},
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a script, at a path into its document such as ("steps", 3, "next")."""

    path: Path
    message: str


class ScriptInvalid(ValueError):
    """A script document breaks the schema; `problems` says where and how."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{_dotted(p.path)}: {p.message}" for p in self.problems))


@dataclass(frozen=True)
class Suggestion:
    """What an end step proposes to record: a disposition and whether a meeting was booked."""

    disposition: str
    meeting_booked: bool = False
    decision_maker_present: bool = False

    @property
    def meeting_with_decision_maker(self) -> bool:
        """The outcome sales values: a meeting at decision-making level."""
        return self.meeting_booked and self.decision_maker_present


@dataclass(frozen=True)
class Choice:
    """One set answer to a question: what it scores, what it captures and where it leads."""

    id: str
    label: str
    score: Mapping[str, int] = field(default_factory=dict)
    capture: Mapping[str, str] = field(default_factory=dict)
    next: str | None = None


@dataclass(frozen=True)
class Step:
    """One thing to say, and the answer it waits for: a choice, free text, nothing, or the end."""

    id: str
    say: str
    role: str | None = None
    note: str | None = None
    choices: tuple[Choice, ...] = ()
    text: str | None = None
    capture: str | None = None
    next: str | None = None
    end: Suggestion | None = None

    @property
    def asks(self) -> bool:
        """Whether the walk stops here until the telecaller answers."""
        return bool(self.choices) or self.text is not None

    def choice(self, choice_id: object) -> Choice | None:
        """The choice with this id, or None."""
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Script:
    """A validated qualification script; build it with build_script."""

    id: str
    version: int
    title: str
    criteria: tuple[str, ...]
    steps: tuple[Step, ...]
    description: str = ""

    @property
    def first(self) -> Step:
        """The step every call starts at."""
        return self.steps[0]

    def step(self, step_id: str) -> Step:
        """The step with this id; KeyError if there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"script {self.id!r} has no step {step_id!r}")

    def with_role(self, role: str) -> tuple[Step, ...]:
        """The steps tagged with a role, e.g. 'voicemail' or 'objection:no-time'."""
        return tuple(s for s in self.steps if s.role == role)


def _dotted(path: Path) -> str:
    return ".".join(str(part) for part in path) or "script"


def build_script(doc: object) -> Script:
    """The Script a document describes; ScriptInvalid lists every problem if it has any."""
    # Imported here because script_schema builds on this module's model and constants.
    from console.domain.script_schema import validate

    problems = validate(doc)
    if problems:
        raise ScriptInvalid(problems)
    assert isinstance(doc, Mapping)
    return Script(
        id=doc["id"],
        version=doc["version"],
        title=doc["title"].strip(),
        criteria=tuple(doc.get("criteria", DEFAULT_CRITERIA)),
        steps=tuple(_build_step(step) for step in doc["steps"]),
        description=(doc.get("description") or "").strip(),
    )


def _evidence(value: object) -> str:
    """Evidence as text; YAML turns an unquoted yes into True, which means 'yes' here."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def _build_step(step: Mapping[str, Any]) -> Step:
    end = step.get("end")
    return Step(
        id=step["id"],
        say=step["say"].strip(),
        role=step.get("role"),
        note=step["note"].strip() if "note" in step else None,
        choices=tuple(
            Choice(
                id=c["id"],
                label=c["label"].strip(),
                score=MappingProxyType(dict(c.get("score", {}))),
                capture=MappingProxyType(
                    {key: _evidence(value) for key, value in c.get("capture", {}).items()}
                ),
                next=c.get("next"),
            )
            for c in step.get("choices", ())
        ),
        text=step["text"].strip() if "text" in step else None,
        capture=step.get("capture"),
        next=step.get("next"),
        end=Suggestion(
            end["suggest"], end.get("meeting", False), end.get("decision_maker_present", False)
        )
        if end
        else None,
    )


@dataclass(frozen=True)
class Walk:
    """Where a call stands: the steps passed along the chosen branches and the one waiting."""

    visited: tuple[str, ...]
    current: str | None  # the step waiting for an answer; None once the call reached an end
    answers: Mapping[str, Mapping[str, str]]  # the answers on this path, in order
    asked: tuple[str, ...]  # the visited steps that take an answer, including current

    @property
    def finished(self) -> bool:
        """Whether the walk reached an end step."""
        return self.current is None

    def previous(self, step_id: str) -> str | None:
        """The answered step to go back to from step_id; None at the start or off the path."""
        if step_id not in self.visited:
            return None
        before = self.visited[: self.visited.index(step_id)]
        return next((s for s in reversed(before) if s in self.asked), None)


def _answer(step: Step, raw: object) -> dict[str, str] | None:
    """The saved answer if it fits the step, else None: the step still waits."""
    if not isinstance(raw, Mapping):
        return None
    if step.choices:
        choice = step.choice(raw.get("choice"))
        return {"choice": choice.id} if choice else None
    text = raw.get("text")
    return {"text": text} if isinstance(text, str) else None


def _destination(step: Step, answer: Mapping[str, str] | None) -> str | None:
    if step.choices and answer:
        choice = step.choice(answer["choice"])
        return (choice.next if choice else None) or step.next
    return step.next


def walk(script: Script, answers: Mapping[str, Any]) -> Walk:
    """Follow the saved answers from the first step; answers off the path are ignored, not lost."""
    answers = answers if isinstance(answers, Mapping) else {}
    visited: list[str] = []
    asked: list[str] = []
    taken: dict[str, dict[str, str]] = {}
    step: Step | None = script.first
    # Validation forbids loops; the visited check only guards scripts built by hand.
    while step is not None and step.id not in visited and step.end is None:
        visited.append(step.id)
        answer = None
        if step.asks:
            asked.append(step.id)
            answer = _answer(step, answers.get(step.id))
            if answer is None:
                return Walk(tuple(visited), step.id, taken, tuple(asked))
            taken[step.id] = answer
        destination = _destination(step, answer)
        step = script.step(destination) if destination else None
    if step is not None and step.end is not None:
        visited.append(step.id)
    return Walk(tuple(visited), None, taken, tuple(asked))
