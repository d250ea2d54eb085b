"""Script files: the shipped library passes, and every kind of mistake is reported at its line."""

import re
from pathlib import Path

import pytest

from console.domain.qualification import meter
from console.script_files import (
    PACKAGED_LIBRARY,
    ScriptFileError,
    check_library,
    library_directory,
    load_library,
    load_script,
)

BROKEN = Path(__file__).parent / "broken"
KINDS = [
    "unknown-key",
    "wrong-type",
    "bad-branch",
    "unreachable-step",
    "loop",
    "unscorable-criterion",
    "unknown-variable",
    "unsafe-variable",
    "template-syntax",
    "duplicate-id",
    "duplicate-key",
    "bad-score",
    "missing-role",
    "yaml-syntax",
]
PROBLEM = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<message>.+)$")


def _expected(path: Path) -> tuple[int, str]:
    """The line marked `# expect: words` in a fixture, and the words the message must hold."""
    marked = [
        (number, line.split("# expect:")[1].strip())
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "# expect:" in line
    ]
    assert len(marked) == 1, f"{path.name} must mark exactly one line"
    return marked[0]


def test_the_shipped_library_has_no_problems():
    assert check_library() == []


def test_the_library_holds_both_demo_campaign_scripts():
    library = load_library()
    assert {"inbound-demo-requests", "webinar-followup"} <= {key[0] for key in library}
    assert library.latest("webinar-followup").id == "webinar-followup"


def test_every_fixture_is_one_of_the_kinds_tested():
    assert sorted(path.stem for path in BROKEN.glob("*.yaml")) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_mistake_is_reported_once_with_its_file_and_line(kind):
    path = BROKEN / f"{kind}.yaml"
    line, words = _expected(path)
    problems = check_library(path)
    assert len(problems) == 1, problems
    found = PROBLEM.match(problems[0])
    assert found, problems[0]
    assert found["file"].endswith(f"broken/{kind}.yaml")
    assert int(found["line"]) == line
    assert words in found["message"]


@pytest.mark.parametrize("kind", ["bad-branch", "yaml-syntax", "unknown-variable"])
def test_a_broken_file_never_half_loads(kind):
    with pytest.raises(ScriptFileError) as caught:
        load_script(BROKEN / f"{kind}.yaml")
    assert all(PROBLEM.match(line) for line in str(caught.value).splitlines())
    assert str(caught.value).count(f"{kind}.yaml:") == len(caught.value.problems) == 1


def test_checking_the_broken_folder_reports_every_file():
    problems = check_library(BROKEN)
    assert {PROBLEM.match(p)["file"].rsplit("/", 1)[-1] for p in problems} == {
        f"{kind}.yaml" for kind in KINDS
    }
    with pytest.raises(ScriptFileError):
        load_library(BROKEN)


def test_the_same_id_and_version_twice_in_a_library_is_a_problem(tmp_path):
    source = (PACKAGED_LIBRARY / "webinar-followup.yaml").read_text()
    (tmp_path / "a.yaml").write_text(source)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "b.yml").write_text(source)
    problems = check_library(tmp_path)
    assert len(problems) == 1 and "version 1 is also in" in problems[0]


def test_older_versions_stay_loadable_and_latest_picks_the_highest(tmp_path):
    source = (PACKAGED_LIBRARY / "webinar-followup.yaml").read_text()
    (tmp_path / "webinar-followup.yaml").write_text(source.replace("version: 1", "version: 2"))
    (tmp_path / "webinar-followup-v1.yaml").write_text(source)
    library = load_library(tmp_path)
    assert sorted(library) == [("webinar-followup", 1), ("webinar-followup", 2)]
    assert library.latest("webinar-followup").version == 2
    with pytest.raises(KeyError, match="webinar-followup"):
        library.latest("cold-outbound")


def test_the_library_directory_comes_from_the_argument_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("HANDOFF_SCRIPTS_DIR", raising=False)
    assert library_directory() == PACKAGED_LIBRARY
    monkeypatch.setenv("HANDOFF_SCRIPTS_DIR", str(tmp_path))
    assert library_directory() == tmp_path
    assert library_directory(BROKEN) == BROKEN
    assert check_library() == [f"{tmp_path}: no script files (.yaml, .yml) here"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("- just\n- a list\n", "`key: value`"),
        ("a: 1\n---\nb: 2\n", "not valid YAML"),
    ],
)
def test_files_that_are_not_a_script_say_so(tmp_path, text, words):
    path = tmp_path / "odd.yaml"
    path.write_text(text)
    problems = check_library(path)
    assert problems and words in problems[0] and PROBLEM.match(problems[0])


def test_a_missing_path_is_reported():
    assert check_library("no/such/folder") == ["no/such/folder: no such file or directory"]


@pytest.mark.parametrize("script_id", ["inbound-demo-requests", "webinar-followup"])
def test_each_shipped_script_can_book_a_decision_maker_meeting_through_the_gatekeeper(script_id):
    script = load_library().latest(script_id)
    answers = {
        "opening": {"choice": "someone-else"},
        "gatekeeper": {"choice": "putting-through"},
        "permission": {"choice": "go-ahead"},
        "why-attended": {"choice": "specific-problem"},
        "reason": {"text": "Inbound leads wait two days for a call"},
        "pain": {"text": "Inbound leads wait two days for a call"},
        "current-approach": {"choice": "manual"},
        "impact": {"choice": "costly"},
        "authority": {"choice": "decides"},
        "timeframe": {"choice": "within-3-months"},
        "team-size": {"choice": "large"},
        "budget": {"choice": "allocated"},
        "close": {"choice": "booked-with-decision-maker"},
    }
    reading = meter(script, answers)
    assert reading.total == 12 and reading.unknown == []
    assert reading.suggestion.meeting_with_decision_maker
    assert reading.evidence["pain"] == "Inbound leads wait two days for a call"


def test_a_webinar_attendee_without_a_need_goes_to_nurture_without_a_meeting():
    answers = {
        "opening": {"choice": "speaking"},
        "permission": {"choice": "go-ahead"},
        "why-attended": {"choice": "keeping-up"},
        "priority-check": {"choice": "someday"},
        "no-need": {"choice": "keep-in-touch"},
    }
    reading = meter(load_library().latest("webinar-followup"), answers)
    assert reading.suggestion.disposition == "nurture" and not reading.suggestion.meeting_booked
    assert reading.scores["need"] == 1 and "next_step" in reading.evidence


def test_an_influencer_names_the_decision_maker_before_the_demo_is_booked():
    answers = {
        "opening": {"choice": "speaking"},
        "permission": {"choice": "go-ahead"},
        "reason": {"text": "Our reps miss callbacks"},
        "current-approach": {"choice": "other-vendor"},
        "have-vendor": {"text": "Dialer X; no callback reminders"},
        "impact": {"choice": "painful"},
        "authority": {"choice": "not-my-decision"},
        "not-decision-maker": {"choice": "will-bring"},
        "who-decides": {"text": "Priya Shah, VP Sales; can join Tuesdays"},
    }
    reading = meter(load_library().latest("inbound-demo-requests"), answers)
    assert reading.scores["authority"] == 2 and reading.evidence["decision_maker"] == "no"
    assert reading.evidence["decision_maker_role"].startswith("Priya Shah")
    assert reading.evidence["current_vendor"] == "Dialer X; no callback reminders"
    assert reading.unknown == ["timeframe", "profile"]


@pytest.mark.parametrize(
    ("say", "offset"),
    [
        ("|\n      Hello,\n      this is {{ agent.nmae }}.\n", 3),
        (">\n      Hello,\n      this is {{ agent.nmae }}.\n", 3),
        ("'Hello,\n      this is {{ agent.nmae }}.'\n", 2),
        ("Hello, this is {{ agent.nmae }}.\n", 1),
    ],
)
def test_an_unknown_variable_is_pinned_to_its_line_however_the_text_is_written(
    tmp_path, say, offset
):
    source = (BROKEN / "bad-score.yaml").read_text().replace("authority: 4", "authority: 3")
    marker = "    say: Speak then.\n"
    line = source[: source.index(marker)].count("\n") + offset
    path = tmp_path / "say.yaml"
    path.write_text(source.replace(marker, f"    say: {say}"))
    assert check_library(path) == [
        f"{path}:{line}: step 'callback': unknown variable agent.nmae (did you mean agent.name?); "
        "use agent.first_name, agent.name, campaign.name, lead.city, lead.company, "
        "lead.first_name, lead.last_name, lead.title"
    ]
