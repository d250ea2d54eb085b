"""The call session's rules: what comes next, the countdown, the summary, and one key per action."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.domain import call_sessions as rules
from console.domain import keys
from console.domain.call_sessions import SessionState, StepKind

NOW = datetime(2027, 3, 14, 6, 30, tzinfo=UTC)


def step(**facts):
    base = dict(
        state=SessionState.RUNNING,
        pause_reason=None,
        pending_wrap_up=None,
        live_call=None,
        held_lead=None,
        preview_started_at=None,
        countdown=5,
    )
    return rules.next_step(**{**base, **facts})


def test_work_in_progress_comes_before_a_pause_or_the_next_preview():
    assert step(live_call=7, state=SessionState.PAUSED).kind == StepKind.CALL
    assert step(pending_wrap_up=8, held_lead=3, preview_started_at=NOW).call_id == 8
    paused = step(state=SessionState.PAUSED, pause_reason="lunch", held_lead=3)
    assert paused.kind == StepKind.PAUSED and "lunch" in paused.sentence


def test_the_preview_dials_when_its_countdown_from_the_first_showing_ends():
    shown = step(held_lead=3, preview_started_at=NOW)
    assert shown.kind == StepKind.PREVIEW and shown.dial_at == NOW + timedelta(seconds=5)
    assert not rules.may_dial_now(shown.dial_at, NOW + timedelta(seconds=4))
    assert rules.may_dial_now(shown.dial_at, NOW + timedelta(seconds=4.5))
    assert rules.countdown_seconds(None) == 5 and rules.countdown_seconds(900) == 60


def test_the_summary_counts_calls_talk_conversations_meetings_and_verdicts():
    calls = [
        rules.SessionCall(NOW, NOW + timedelta(seconds=90), 60, True, "accepted"),
        rules.SessionCall(NOW, NOW + timedelta(seconds=30), 0, False, None),
        rules.SessionCall(NOW, NOW + timedelta(seconds=120), 100, True, "rejected"),
    ]
    pauses = [rules.Pause(NOW, NOW + timedelta(minutes=5), "break")]
    figures = rules.summary(calls, pauses, NOW)
    assert (figures.calls, figures.time_on_calls, figures.talk_time) == (3, 240, 160)
    assert (figures.conversations, figures.meetings_booked, figures.paused) == (2, 2, 300)
    assert figures.verdicts == {
        "accepted": 1,
        "held": 0,
        "rejected": 1,
        "cancelled": 0,
        "awaiting": 0,
    }


def test_every_disposition_has_a_key_and_no_key_means_two_things_on_a_screen():
    codes = [
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
        "left-company",
        "hostile",
    ]
    table = keys.call_screen_keys(codes)
    assert {d["code"] for d in table["dispositions"]} == set(codes)
    used = [a["key"] for a in table["actions"]] + [d["key"] for d in table["dispositions"]]
    assert keys.clashes(used) == []
    for screen in (keys.PREVIEW, keys.START):
        assert keys.clashes(k.key for k in screen) == []


def test_mute_has_a_key_only_where_it_works_browser_calling():
    def actions(mode):
        return {a["action"] for a in keys.call_screen_keys(["qualified"], mode=mode)["actions"]}

    assert "mute" in actions("browser")
    assert "mute" not in actions("bridge")  # Twilio cannot mute one leg of a <Dial>
