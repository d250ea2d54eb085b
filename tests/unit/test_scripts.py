"""Script validation and the walk along a call's answers, on plain documents."""

import ast
import copy
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.domain.script_schema import validate
from console.domain.scripts import (
    DEFAULT_CRITERIA,
    REQUIRED_ROLES,
    Problem,
    ScriptInvalid,
    build_script,
    walk,
)


def _choice(choice_id, next_step=None, **extra):
    return {"id": choice_id, "label": choice_id.replace("-", " "), **extra} | (
        {"next": next_step} if next_step else {}
    )


def _end(step_id, suggest, **flags):
    return {"id": step_id, "say": "Thanks.", "end": {"suggest": suggest, **flags}}


def _doc():
    """The smallest script with everything a script must have."""
    steps = [
        {
            "id": "opening",
            "say": "Hi, is this {{ lead.first_name }}?",
            "choices": [
                _choice("speaking", "pain"),
                _choice("someone-else", "gatekeeper"),
                _choice("voicemail", "voicemail"),
                _choice("busy", "no-time"),
            ],
        },
        {"id": "pain", "say": "What made you reach out?", "text": "Pain", "capture": "pain"}
        | {"next": "authority"},
        {
            "id": "authority",
            "say": "Who decides?",
            "choices": [
                _choice(
                    "decides", "timing", score={"authority": 3}, capture={"decision_maker": "yes"}
                ),
                _choice(
                    "recommends", "timing", score={"authority": 2}, capture={"decision_maker": "no"}
                ),
                _choice("not-mine", "not-decision-maker"),
                _choice("vendor", "have-vendor"),
            ],
        },
        {
            "id": "timing",
            "say": "When, and how big is the team?",
            "choices": [
                _choice("soon", score={"timeframe": 3, "profile": 3, "need": 3}),
                _choice("later", score={"timeframe": 1, "need": 2}),
            ],
            "next": "bridge",
        },
        {"id": "bridge", "say": "That helps.", "next": "close"},
        {
            "id": "close",
            "role": "close",
            "say": "Shall we book a demo?",
            "choices": [
                _choice("booked", "booked", capture={"next_step": "demo booked"}),
                _choice("send-info", "send-info"),
                _choice("later", "call-later"),
            ],
        },
        _end("booked", "qualified", meeting=True, decision_maker_present=True),
        {"id": "gatekeeper", "role": "gatekeeper", "say": "Is {{ lead.first_name }} in?"}
        | {"choices": [_choice("transfer", "opening-again"), _choice("out", "gatekeeper-end")]},
        {"id": "opening-again", "say": "Hi!", "next": "pain"},
        _end("gatekeeper-end", "gatekeeper"),
        {"id": "no-time", "role": "objection:no-time", "say": "Later?", "next": "call-later"},
        _end("send-info", "callback") | {"role": "objection:send-info"},
        {"id": "have-vendor", "role": "objection:have-vendor", "say": "What's missing?"}
        | {"text": "Gap", "capture": "current_vendor", "next": "timing"},
        {"id": "not-decision-maker", "role": "objection:not-decision-maker", "say": "Who?"}
        | {"text": "Who", "capture": "decision_maker_role", "next": "timing"},
        {"id": "call-later", "role": "objection:call-later", "say": "When?"}
        | {"text": "When", "capture": "callback_when", "next": "callback"},
        _end("callback", "callback"),
        _end("voicemail", "voicemail") | {"role": "voicemail"},
    ]
    return {"id": "tiny", "version": 1, "title": "Tiny", "steps": steps}


def _step(doc, step_id):
    return next(step for step in doc["steps"] if step["id"] == step_id)


SCRIPT = build_script(_doc())


def test_a_complete_script_has_no_problems():
    assert validate(_doc()) == []


def test_a_built_script_starts_at_its_first_step_and_scores_the_default_criteria():
    assert SCRIPT.first.id == "opening"
    assert SCRIPT.criteria == DEFAULT_CRITERIA
    assert SCRIPT.step("booked").end.meeting_with_decision_maker


def _break(change):
    doc = copy.deepcopy(_doc())
    change(doc)
    return validate(doc)


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (lambda d: _step(d, "pain").update(colour="red"), ("steps", 1, "colour"), "unknown key"),
        (lambda d: d.update(version="2"), ("version",), "whole number"),
        (lambda d: d.update(version=True), ("version",), "whole number"),
        (lambda d: _step(d, "bridge").update(next="clsoe"), ("steps", 4, "next"), "not a step"),
        (lambda d: _step(d, "bridge").update(next="opening"), ("steps", 4, "next"), "loop"),
        (lambda d: d["steps"].append(_end("orphan", "nurture")), ("steps", 17), "never be reached"),
        (lambda d: d.update(criteria=["need", "budget"]), ("criteria", 1), "never scored"),
        (lambda d: _step(d, "timing")["choices"][0]["score"].update(need=4), None, "1, 2 or 3"),
        (lambda d: _step(d, "timing")["choices"][0]["score"].update(need=0), None, "1, 2 or 3"),
        (lambda d: _step(d, "timing")["choices"][0]["score"].update(budget=2), None, "criteria"),
        (lambda d: _step(d, "bridge").update(id="pain"), ("steps", 4, "id"), "already used"),
        (lambda d: _step(d, "voicemail").pop("role"), ("steps",), "role: voicemail"),
        (lambda d: _step(d, "close").pop("role"), ("steps",), "role: close"),
        (lambda d: _step(d, "pain").pop("capture"), ("steps",), "captures `pain`"),
        (lambda d: _step(d, "pain").update(capture="pian"), ("steps", 1, "capture"), "pain"),
        (lambda d: _step(d, "booked")["end"].pop("decision_maker_present"), ("steps",), "meeting"),
        (lambda d: _step(d, "pain").update(choices=[]), ("steps", 1, "choices"), "both"),
        (lambda d: _step(d, "bridge").pop("next"), ("steps", 4), "needs"),
        (lambda d: _step(d, "opening")["choices"][0].update(id=True), None, "quotes"),
        (lambda d: _step(d, "opening")["choices"][1].update(id="speaking"), None, "two choices"),
        (
            lambda d: _step(d, "opening")["choices"][0].update(label="Hi {{ lead.company }}"),
            None,
            "only work in `say`",
        ),
        (lambda d: _step(d, "pain").update(role="detective"), ("steps", 1, "role"), "unknown role"),
        (lambda d: _step(d, "voicemail").update(role="voicemail", end=None), None, "voicemail"),
    ],
)
def test_each_broken_part_is_reported_at_its_path(change, path, words):
    problems = _break(change)
    assert any(words in p.message for p in problems), problems
    if path is not None:
        assert path in [p.path for p in problems], problems


def test_build_script_refuses_a_broken_document_with_every_problem():
    doc = _doc()
    doc["steps"][2]["choices"][1]["next"] = "nowhere"
    doc["colour"] = "blue"
    with pytest.raises(ScriptInvalid) as caught:
        build_script(doc)
    paths = {p.path for p in caught.value.problems}
    assert paths == {("steps", 2, "choices", 1, "next"), ("colour",)}


def test_every_required_role_is_named_when_a_script_has_none():
    doc = _doc()
    for step in doc["steps"]:
        step.pop("role", None)
    messages = " ".join(p.message for p in validate(doc))
    assert all(f"role: {role}`" in messages for role in REQUIRED_ROLES)


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(json_like)
def test_validation_never_crashes_on_whatever_a_file_holds(doc):
    assert all(isinstance(problem, Problem) for problem in validate(doc))


@given(st.dictionaries(st.sampled_from(["id", "say", "choices", "next", "end", "text"]), json_like))
def test_validation_never_crashes_on_odd_steps(step):
    doc = _doc()
    doc["steps"].insert(1, step)
    assert isinstance(validate(doc), list)


def test_an_unanswered_call_waits_at_the_first_step():
    path = walk(SCRIPT, {})
    assert (path.visited, path.current, path.finished) == (("opening",), "opening", False)


def test_a_choice_branches_and_a_free_text_answer_moves_on():
    path = walk(SCRIPT, {"opening": {"choice": "speaking"}, "pain": {"text": "Leads go cold"}})
    assert path.visited == ("opening", "pain", "authority")
    assert path.current == "authority"


def test_steps_without_an_answer_are_passed_through_to_the_next_question():
    answers = {
        "opening": {"choice": "speaking"},
        "pain": {"text": "x"},
        "authority": {"choice": "decides"},
        "timing": {"choice": "soon"},
    }
    path = walk(SCRIPT, answers)
    assert path.visited[-3:] == ("timing", "bridge", "close")
    assert path.current == "close"


def test_the_gatekeeper_path_reaches_the_decision_maker():
    answers = {
        "opening": {"choice": "someone-else"},
        "gatekeeper": {"choice": "transfer"},
        "pain": {"text": "Our reps waste mornings"},
        "authority": {"choice": "decides"},
    }
    path = walk(SCRIPT, answers)
    assert path.visited == ("opening", "gatekeeper", "opening-again", "pain", "authority", "timing")


def test_reaching_an_end_step_finishes_the_walk():
    path = walk(SCRIPT, {"opening": {"choice": "voicemail"}})
    assert path.visited == ("opening", "voicemail")
    assert path.finished and path.current is None


@pytest.mark.parametrize(
    ("step_id", "back_to"),
    [
        ("authority", "pain"),
        ("pain", "opening"),
        ("opening", None),
        ("close", "timing"),
        ("booked", None),
    ],
)
def test_going_back_skips_steps_that_take_no_answer(step_id, back_to):
    answers = {
        "opening": {"choice": "speaking"},
        "pain": {"text": "x"},
        "authority": {"choice": "decides"},
        "timing": {"choice": "soon"},
    }
    assert walk(SCRIPT, answers).previous(step_id) == back_to


def test_answers_off_the_path_are_ignored_but_kept_for_when_the_call_returns():
    answers = {
        "opening": {"choice": "speaking"},
        "pain": {"text": "x"},
        "authority": {"choice": "decides"},
    }
    answers["opening"] = {"choice": "someone-else"}
    detour = walk(SCRIPT, answers)
    assert detour.visited == ("opening", "gatekeeper") and "pain" not in detour.answers
    assert answers["pain"] == {"text": "x"}
    answers["opening"] = {"choice": "speaking"}
    assert walk(SCRIPT, answers).current == "timing"


@pytest.mark.parametrize(
    "answer",
    [
        {"choice": "no-such-choice"},
        {"text": "speaking"},
        "speaking",
        None,
        {"choice": ["speaking"]},
    ],
)
def test_an_answer_that_does_not_fit_the_step_leaves_it_waiting(answer):
    assert walk(SCRIPT, {"opening": answer}).current == "opening"


def test_the_domain_imports_only_the_standard_library():
    for module in ("scripts.py", "qualification.py"):
        source = (Path(__file__).parents[2] / "console" / "domain" / module).read_text()
        imported = {
            (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert imported <= set(sys.stdlib_module_names) | {"__future__", "console"}
