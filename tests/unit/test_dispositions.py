"""Dispositions: every campaign starts with the same codes, and reports read their flags."""

import pytest

from console.domain.dispositions import (
    DEFAULT_DISPOSITIONS,
    Disposition,
    DispositionsInvalid,
    Flag,
    disposition_for,
    parse_dispositions,
    to_dicts,
)

CONTRACT_CODES = [
    "no-answer",
    "busy",
    "voicemail",
    "wrong-number",
    "gatekeeper",
    "not-interested",
    "callback",
    "nurture",
    "qualified",
    "dnc",
]


def test_every_new_campaign_gets_the_agreed_codes():
    assert [d.code for d in DEFAULT_DISPOSITIONS] == CONTRACT_CODES


@pytest.mark.parametrize("code", ["no-answer", "busy", "voicemail"])
def test_no_one_answering_is_not_a_contact(code):
    assert not disposition_for(code).flags & {Flag.CONTACTED, Flag.CONVERSATION}


def test_a_gatekeeper_is_a_conversation_but_not_with_the_lead():
    gatekeeper = disposition_for("gatekeeper")
    assert {Flag.CONTACTED, Flag.CONVERSATION, Flag.GATEKEEPER} <= gatekeeper.flags
    assert not gatekeeper.has(Flag.QUALIFIED)


@pytest.mark.parametrize("code", ["not-interested", "callback", "nurture", "qualified", "dnc"])
def test_talking_to_the_lead_counts_as_a_conversation(code):
    assert {Flag.HUMAN_ANSWERED, Flag.CONTACTED, Flag.CONVERSATION} <= disposition_for(code).flags


@pytest.mark.parametrize(
    "code, final",
    [("no-answer", False), ("gatekeeper", False), ("callback", False), ("dnc", True)],
)
def test_only_outcomes_that_end_the_cadence_are_final(code, final):
    assert disposition_for(code).final is final


def test_a_wrong_number_is_unworkable_and_never_a_contact():
    wrong = disposition_for("wrong-number")
    assert {Flag.WRONG_NUMBER, Flag.UNWORKABLE} <= wrong.flags
    assert not wrong.has(Flag.CONTACTED)


def test_an_unknown_code_names_the_codes_that_exist():
    with pytest.raises(KeyError, match="use one of no-answer, busy"):
        disposition_for("sale")


def test_the_defaults_round_trip_through_their_stored_form():
    stored = to_dicts(DEFAULT_DISPOSITIONS)
    assert stored[0] == {"code": "no-answer", "label": "No answer", "flags": [], "final": False}
    assert parse_dispositions(stored) == DEFAULT_DISPOSITIONS


def test_a_campaign_can_add_its_own_disposition():
    (demo,) = parse_dispositions(
        [
            {
                "code": "demo-booked",
                "label": " Demo booked ",
                "flags": ["human_answered", "contacted", "conversation", "qualified"],
                "final": True,
            }
        ]
    )
    assert demo == Disposition(
        "demo-booked",
        "Demo booked",
        frozenset({Flag.HUMAN_ANSWERED, Flag.CONTACTED, Flag.CONVERSATION, Flag.QUALIFIED}),
        True,
    )


@pytest.mark.parametrize(
    "item, field, words",
    [
        ({"code": "No Answer", "label": "x"}, "dispositions[0].code", "lowercase"),
        ({"code": "x", "label": " "}, "dispositions[0].label", "label the telecaller sees"),
        ({"code": "x", "label": "X", "flags": ["sale"]}, "dispositions[0].flags", "contacted"),
        ({"code": "x", "label": "X", "flags": "contacted"}, "dispositions[0].flags", "a list"),
        ({"code": "x", "label": "X", "final": "yes"}, "dispositions[0].final", "true or false"),
        ({"code": "x", "label": "X", "flags": ["qualified"]}, "dispositions[0].flags", "needs"),
        (
            {"code": "x", "label": "X", "flags": ["voicemail", "human_answered"]},
            "dispositions[0].flags",
            "voicemail cannot",
        ),
        ({"code": "x", "label": "X", "flags": ["dnc_request"]}, "dispositions[0].flags", "final"),
        ("no-answer", "dispositions[0]", "an object"),
    ],
)
def test_a_bad_stored_disposition_names_the_field_and_the_fix(item, field, words):
    with pytest.raises(DispositionsInvalid) as refused:
        parse_dispositions([item])
    assert words in refused.value.fields[field]
    assert isinstance(refused.value, ValueError)


def test_a_code_listed_twice_is_refused():
    twice = [{"code": "busy", "label": "Busy"}, {"code": "busy", "label": "Engaged"}]
    with pytest.raises(DispositionsInvalid) as refused:
        parse_dispositions(twice)
    assert refused.value.fields == {"dispositions[1].code": "busy is listed twice"}
