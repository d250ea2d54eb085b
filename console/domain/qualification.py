"""Criteria scores and evidence from a call's script answers: the live qualification meter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.domain.scripts import HIGHEST_SCORE, Script, Suggestion, walk


@dataclass(frozen=True)
class Meter:
    """What the call has found so far: a score per criterion (None: not yet known) and evidence."""

    scores: Mapping[str, int | None]
    evidence: Mapping[str, str]
    suggestion: Suggestion | None = None  # set once the walk reaches an end step

    @property
    def unknown(self) -> list[str]:
        """The criteria no answer on the path has scored yet, in the script's order."""
        return [criterion for criterion, score in self.scores.items() if score is None]

    @property
    def total(self) -> int:
        """Sum of the known scores; an unknown criterion adds nothing."""
        return sum(score for score in self.scores.values() if score is not None)

    @property
    def out_of(self) -> int:
        """The best total this script can give, 12 for the four default criteria."""
        return HIGHEST_SCORE * len(self.scores)

    @property
    def finished(self) -> bool:
        """Whether the call reached an end step of the script."""
        return self.suggestion is not None


def meter(script: Script, answers: Mapping[str, Any]) -> Meter:
    """Scores and evidence from the answers on the walked path; later answers win."""
    path = walk(script, answers)
    scores: dict[str, int | None] = dict.fromkeys(script.criteria)
    evidence: dict[str, str] = {}
    for step_id, answer in path.answers.items():
        step = script.step(step_id)
        choice = step.choice(answer.get("choice"))
        if choice is not None:
            scores.update(choice.score)
            evidence.update(choice.capture)
        elif step.capture and answer.get("text", "").strip():
            # Kept in the prospect's own words: sales reads them before accepting the handoff.
            evidence[step.capture] = answer["text"].strip()
    suggestion = script.step(path.visited[-1]).end if path.finished and path.visited else None
    return Meter(scores, evidence, suggestion)
