"""The campaign and handoff-rule forms as their boundary models read them: every wrong field is
named in the words shown beside it, and what passes is stored as the campaign keeps it."""

import pytest

from console.contract.campaigns import NAME_LENGTH, CampaignSettings, NewCampaign
from console.contract.common import read
from console.contract.rules import FollowUpDays, HandoffRuleForm
from console.domain.criteria import CRITERIA_NAMES
from console.domain.handoff import FOLLOW_UP_LABELS, HandoffRule
from console.errors import Invalid

CHOICES = {"script_ids": ["inbound-demo-requests"], "people": [3, 4]}
SETTINGS = {
    "name": " Inbound ",
    "script_id": "inbound-demo-requests",
    "default_country": "gb",
    "speed_to_lead_minutes": "30",
    "callback_grace_minutes": "0",
    "cadence": "5m, 2h, 1d",
    "recording": "on",
    "calling_window": {"start": "09:00", "end": "18:00", "days": ["4", "0", "0"]},
    "intent_map": {"need": "Demo, pricing", "interest": "ebook", "other": "need"},
    "members": ["4", "3"],
}


def problems(model, values, context=CHOICES) -> dict[str, str]:
    with pytest.raises(Invalid) as refused:
        read(model, values, context=context)
    return refused.value.fields


def test_good_settings_are_stored_as_the_campaign_keeps_them():
    settings = read(CampaignSettings, SETTINGS, context=CHOICES)
    stored = settings.stored()
    assert stored["name"] == "Inbound" and stored["default_country"] == "GB"
    assert stored["cadence"] == "5m,2h,1d" and stored["recording"] is True
    assert stored["call_interest"] is False
    assert stored["calling_window"] == {"start": "09:00", "end": "18:00", "days": [0, 4]}
    assert stored["intent_map"] == {
        "demo": "need",
        "pricing": "need",
        "ebook": "interest",
        "*": "need",
    }
    assert settings.members == [3, 4]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "x" * (NAME_LENGTH + 1)}, "name", "name of 1 to 120 characters"),
        ({"script_id": "nope"}, "script_id", "choose a script from the library"),
        ({"default_country": "XX"}, "default_country", "two-letter country code"),
        ({"speed_to_lead_minutes": "1.5"}, "speed_to_lead_minutes", "from 1 to 1440"),
        ({"callback_grace_minutes": "1441"}, "callback_grace_minutes", "from 0 to 1440"),
        ({"cadence": "soon"}, "cadence", '"soon" is not a delay'),
        ({"consent_states_recording": "maybe"}, "consent_states_recording", "disclose or off"),
        ({"members": ["9"]}, "members", "no telecaller or sales rep with id 9"),
        ({"members": ["nine"]}, "members", "tick people from the list"),
        ({"intent_map": {"other": "maybe"}}, "intent_map.other", "choose need or interest"),
        ({"intent_map": {"need": "<x>"}}, "intent_map.need", '"<x>" is not a form name'),
        (
            {"calling_window": {"start": "7", "end": "18:00", "days": ["1"]}},
            "calling_window.start",
            "HH:MM",
        ),
        (
            {"calling_window": {"start": "09:00", "end": "18:00", "days": ["7"]}},
            "calling_window.days",
            "tick at least one day",
        ),
        (
            {"calling_window": {"start": "12:00", "end": "11:00", "days": ["1"]}},
            "calling_window.end",
            "start 12:00 must be before end",
        ),
    ],
)
def test_each_wrong_setting_is_named_beside_its_field(changes, field, words):
    assert words in problems(CampaignSettings, {**SETTINGS, **changes})[field]


def test_a_form_listed_as_both_need_and_interest_is_named_once():
    intents = {"need": "demo, webinar", "interest": "webinar, <ebook>"}
    told = problems(CampaignSettings, {**SETTINGS, "intent_map": intents})
    assert told == {
        "intent_map.interest": '"webinar" is listed as both need and interest: pick one'
    }


def test_a_new_campaigns_slug_is_lowercase_words_and_dashes():
    told = problems(NewCampaign, {"name": "Spring", "slug": "Spring Sale!", "script_id": "x"})
    assert set(told) == {"slug", "script_id"}
    assert (
        read(NewCampaign, {"name": "Spring", "slug": "spring-sale", "script_id": "x"}).slug
        == "spring-sale"
    )


def test_the_rule_form_takes_its_keys_from_the_domain():
    assert set(FollowUpDays.model_fields) == {"timeframe", *FOLLOW_UP_LABELS}
    minimums = {name: "2" for name in CRITERIA_NAMES}
    rule = read(HandoffRuleForm, {"threshold": "9", "minimums": minimums})
    assert HandoffRule.from_dict(rule.stored()).threshold == 9


def test_a_follow_up_is_within_the_next_year_so_no_date_overflows():
    refused = problems(
        HandoffRuleForm, {"threshold": "8", "follow_up_days": {"interest": "3000000"}}, context=None
    )
    assert "from 1 to 366" in refused["follow_up_days.interest"]


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"threshold": "20"}, "threshold", "use 4 to 12"),
        ({"threshold": "8", "minimums": {"need": "4"}}, "minimums.need", "1, 2 or 3"),
        (
            {"threshold": "8", "follow_up_days": {"interest": "0"}},
            "follow_up_days.interest",
            "from 1 to 366",
        ),
        (
            {"threshold": "8", "follow_up_days": {"timeframe": {"2": "x"}}},
            "follow_up_days.timeframe.2",
            "from 1 to 366",
        ),
    ],
)
def test_each_wrong_rule_field_is_named_beside_it(values, field, words):
    assert words in problems(HandoffRuleForm, values, context=None)[field]


def test_a_blank_rule_form_leaves_the_defaults_and_unticked_boxes_off():
    stored = read(HandoffRuleForm, {"threshold": "8"}).stored()
    assert stored["requires"] == {"meeting": False, "decision_maker_present": False}
    assert (
        HandoffRule.from_dict(stored).interest_follow_up_days
        == HandoffRule().interest_follow_up_days
    )
