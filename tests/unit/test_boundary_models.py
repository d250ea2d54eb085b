"""The intake, agent-state and do-not-call models: bounds that match the columns, and refusals that
name the field in words."""

from __future__ import annotations

import pytest

from console.contract.agents import StateChoice
from console.contract.common import read
from console.contract.dnc import DncAddition
from console.contract.leads import FIELDS, RAW_LIMIT, LeadIntake
from console.errors import Invalid
from console.models import DncEntry, Lead

NORMALISED = ("phone", "country", "timezone")  # stored in another form than they arrive in


def refusal(model, data) -> Invalid:
    with pytest.raises(Invalid) as refused:
        read(model, data)
    return refused.value


def limit(model, name: str) -> int:
    rules = model.model_fields[name].metadata
    return next(rule.max_length for rule in rules if getattr(rule, "max_length", None))


@pytest.mark.parametrize("name", [name for name in FIELDS if name not in NORMALISED])
def test_each_lead_field_is_as_long_as_its_column(name):
    assert limit(LeadIntake, name) == Lead.__table__.c[name].type.length


def test_the_do_not_call_reason_is_as_long_as_its_column():
    assert limit(DncAddition, "reason") == DncEntry.__table__.c["reason"].type.length


def test_a_lead_is_trimmed_and_its_email_region_and_zone_normalised():
    lead = read(LeadIntake, {"first_name": " Ada ", "email": "Ada@X.Test", "region": "ny",
                             "timezone": "america/chicago", "notes": None})  # fmt: skip
    assert (lead.first_name, lead.email, lead.region) == ("Ada", "ada@x.test", "NY")
    assert (lead.timezone, lead.notes) == ("America/Chicago", "")


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("first_name", "A" * 81, "shorten it to 80 characters"),
        ("notes", "line\x07bell", "remove the control characters"),
        ("email", "nope", "is not an email address"),
        ("country", "USA", "two-letter ISO code"),
        ("timezone", "Mars/Olympus", "is not a time zone we know"),
        ("phone", "1" * (RAW_LIMIT + 1), f"shorten it to {RAW_LIMIT} characters"),
        ("phone", 12025550143, "give it as text, in quotes"),
        ("utm_source", "x", "not used here"),
    ],
)
def test_a_lead_field_that_cannot_be_stored_is_named_with_the_fix(field, value, words):
    refused = refusal(LeadIntake, {"first_name": "Ada", field: value})
    assert words in refused.fields[field]


def test_a_lead_with_no_name_and_no_company_is_refused_at_the_first_name():
    refused = refusal(LeadIntake, {"phone": "+12025550143", "first_name": "  "})
    assert refused.fields == {"first_name": "a lead needs a first name, last name or company"}
    assert "give a first name, last name or company" in refused.message


@pytest.mark.parametrize("state", ["on_call", "wrap_up"])
def test_a_state_the_calls_set_is_refused_with_why(state):
    refused = refusal(StateChoice, {"state": state})
    assert "follows your calls" in refused.message
    assert "choose available, paused (with a reason) or offline" in refused.fields["state"]


@pytest.mark.parametrize(
    ("choice", "field"),
    [({"state": "paused"}, "reason"), ({"state": "paused", "reason": "nap"}, "reason"),
     ({"state": "asleep"}, "state"), ({"state": 1}, "state")],
)  # fmt: skip
def test_a_bad_state_choice_names_its_field(choice, field):
    assert field in refusal(StateChoice, choice).fields


def test_a_reason_is_kept_for_a_pause_only():
    assert read(StateChoice, {"state": "paused", "reason": "lunch"}).reason == "lunch"
    assert read(StateChoice, {"state": "available", "reason": "lunch"}).reason is None


@pytest.mark.parametrize(
    ("addition", "field"),
    [({"phone": ""}, "phone"), ({"phone": "+1" * 30}, "phone"), ({"reason": "x"}, "phone"),
     ({"phone": "+12025550143", "reason": "r" * 201}, "reason"),
     ({"phone": "+12025550143", "source": "rumour"}, "source")],
)  # fmt: skip
def test_a_do_not_call_addition_names_the_field_to_fix(addition, field):
    assert field in refusal(DncAddition, addition).fields
