"""The call state machine: callbacks in any order, any number of times, give the same record."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.domain.calls import (
    CallFact,
    CallStatus,
    FactKind,
    Leg,
    RecordingConsent,
    fold,
    on_screen,
    phase,
    recording_plan,
)

T0 = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
AGENT_SID, LEAD_SID = "CA" + "a" * 32, "CA" + "b" * 32
S = CallStatus


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def agent(status: CallStatus, second: float, **more) -> CallFact:
    return CallFact(FactKind.STATUS, Leg.AGENT, status, at(second), AGENT_SID, **more)


def lead(status: CallStatus, second: float, **more) -> CallFact:
    return CallFact(FactKind.STATUS, Leg.LEAD, status, at(second), LEAD_SID, **more)


VOICE = CallFact(FactKind.VOICE, Leg.AGENT, S.IN_PROGRESS, call_sid=AGENT_SID)
AGENT_ANSWERS = [agent(S.INITIATED, 0), agent(S.RINGING, 0), agent(S.IN_PROGRESS, 6), VOICE]


def bridge_call(lead_end: CallStatus, talk: int = 0, answered_by: str | None = None) -> list:
    """Every fact of a bridge call whose lead leg ends with `lead_end` after `talk` seconds."""
    facts = [*AGENT_ANSWERS, lead(S.INITIATED, 6)]
    if lead_end is S.BUSY:
        facts.append(lead(S.BUSY, 8, duration=0))
    else:
        facts.append(lead(S.RINGING, 6))
    if talk:
        facts.append(lead(S.IN_PROGRESS, 12))
        facts.append(CallFact(FactKind.AMD, Leg.LEAD, call_sid=LEAD_SID, answered_by=answered_by))
    if lead_end is not S.BUSY:
        facts.append(lead(lead_end, 12 + talk, duration=talk, answered_by=answered_by))
    dial = CallFact(FactKind.DIAL, Leg.LEAD, lead_end, call_sid=LEAD_SID, duration=talk)
    recording = CallFact(
        FactKind.RECORDING,
        Leg.AGENT,
        recording_sid="RE1",
        recording_url="https://r/1",
        duration=talk,
    )
    return [*facts, dial, *([recording] if talk else []), agent(S.COMPLETED, 13 + talk, duration=7)]


SCENARIOS = {
    "conversation": bridge_call(S.COMPLETED, 45, "human"),
    "voicemail": bridge_call(S.COMPLETED, 40, "machine_start"),
    "no-answer": bridge_call(S.NO_ANSWER),
    "busy": bridge_call(S.BUSY),
    "failed": bridge_call(S.FAILED),
    "telecaller misses": [agent(S.INITIATED, 0), agent(S.RINGING, 0), agent(S.NO_ANSWER, 30)],
    "hung up while ringing": [*AGENT_ANSWERS, lead(S.RINGING, 6), lead(S.CANCELED, 9)],
}


@pytest.mark.parametrize(
    ("scenario", "status", "shown", "duration", "attempt"),
    [
        ("conversation", S.COMPLETED, "ended", 45, True),
        ("voicemail", S.COMPLETED, "voicemail", 40, True),
        ("no-answer", S.NO_ANSWER, "no_answer", 0, True),
        ("busy", S.BUSY, "busy", 0, True),
        ("failed", S.FAILED, "failed", 0, True),
        ("telecaller misses", S.CANCELED, "not_connected", 0, False),
        ("hung up while ringing", S.CANCELED, "canceled", 0, True),
    ],
)
def test_each_way_a_call_ends_gives_its_record(scenario, status, shown, duration, attempt):
    record = fold(SCENARIOS[scenario])
    assert (record.status, record.duration_seconds, record.is_over) == (status, duration, True)
    assert phase(record.status, record.answered_by, record.lead_dialled) == shown
    assert record.counts_as_attempt is attempt


def test_a_dial_that_never_rang_the_lead_has_no_end_to_wrap_up():
    record = fold(SCENARIOS["telecaller misses"])
    assert record.is_over and (record.ended_at, record.lead_dialled) == (None, False)


def test_a_conversation_keeps_who_answered_when_and_the_recording():
    record = fold(SCENARIOS["conversation"])
    assert (record.agent_call_sid, record.lead_call_sid) == (AGENT_SID, LEAD_SID)
    assert (record.answered_by, record.answered_at, record.ended_at) == ("human", at(12), at(57))
    assert (record.recording_sid, record.recording_seconds) == ("RE1", 45)


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ([], S.QUEUED),
        ([agent(S.INITIATED, 0)], S.INITIATED),
        ([agent(S.RINGING, 0)], S.INITIATED),
        (AGENT_ANSWERS, S.INITIATED),
        ([*AGENT_ANSWERS, lead(S.INITIATED, 6)], S.INITIATED),
        ([*AGENT_ANSWERS, lead(S.RINGING, 6)], S.RINGING),
        ([*AGENT_ANSWERS, lead(S.IN_PROGRESS, 9)], S.IN_PROGRESS),
    ],
)
def test_a_live_call_shows_the_furthest_step_its_legs_have_reported(facts, status):
    record = fold(facts)
    assert record.status == status and not record.is_over and record.duration_seconds is None


def test_a_late_ringing_never_reopens_a_finished_leg():
    assert fold([lead(S.COMPLETED, 50, duration=40), lead(S.RINGING, 6)]).status == S.COMPLETED


def test_the_telecaller_hanging_up_before_the_lead_reports_its_end_still_ends_the_call():
    talking = [*AGENT_ANSWERS, lead(S.IN_PROGRESS, 9), agent(S.COMPLETED, 30)]
    assert fold(talking).status == S.COMPLETED
    assert fold([*talking, lead(S.COMPLETED, 29, duration=20)]).duration_seconds == 20


def test_durations_come_only_from_the_completed_event():
    noisy = lead(S.IN_PROGRESS, 9, duration=999)
    assert fold([noisy, lead(S.COMPLETED, 40, duration=31)]).duration_seconds == 31


def test_machine_detection_outranks_what_the_completed_event_guessed():
    amd = CallFact(FactKind.AMD, Leg.LEAD, call_sid=LEAD_SID, answered_by="machine_end_beep")
    record = fold([amd, lead(S.COMPLETED, 40, duration=30, answered_by="unknown")])
    assert record.answered_by == "machine_end_beep"


def test_a_lost_answered_callback_is_recovered_from_the_completed_one():
    assert fold([lead(S.COMPLETED, 50, duration=20)]).answered_at == at(30)


def test_the_providers_verdict_outranks_the_apps_own_cancel():
    own = CallFact(FactKind.APP, Leg.AGENT, S.CANCELED, at(5))
    assert fold([own, agent(S.COMPLETED, 6)]).agent_status == S.COMPLETED


@pytest.mark.parametrize(
    ("records", "rule", "disclosure", "expected"),
    [
        (False, "disclose", True, (False, False, RecordingConsent.NOT_RECORDED)),
        (True, "disclose", False, (True, False, RecordingConsent.ONE_PARTY)),
        (True, "off", False, (True, False, RecordingConsent.ONE_PARTY)),
        (True, "disclose", True, (True, True, RecordingConsent.DISCLOSED)),
        (True, "off", True, (False, False, RecordingConsent.OFF_FOR_CONSENT)),
    ],
)
def test_recording_follows_the_campaign_and_the_consent_law(records, rule, disclosure, expected):
    plan = recording_plan(records, rule, disclosure)
    assert (plan.record, plan.disclose, plan.consent) == expected


@given(st.sampled_from(sorted(SCENARIOS)), st.data())
def test_any_order_and_any_repeats_of_a_calls_callbacks_give_the_same_record(name, data):
    facts = SCENARIOS[name]
    shuffled = data.draw(st.permutations(facts))
    repeats = data.draw(st.lists(st.sampled_from(facts), max_size=len(facts)))
    assert fold([*shuffled, *repeats]) == fold(facts)


facts_strategy = st.builds(
    CallFact,
    kind=st.sampled_from(FactKind),
    leg=st.sampled_from(Leg),
    status=st.none() | st.sampled_from([s for s in CallStatus if s is not S.PREPARING]),
    at=st.none() | st.integers(0, 600).map(at),
    call_sid=st.none() | st.sampled_from([AGENT_SID, LEAD_SID]),
    duration=st.none() | st.integers(0, 600),
    answered_by=st.none() | st.sampled_from(["human", "machine_start", "unknown"]),
    recording_sid=st.none() | st.sampled_from(["RE1", "RE2"]),
)


@given(st.lists(facts_strategy, max_size=12), st.randoms())
def test_the_fold_ignores_order_and_repeats_for_any_facts_whatever(facts, rng):
    shuffled = facts + facts[: len(facts) // 2]
    rng.shuffle(shuffled)
    assert fold(shuffled) == fold(facts)


@given(st.lists(facts_strategy, max_size=10), st.lists(facts_strategy, max_size=4))
def test_a_finished_call_never_becomes_live_again(facts, later):
    if fold(facts).is_over:
        assert fold([*facts, *later]).is_over


@given(facts_strategy)
def test_a_fact_survives_storage_unchanged(fact):
    assert CallFact.from_dict(fact.to_dict()) == fact


@pytest.mark.parametrize(
    ("status", "answered_by", "lead_dialled", "mode", "expected"),
    [
        ("preparing", None, False, None, ("ready", "Ready to call", False, True, False)),
        (
            "queued",
            None,
            False,
            "bridge",
            ("dialling", "Dialling: answer your phone", True, False, False),
        ),
        ("queued", None, False, "browser", ("dialling", "Dialling", True, False, False)),
        ("in-progress", "human", True, "bridge", ("connected", "Connected", True, False, True)),
        (
            "in-progress",
            "machine_start",
            True,
            "bridge",
            ("voicemail", "Voicemail", True, False, True),
        ),
        (
            "completed",
            "machine_end_beep",
            True,
            "bridge",
            ("voicemail", "Voicemail", False, False, False),
        ),
        (
            "canceled",
            None,
            False,
            "bridge",
            ("not_connected", "Not connected: the lead was not called", False, True, False),
        ),
        ("no-answer", None, True, "bridge", ("no_answer", "No answer", False, False, False)),
    ],
)
def test_the_call_screen_shows_what_the_domain_decides(
    status, answered_by, lead_dialled, mode, expected
):
    shown = on_screen(status, answered_by, lead_dialled, mode)
    assert (
        shown["phase"],
        shown["label"],
        shown["live"],
        shown["redial"],
        shown["timing"],
    ) == expected


def test_a_later_status_never_ranks_below_an_earlier_one():
    order = ["preparing", "queued", "initiated", "ringing", "in-progress", "completed"]
    ranks = [on_screen(status, None, True, "bridge")["rank"] for status in order]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
