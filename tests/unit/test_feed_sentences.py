"""The feed's sentences: names, the state or step in words, written once on the server."""

from __future__ import annotations

import pytest

from console.domain.feed import named, outcome_sentence, review_sentence, state_sentence


@pytest.mark.parametrize(
    ("state", "reason", "said"),
    [
        ("wrap_up", None, "Sofia Alvarez is in wrap-up"),
        ("paused", "lunch", "Sofia Alvarez is paused (lunch)"),
        ("available", None, "Sofia Alvarez is available"),
        ("on_call", None, "Sofia Alvarez is on a call"),
        ("offline", None, "Sofia Alvarez is offline"),
    ],
)
def test_a_state_change_names_the_telecaller_and_the_state(state, reason, said):
    assert state_sentence("Sofia Alvarez", state, reason) == said


def test_a_booked_meeting_names_the_telecaller_the_lead_and_the_rep():
    lead = named("Riley Costa", "Orchardly Outfitters")
    assert outcome_sentence("Sofia Alvarez", lead, "Qualified", "handoff", "Rachel Kim") == (
        "Sofia Alvarez booked a meeting with Riley Costa (Orchardly Outfitters) for Rachel Kim"
    )


def test_another_outcome_says_the_disposition_and_where_the_lead_goes():
    said = outcome_sentence("Sofia Alvarez", named("Riley Costa", ""), "No answer", "retry")
    assert said == "Sofia Alvarez called Riley Costa: No answer, to be tried again"


def test_a_lead_without_a_name_is_named_by_its_company_or_said_to_have_none():
    assert named("", "Orchardly Outfitters") == "Orchardly Outfitters"
    assert named("", "") == "a lead with no name"


def test_a_review_step_names_who_took_it():
    assert review_sentence("Accepted", "Dana Ruiz") == "Meeting accepted by Dana Ruiz"


def test_a_step_taken_back_says_who_took_it_back():
    assert review_sentence("Accepted", "Dana Ruiz", undone=True) == (
        "Dana Ruiz took back: Meeting accepted."
    )
