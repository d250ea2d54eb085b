"""Every live event has a payload model: publish() writes each payload through it, so a payload
that drifts from its model (a field added, dropped or of another kind) fails, never ships."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from console.contract.agents import Agent
from console.contract.calls import CallCard
from console.contract.common import Moment
from console.contract.leads import LeadCard
from console.contract.live import EVENTS, UnknownEvent, written
from console.contract.meetings import MeetingCard, Review

CONSOLE = Path(__file__).resolve().parents[2] / "console"
AT = "2026-12-03T15:00:00+00:00"
AGENT = {"id": 3, "name": "Cal", "team_id": None, "state": "paused", "reason": "lunch"}
AGENT |= {"since": AT, "warn_at": None}
LEAD = {
    "id": 7, "campaign_id": 1, "name": "Ada Byron", "first_name": "Ada", "last_name": "Byron",
    "company": "Engines", "title": "COO", "phone": "+12125550123", "email": None, "country": "US",
    "region": "NY", "timezone": "America/New_York", "zones": ["America/New_York"],
    "source": "website", "form": "demo", "intent": "need", "status": "queued", "dnc": False,
    "notes": "", "external_id": None, "attempts": 0, "touches": 1, "arrived_at": AT,
    "next_attempt_at": None, "follow_up_at": None, "callback_at": None,
}  # fmt: skip
GOOD = {
    "agent.state": {"agent": AGENT, "sentence": "Cal is paused (lunch)"},
    "lead.arrived": {"lead": LEAD, "duplicate": False},
    "lead.assigned": {"lead": LEAD, "by": "Lee Lead"},
    "queue.changed": {"campaign": "inbound", "imported": 2},
}
DRIFTED = [
    ("agent.state", {"agent": AGENT}),  # the feed's sentence dropped
    ("agent.state", {"agent": AGENT | {"mood": "sunny"}, "sentence": "Cal"}),  # a field unknown
    ("agent.state", {"agent": AGENT | {"state": "asleep"}, "sentence": "Cal"}),  # not a state
    ("lead.arrived", {"lead": LEAD}),  # duplicate dropped
    ("lead.arrived", {"lead": LEAD | {"arrived_at": "2026-12-03T15:00:00"}, "duplicate": True}),
    ("lead.assigned", {"lead": LEAD | {"status": "lost"}, "by": "Lee"}),  # not a LeadStatus
    ("queue.changed", {"lead_id": "seven"}),
    ("call.updated", {"call": {"id": 1}}),
    ("meeting.booked", {"meeting": {"id": 1}}),
    ("meeting.reviewed", {"meeting": {}, "review": {}, "action": "accept"}),
    ("outcome.recorded", {"outcome": {"id": 1, "decision": "handoff"}}),
]


@pytest.mark.parametrize(("event", "payload"), GOOD.items())
def test_a_payload_that_fits_its_model_is_written_as_given(event, payload):
    assert written(event, payload) == payload


@pytest.mark.parametrize(("event", "payload"), DRIFTED)
def test_a_payload_that_drifts_from_its_model_fails(event, payload):
    with pytest.raises(ValidationError):
        written(event, payload)


def test_an_event_without_a_model_is_an_error_naming_it():
    with pytest.raises(UnknownEvent, match="lead.vanished"):
        written("lead.vanished", {})


def test_every_event_the_services_publish_has_a_model():
    published = {
        name
        for path in CONSOLE.rglob("*.py")
        for name in re.findall(r'publish\(\s*"([a-z_.]+)"', path.read_text())
    }
    assert published and published <= set(EVENTS), published - set(EVENTS)
    assert set(EVENTS) <= published, "a model for an event nobody publishes: delete it"


@pytest.mark.parametrize(
    ("event", "field", "card"),
    [
        ("agent.state", "agent", Agent),
        ("call.updated", "call", CallCard),
        ("lead.arrived", "lead", LeadCard),
        ("lead.assigned", "lead", LeadCard),
        ("meeting.booked", "meeting", MeetingCard),
        ("meeting.reviewed", "meeting", MeetingCard),
        ("meeting.reviewed", "review", Review),
    ],
)
def test_an_event_carries_the_same_card_the_api_answers_with(event, field, card):
    assert EVENTS[event].model_fields[field].annotation is card


MOMENT = TypeAdapter(Moment)


@pytest.mark.parametrize("text", [AT, "2026-12-03T15:00:00Z", "2026-12-03T10:00:00.250-05:00"])
def test_a_moment_given_as_text_is_written_unchanged(text):
    assert MOMENT.dump_python(MOMENT.validate_python(text), mode="json") == text


def test_a_moment_given_as_a_datetime_is_written_as_iso_text():
    at = datetime(2026, 12, 3, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert MOMENT.validate_python(at) == "2026-12-03T10:00:00-05:00"
    since = AGENT | {"since": datetime(2026, 12, 3, 15, tzinfo=UTC)}
    assert written("agent.state", {"agent": since, "sentence": "Cal"}) == {
        "agent": AGENT,
        "sentence": "Cal",
    }


@pytest.mark.parametrize(
    "wrong", ["2026-12-03T15:00:00", "2026-12-03", "tomorrow", 1764774000, datetime(2026, 12, 3)]
)
def test_a_moment_without_its_offset_or_not_a_time_is_refused(wrong):
    with pytest.raises(ValidationError):
        MOMENT.validate_python(wrong)
