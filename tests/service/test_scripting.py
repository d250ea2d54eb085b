"""The script library on calls: loaded on first use, broken scripts refused, versions pinned."""

from __future__ import annotations

import re
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest
from sqlmodel import select

from console.contract.common import read
from console.contract.drafts import DraftInput
from console.errors import Conflict, Invalid
from console.models import Call, Lead
from console.script_files import PACKAGED_LIBRARY, load_library
from console.services import accounts, call_screen, handovers, queue, scripting
from console.wiring import SCRIPTS, script_library
from tests.conftest import WORKING_ZONE

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "scripts" / "broken"
PROBLEM = re.compile(r"^(?P<file>\S+):(?P<line>\d+): .+$")
INBOUND = "inbound-demo-requests"
# The `handoff` command installed beside this interpreter (the venv), as a user would run it.
HANDOFF = str(Path(sysconfig.get_path("scripts")) / "handoff")


def no_publish(*_args, **_kwargs) -> None:
    """Services publish live events; these tests do not listen."""


@pytest.fixture
def library_dir(app, tmp_path) -> Path:
    """A copy of the shipped library that a test may change; the app reads it."""
    directory = tmp_path / "scripts"
    shutil.copytree(PACKAGED_LIBRARY, directory)
    app.config["SCRIPTS_DIR"] = str(directory)
    return directory


@pytest.fixture
def held(session, users, campaign) -> Lead:
    """A need lead, callable now, claimed by the telecaller from the queue."""
    lead = Lead(
        campaign_id=campaign.id,
        first_name="Ada",
        last_name="Byrne",
        company="Northwind",
        phone="+12125550123",
        timezone=WORKING_ZONE,
        intent="need",
    )
    session.add(lead)
    session.commit()
    claim = queue.claim_next(session=session, agent=users["telecaller"], publish=no_publish)
    assert claim.lead.id == lead.id
    return lead


def new_version(directory: Path, version: int, words: str) -> None:
    """A newer version of the inbound script beside the old one, with different opening words."""
    source = (directory / f"{INBOUND}.yaml").read_text()
    newer = source.replace("version: 1", f"version: {version}").replace(
        "Hi, is this {{ lead.first_name|default('the person who asked for a demo') }}?", words
    )
    (directory / f"{INBOUND}-v{version}.yaml").write_text(newer)


def test_the_library_loads_on_first_use_with_every_shipped_script(app):
    assert SCRIPTS not in app.extensions
    shelf = script_library()
    assert {INBOUND, "webinar-followup"} <= set(shelf.ids())
    assert shelf.problems == () and script_library() is shelf  # loaded once


def test_a_broken_script_is_refused_whole_and_says_where(library_dir):
    shutil.copy(BROKEN / "bad-branch.yaml", library_dir / "bad-branch.yaml")
    shelf = script_library()
    with pytest.raises(scripting.ScriptUnavailable, match="has problems") as refused:
        shelf.latest("broken-bad-branch")
    assert len(refused.value.problems) == 1 and PROBLEM.match(refused.value.problems[0])
    assert "bad-branch.yaml:33: branches to 'timeing'" in refused.value.problems[0]
    assert shelf.versions("broken-bad-branch") == []  # never half-loaded


def test_one_broken_script_does_not_stop_the_others(library_dir):
    (library_dir / "webinar-followup.yaml").write_text("id: webinar-followup\nversion: [\n")
    shelf = script_library()
    assert shelf.latest(INBOUND).id == INBOUND
    with pytest.raises(scripting.ScriptUnavailable, match="webinar-followup"):
        shelf.latest("webinar-followup")


def test_a_campaign_whose_script_is_missing_gets_a_clear_refusal(library_dir):
    with pytest.raises(scripting.ScriptUnavailable, match="no script 'cold-outbound'"):
        script_library().latest("cold-outbound")


def test_opening_a_held_lead_prepares_one_call_with_the_script_pinned(session, users, held):
    first = call_screen.open_call(
        session=session, lead_id=held.id, agent=users["telecaller"], library=script_library()
    )
    again = call_screen.open_call(
        session=session, lead_id=held.id, agent=users["telecaller"], library=script_library()
    )
    assert first.id == again.id
    assert (first.status, first.script_id, first.script_version) == ("preparing", INBOUND, 1)
    assert first.draft == {} and len(session.exec(select(Call)).all()) == 1


def test_a_telecaller_who_does_not_hold_the_lead_is_refused(session, users, held):
    handovers.release(
        session=session, lead_id=held.id, user=users["telecaller"], publish=no_publish
    )
    with pytest.raises(Conflict, match="do not hold this lead") as refused:
        call_screen.open_call(
            session=session, lead_id=held.id, agent=users["telecaller"], library=script_library()
        )
    assert refused.value.code == "not_claimed"


def test_a_call_keeps_walking_its_version_when_a_newer_one_arrives(
    session, users, held, library_dir
):
    agent = users["telecaller"]
    call = call_screen.open_call(
        session=session, lead_id=held.id, agent=agent, library=script_library()
    )
    answers = {"answers": {"opening": {"choice": "speaking"}}}
    call_screen.save_draft(
        session=session,
        call_id=call.id,
        agent=agent,
        draft=read(DraftInput, answers),
        library=script_library(),
    )
    new_version(library_dir, 2, "Hello {{ lead.first_name }}, version two here.")
    assert script_library().latest(INBOUND).version == 2
    view = call_screen.call_view(session=session, call=call, viewer=agent, library=script_library())
    assert view["call"]["script_version"] == 1 and view["walk"]["script"]["version"] == 1
    assert view["walk"]["current"]["id"] == "permission"
    assert "version two" not in str(view)


def test_a_new_call_pins_the_newest_version(session, users, held, library_dir):
    new_version(library_dir, 3, "Hello {{ lead.first_name }}, version three here.")
    call = call_screen.open_call(
        session=session, lead_id=held.id, agent=users["telecaller"], library=script_library()
    )
    view = call_screen.call_view(
        session=session, call=call, viewer=users["telecaller"], library=script_library()
    )
    assert call.script_version == 3
    assert view["walk"]["current"]["say"] == "Hello Ada, version three here."


def test_a_version_whose_file_goes_stays_loaded_for_the_calls_using_it(
    session, users, held, library_dir
):
    call = call_screen.open_call(
        session=session, lead_id=held.id, agent=users["telecaller"], library=script_library()
    )
    new_version(library_dir, 2, "Hello {{ lead.first_name }}, version two here.")
    (library_dir / f"{INBOUND}.yaml").write_text("id: inbound-demo-requests\nversion: 1\n")
    shelf = script_library()
    assert shelf.pinned(INBOUND, 1).version == 1
    with pytest.raises(scripting.ScriptUnavailable):
        shelf.latest(INBOUND)  # a broken file stops new calls until it is fixed
    view = call_screen.call_view(
        session=session, call=call, viewer=users["telecaller"], library=script_library()
    )
    assert view["walk"]["current"]["id"] == "opening"


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        ({"answers": {"openning": {"choice": "speaking"}}}, "answers.openning"),
        ({"answers": {"opening": {"choice": "maybe"}}}, "answers.opening.choice"),
        ({"answers": {"reason": {"text": 42}}}, "answers.reason.text"),
        ({"answers": {"booked": {"choice": "x"}}}, "answers.booked"),
        ({"answers": ["opening"]}, "answers"),
        ({"notes": 7}, "notes"),
        ({"at": "budget"}, "at"),
        ({"answer": {}}, "answer"),
    ],
)
def test_an_answer_that_does_not_fit_the_pinned_script_names_its_field(draft, field):
    script = load_library().latest(INBOUND)
    with pytest.raises(Invalid) as refused:
        call_screen.checked_draft(script, read(DraftInput, draft))
    assert field in refused.value.fields


def test_going_back_keeps_the_answers_further_on():
    script = load_library().latest(INBOUND)
    answers = {"opening": {"choice": "speaking"}, "permission": {"choice": "go-ahead"}}
    asked = read(DraftInput, {"answers": answers, "at": "opening"})
    draft = call_screen.checked_draft(script, asked)
    walk = call_screen.walk_view(script, draft, scripting.variables(*_people()))
    assert walk["current"]["id"] == "opening" and walk["revisiting"]
    assert walk["current"]["answer"] == {"choice": "speaking"}
    assert [item["state"] for item in walk["trail"]] == ["current", "ahead", "ahead"]


def _people():
    from console.models import Campaign, User

    lead = Lead(campaign_id=1, first_name="Ada", company="Northwind", phone="+1")
    agent = User(email="a@b.c", name="Tess Caller", role="telecaller", password_hash="x")
    return lead, agent, Campaign(slug="c", name="Inbound", script_id=INBOUND)


def test_the_cli_passes_the_shipped_library():
    result = subprocess.run(
        [HANDOFF, "scripts", "check"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.match(r"OK: \d+ scripts, \d+ versions checked in \S+scripts_library", result.stdout)


def test_the_cli_names_file_and_line_of_each_problem_and_exits_1(app):
    result = app.test_cli_runner().invoke(args=["scripts", "check", str(BROKEN / "loop.yaml")])
    assert result.exit_code == 1
    problems = [line for line in result.stdout.splitlines() if PROBLEM.match(line)]
    assert len(problems) == 1 and problems[0].split(":")[1] == "76"
    assert "loop" in problems[0]


def test_the_next_telecaller_gets_a_fresh_call_and_the_notes_of_an_undialled_one(
    session, users, held
):
    first = users["telecaller"]
    stale = call_screen.open_call(
        session=session, lead_id=held.id, agent=first, library=script_library()
    )
    draft = {"answers": {}, "notes": "Asked to be called after <5pm>"}
    call_screen.save_draft(
        session=session,
        call_id=stale.id,
        agent=first,
        draft=read(DraftInput, draft),
        library=script_library(),
    )
    handovers.release(session=session, lead_id=held.id, user=first, publish=no_publish)
    second = accounts.create_user(
        session=session,
        email="next@example.test",
        name="Next Caller",
        role="telecaller",
        password="correct horse battery",
    )
    held.lease_owner_id = second.id  # the next telecaller took it from the queue
    session.commit()
    fresh = call_screen.open_call(
        session=session, lead_id=held.id, agent=second, library=script_library()
    )
    assert [call.id for call in session.exec(select(Call))] == [fresh.id]
    assert fresh.id != stale.id and fresh.status == "preparing"
    session.refresh(held)
    assert held.notes.endswith("Telecaller Person (not dialled): Asked to be called after <5pm>")
