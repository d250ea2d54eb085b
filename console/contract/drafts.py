"""What the call screen autosaves while the telecaller walks the script: PUT /calls/{id}/draft.

The shape and bounds are here; whether a step or a choice exists in the call's pinned script
version is the call screen service's to say."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from console.contract.common import Shape, text

STEP_LENGTH = 80  # step and choice ids, as the script schema allows them
ANSWER_LENGTH = 2000  # a typed answer; longer words go in the notes
NOTES_LENGTH = 4000  # the outcome's notes column


ChoiceId = text(STEP_LENGTH, min_length=1)
Words = text(ANSWER_LENGTH)


class Answer(Shape):
    """One step's answer: the choice picked, or the words typed."""

    choice: ChoiceId | None = None
    text: Words | None = None

    @model_validator(mode="after")
    def _one(self) -> Answer:
        if (self.choice is None) == (self.text is None):
            raise ValueError('an answer is {"choice": id} or {"text": words}')
        return self

    def stored(self) -> dict[str, str]:
        """The answer as the draft stores it."""
        return {"choice": self.choice} if self.choice is not None else {"text": self.text or ""}


Step = Annotated[text(STEP_LENGTH, min_length=1), Field(description="a step id of the script")]
Answers = dict[Step, Answer]


class DraftInput(Shape):
    """The answers and notes so far; `at` is a step asked earlier the telecaller went back to."""

    answers: Answers | None = None
    notes: text(NOTES_LENGTH) | None = None
    at: text(STEP_LENGTH) | None = None

    def stored_answers(self) -> dict[str, dict[str, str]]:
        """The answers as the draft stores them."""
        return {step: answer.stored() for step, answer in (self.answers or {}).items()}
