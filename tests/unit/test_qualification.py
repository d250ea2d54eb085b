"""The qualification meter: scores, evidence and the suggested outcome from a call's answers."""

import pytest

from console.domain.qualification import meter
from console.domain.scripts import Suggestion, build_script


def _choice(choice_id, next_step, **extra):
    return {"id": choice_id, "label": choice_id, "next": next_step, **extra}


def _objection(kind, next_step):
    return {"id": kind, "role": f"objection:{kind}", "say": "I hear you.", "next": next_step}


SCRIPT = build_script(
    {
        "id": "meter",
        "version": 2,
        "title": "Meter",
        "criteria": ["need", "timeframe", "authority", "profile", "budget"],
        "steps": [
            {
                "id": "opening",
                "say": "Hi {{ lead.first_name }}",
                "choices": [
                    _choice("speaking", "pain"),
                    _choice("gatekeeper", "gatekeeper"),
                    _choice("voicemail", "voicemail"),
                    _choice("no-time", "no-time"),
                ],
            },
            {"id": "pain", "say": "What hurts?", "text": "Pain", "capture": "pain"}
            | {"next": "authority"},
            {
                "id": "authority",
                "say": "Who decides?",
                "choices": [
                    _choice(
                        "me", "size", score={"authority": 3}, capture={"decision_maker": "yes"}
                    ),
                    _choice("boss", "not-decision-maker", score={"authority": 2}),
                    _choice("vendor", "have-vendor"),
                ],
            },
            {
                "id": "not-decision-maker",
                "role": "objection:not-decision-maker",
                "say": "Who then?",
                "choices": [
                    _choice(
                        "will-bring",
                        "size",
                        score={"authority": 1},
                        capture={"decision_maker": "no", "decision_maker_role": "their CFO"},
                    )
                ],
            },
            {
                "id": "size",
                "say": "How big, how soon, what budget?",
                "choices": [
                    _choice(
                        "fit",
                        "close",
                        score={"profile": 3, "timeframe": 3, "need": 3, "budget": 2},
                        capture={"team_size": "40", "timeframe": "this quarter"},
                    ),
                    _choice("poor", "close", score={"profile": 1, "need": 1}),
                ],
            },
            {
                "id": "close",
                "role": "close",
                "say": "Book it?",
                "choices": [
                    _choice("booked", "booked", capture={"next_step": "demo Tuesday"}),
                    _choice("without", "booked-alone", capture={"next_step": "demo, no DM"}),
                    _choice("send", "send-info"),
                    _choice("later", "call-later"),
                ],
            },
            {"id": "booked", "say": "Done."}
            | {"end": {"suggest": "qualified", "meeting": True, "decision_maker_present": True}},
            {
                "id": "booked-alone",
                "say": "Done.",
                "end": {"suggest": "qualified", "meeting": True},
            },
            {"id": "gatekeeper", "role": "gatekeeper", "say": "Who decides?", "text": "Who"}
            | {"capture": "decision_maker_role", "next": "gatekeeper-end"},
            {"id": "gatekeeper-end", "say": "Thanks.", "end": {"suggest": "gatekeeper"}},
            _objection("no-time", "call-later"),
            {"id": "send-info", "role": "objection:send-info", "say": "Sure."}
            | {"end": {"suggest": "callback"}},
            {"id": "have-vendor", "role": "objection:have-vendor", "say": "What's missing?"}
            | {"text": "Gap", "capture": "current_vendor", "next": "size"},
            _objection("call-later", "callback"),
            {"id": "callback", "say": "Speak then.", "end": {"suggest": "callback"}},
            {"id": "voicemail", "role": "voicemail", "say": "Hi, it's me."}
            | {"end": {"suggest": "voicemail"}},
        ],
    }
)

DECISION_MAKER = {
    "opening": {"choice": "speaking"},
    "pain": {"text": "  Leads sit for two days before anyone calls  "},
    "authority": {"choice": "me"},
    "size": {"choice": "fit"},
    "close": {"choice": "booked"},
}


def test_before_any_answer_every_criterion_is_unknown():
    reading = meter(SCRIPT, {})
    assert reading.unknown == ["need", "timeframe", "authority", "profile", "budget"]
    assert (reading.total, reading.out_of, reading.evidence) == (0, 15, {})
    assert reading.suggestion is None and not reading.finished


def test_a_decision_maker_who_books_scores_every_criterion_and_suggests_qualified():
    reading = meter(SCRIPT, DECISION_MAKER)
    assert reading.scores == {"need": 3, "timeframe": 3, "authority": 3, "profile": 3, "budget": 2}
    assert reading.total == 14 and reading.unknown == []
    assert reading.suggestion == Suggestion("qualified", True, True)
    assert reading.suggestion.meeting_with_decision_maker


def test_free_text_is_kept_as_evidence_in_the_prospects_own_words():
    evidence = meter(SCRIPT, DECISION_MAKER).evidence
    assert evidence["pain"] == "Leads sit for two days before anyone calls"
    assert evidence["decision_maker"] == "yes" and evidence["next_step"] == "demo Tuesday"


def test_a_blank_free_text_answer_moves_on_without_evidence():
    reading = meter(SCRIPT, DECISION_MAKER | {"pain": {"text": "   "}})
    assert "pain" not in reading.evidence and reading.finished


def test_the_later_answer_on_the_path_wins_a_criterion_both_score():
    answers = DECISION_MAKER | {
        "authority": {"choice": "boss"},
        "not-decision-maker": {"choice": "will-bring"},
    }
    reading = meter(SCRIPT, answers)
    assert reading.scores["authority"] == 1
    assert reading.evidence["decision_maker_role"] == "their CFO"


def test_answers_left_behind_after_going_back_do_not_count():
    answers = DECISION_MAKER | {"size": {"choice": "poor"}, "close": {"choice": "send"}}
    answers["not-decision-maker"] = {"choice": "will-bring"}  # off the path: authority says "me"
    reading = meter(SCRIPT, answers)
    assert reading.scores["authority"] == 3 and "decision_maker_role" not in reading.evidence
    assert reading.scores["need"] == 1 and reading.suggestion == Suggestion("callback")


@pytest.mark.parametrize(
    ("answers", "suggestion"),
    [
        ({"opening": {"choice": "voicemail"}}, Suggestion("voicemail")),
        (DECISION_MAKER | {"close": {"choice": "without"}}, Suggestion("qualified", True, False)),
        (
            {"opening": {"choice": "gatekeeper"}, "gatekeeper": {"text": "Ana, COO"}},
            Suggestion("gatekeeper"),
        ),
        ({"opening": {"choice": "speaking"}}, None),
    ],
)
def test_the_end_step_reached_suggests_the_outcome(answers, suggestion):
    assert meter(SCRIPT, answers).suggestion == suggestion


def test_a_meeting_without_the_decision_maker_is_not_a_decision_level_meeting():
    reading = meter(SCRIPT, DECISION_MAKER | {"close": {"choice": "without"}})
    assert reading.suggestion.meeting_booked and not reading.suggestion.meeting_with_decision_maker


def test_the_gatekeeper_names_the_decision_maker_as_evidence_without_scoring_the_lead():
    reading = meter(
        SCRIPT, {"opening": {"choice": "gatekeeper"}, "gatekeeper": {"text": "Ana, COO"}}
    )
    assert reading.evidence == {"decision_maker_role": "Ana, COO"}
    assert reading.total == 0
