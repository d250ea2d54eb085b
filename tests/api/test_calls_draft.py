"""The call screen over HTTP: open a held lead, autosave the draft, resume it, refuse strangers."""

from __future__ import annotations

import shutil

import pytest

from console.contract.drafts import DraftInput
from console.models import Lead
from console.script_files import PACKAGED_LIBRARY
from console.services import accounts, call_screen, handovers, queue
from console.wiring import script_library
from tests.conftest import PASSWORD, WORKING_ZONE, csrf_token, sign_in
from tests.handoffs import Spy

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours

GATEKEEPER_TO_DECISION_MAKER = {
    "opening": {"choice": "someone-else"},
    "gatekeeper": {"choice": "putting-through"},
    "permission": {"choice": "go-ahead"},
    "reason": {"text": "Leads wait two days for a call back"},
}


def no_publish(*_args, **_kwargs) -> None:
    """Services publish live events; these tests do not listen."""


def add_lead(session, campaign, **fields) -> Lead:
    """A need lead in the campaign, callable now."""
    lead = Lead(
        campaign_id=campaign.id,
        first_name=fields.pop("first_name", "Ada"),
        last_name="Byrne",
        company=fields.pop("company", "Northwind"),
        phone="+12125550123",
        timezone=WORKING_ZONE,
        intent="need",
        **fields,
    )
    session.add(lead)
    session.commit()
    return lead


@pytest.fixture
def held(session, users, campaign) -> Lead:
    """A lead the telecaller took from the queue."""
    lead = add_lead(session, campaign)
    assert queue.claim_next(session=session, agent=users["telecaller"], publish=no_publish).lead
    return lead


@pytest.fixture
def caller(signed_in):
    """The telecaller's browser, signed in; `put` sends a draft with the CSRF header."""
    client = signed_in("telecaller")
    token = csrf_token(client, "/queue")

    def put(call_id: int, body: object):
        return client.put(
            f"/api/v1/calls/{call_id}/draft", json=body, headers={"X-CSRFToken": token}
        )

    client.put_draft = put
    return client


def open_screen(client, lead_id: int) -> int:
    """Open the call screen for a lead (the queue's POST); the id of the call it lands on."""
    token = csrf_token(client, "/queue")
    response = client.post(f"/calls/lead/{lead_id}", data={"csrf_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_opening_a_held_lead_lands_on_a_prepared_call(caller, held):
    call_id = open_screen(caller, held.id)
    page = caller.get(f"/calls/{call_id}")
    call = caller.get(f"/api/v1/calls/{call_id}").json
    assert page.status_code == 200 and b'id="call-controls"' in page.data
    assert b'<section id="wrap-up"' in page.data
    assert call["call"]["status"] == "preparing" and call["draft"]["answers"] == {}
    assert call["walk"]["current"]["id"] == "opening" and call["meter"]["total"] == 0
    assert open_screen(caller, held.id) == call_id  # reopening resumes the same call


def test_answers_are_saved_as_given_and_the_walk_resumes_from_them(caller, held, session):
    call_id = open_screen(caller, held.id)
    held.lease_expires_at = None  # nearly lapsed: the autosave renews it
    session.commit()
    body = {"answers": GATEKEEPER_TO_DECISION_MAKER, "notes": "Asked for Tuesday"}
    saved = caller.put_draft(call_id, body)
    assert saved.status_code == 200, saved.json
    assert saved.json["walk"]["current"]["id"] == "current-approach"
    assert saved.json["meter"]["evidence"]["pain"] == "Leads wait two days for a call back"
    session.refresh(held)
    assert held.lease_expires_at is not None
    resumed = caller.get(f"/api/v1/calls/{call_id}").json
    assert resumed["draft"] == {**body, "at": None}
    trail = [step["id"] for step in resumed["walk"]["trail"]]
    assert trail == ["opening", "gatekeeper", "permission", "reason", "current-approach"]
    page = caller.get(f"/calls/{call_id}").get_data(as_text=True)
    assert "Asked for Tuesday" in page and "how are you handling that today?" in page


def test_reaching_an_end_step_exposes_the_suggested_outcome(caller, held):
    call_id = open_screen(caller, held.id)
    answers = {"opening": {"choice": "voicemail"}}
    view = caller.put_draft(call_id, {"answers": answers}).json
    assert view["walk"]["finished"] and view["walk"]["current"]["kind"] == "end"
    assert view["meter"]["suggestion"]["disposition"] == "voicemail"
    assert view["meter"]["suggestion"]["meeting_with_decision_maker"] is False


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"no-such-step": {"choice": "speaking"}}, "answers.no-such-step"),
        ({"opening": {"choice": "perhaps"}}, "answers.opening.choice"),
    ],
)
def test_an_unknown_step_or_choice_is_refused_naming_the_field(caller, held, answers, field):
    call_id = open_screen(caller, held.id)
    refused = caller.put_draft(call_id, {"answers": answers})
    assert refused.status_code == 422
    assert field in refused.json["error"]["fields"]
    assert caller.get(f"/api/v1/calls/{call_id}").json["draft"]["answers"] == {}


def test_a_telecaller_who_does_not_hold_the_lead_is_refused(caller, held, session, users):
    call_id = open_screen(caller, held.id)
    handovers.release(session=session, lead_id=held.id, user=users["lead"], publish=no_publish)
    assert caller.put_draft(call_id, {"answers": {}}).json["error"]["code"] == "not_claimed"
    for path in (f"/calls/lead/{held.id}", f"/calls/{call_id}"):
        page = caller.get(path)
        assert page.status_code == 409
        assert b"do not hold this lead; take it from the queue" in page.data


def test_another_telecaller_cannot_read_or_change_the_call(client, caller, held, session, users):
    call_id = open_screen(caller, held.id)
    caller.post("/logout", data={"csrf_token": csrf_token(caller, "/queue")})
    other = accounts.create_user(
        session=session, email="other@example.test", name="Other Caller",
        role="telecaller", password=PASSWORD,
    )  # fmt: skip
    sign_in(client, other.email)
    assert client.get(f"/api/v1/calls/{call_id}").status_code == 403
    assert client.get(f"/calls/{call_id}").status_code == 403
    assert client.get(f"/calls/lead/{held.id}").status_code == 409


def test_team_leads_and_admins_read_the_call_but_do_not_change_it(caller, held, tokens):
    call_id = open_screen(caller, held.id)
    caller.put_draft(call_id, {"answers": {"opening": {"choice": "speaking"}}})
    for role in ("lead", "admin"):
        view = caller.get(f"/api/v1/calls/{call_id}", headers=tokens[role]).json
        assert view["walk"]["current"]["id"] == "permission" and not view["call"]["editable"]
    refused = caller.put(f"/api/v1/calls/{call_id}/draft", json={}, headers=tokens["lead"])
    assert refused.status_code == 403


def test_a_call_keeps_its_version_when_a_newer_one_is_added(app, caller, held, tmp_path):
    library = tmp_path / "library"
    shutil.copytree(PACKAGED_LIBRARY, library)
    app.config["SCRIPTS_DIR"] = str(library)
    call_id = open_screen(caller, held.id)
    source = (library / "inbound-demo-requests.yaml").read_text()
    newer = source.replace("version: 1", "version: 2").replace("- id: opening", "- id: hello")
    (library / "inbound-demo-requests-v2.yaml").write_text(newer)
    kept = caller.put_draft(call_id, {"answers": {"opening": {"choice": "speaking"}}})
    assert kept.status_code == 200 and kept.json["call"]["script_version"] == 1
    assert caller.put_draft(call_id, {"answers": {"hello": {}}}).status_code == 422


def test_a_broken_campaign_script_shows_its_problems_instead_of_crashing(
    caller, held, session, campaign
):
    campaign.script_id = "no-such-script"
    session.commit()
    page = caller.get(f"/calls/lead/{held.id}")
    assert page.status_code == 200
    assert b"The script cannot be shown" in page.data and b"no-such-script" in page.data
    assert b'id="lead-name"' in page.data


def test_lead_typed_text_is_shown_as_text_on_the_call_screen(caller, session, users, campaign):
    add_lead(session, campaign, first_name="<script>alert(1)</script>", company="{{ config }}")
    claim = queue.claim_next(session=session, agent=users["telecaller"], publish=no_publish)
    page = caller.get(f"/calls/{open_screen(caller, claim.lead.id)}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Hi, is this &lt;script&gt;alert(1)&lt;/script&gt;?" in page  # the script's words too
    assert "{{ config }}" in page and "SECRET_KEY" not in page


def test_a_campaign_script_can_be_switched_without_touching_open_calls(
    caller, held, session, campaign
):
    call_id = open_screen(caller, held.id)
    campaign.script_id = "webinar-followup"
    session.commit()
    assert caller.get(f"/api/v1/calls/{call_id}").json["call"]["script_id"] == (
        "inbound-demo-requests"
    )


def test_the_screens_autosave_answers_with_the_parts_drawn_by_the_pages_own_templates(caller, held):
    call_id = open_screen(caller, held.id)
    token = csrf_token(caller, "/queue")
    body = {"answers": GATEKEEPER_TO_DECISION_MAKER, "notes": "<script>alert(1)</script>"}
    saved = caller.put(f"/calls/{call_id}/draft", json=body, headers={"X-CSRFToken": token})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    parts = saved.json["parts"]
    assert (
        'id="step-title"' in parts["step"]
        and saved.json["walk"]["current"]["title"] in parts["step"]
    )
    assert parts["trail"].strip().startswith('<ol class="trail" id="trail">')
    assert 'data-evidence="pain"' in parts["meter"] and "Leads wait two days" in parts["meter"]
    page = caller.get(f"/calls/{call_id}").get_data(as_text=True)
    assert parts["meter"].strip() in page  # the same markup as the page's first drawing


def test_the_screens_autosave_escapes_typed_text_and_refuses_in_json(caller, held, session, users):
    call_id = open_screen(caller, held.id)
    token = csrf_token(caller, "/queue")
    typed = {**GATEKEEPER_TO_DECISION_MAKER, "reason": {"text": '<img src=x onerror="alert(1)">'}}
    saved = caller.put(
        f"/calls/{call_id}/draft", json={"answers": typed}, headers={"X-CSRFToken": token}
    )
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert "<img" not in saved.json["parts"]["meter"]
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in saved.json["parts"]["meter"]
    held.lease_owner_id = users["admin"].id  # the lead went to someone else meanwhile
    session.commit()
    refused = caller.put(
        f"/calls/{call_id}/draft", json={"answers": {}}, headers={"X-CSRFToken": token}
    )
    assert refused.status_code == 409 and refused.json["error"]["code"] == "not_claimed"
    assert caller.put(f"/calls/{call_id}/draft", json={"answers": {}}).status_code == 400  # no CSRF


def test_the_floor_hears_the_step_and_criteria_an_autosave_reached(caller, held, session, users):
    call_id = open_screen(caller, held.id)
    spy = Spy()
    call_screen.save_draft(
        session=session, call_id=call_id, agent=users["telecaller"], publish=spy,
        draft=DraftInput(answers=GATEKEEPER_TO_DECISION_MAKER), library=script_library(),
    )  # fmt: skip
    (event,) = [payload for name, payload, _ in spy.sent if name == "call.progress"]
    assert spy.rooms("call.progress") == {"floor"}
    assert event["agent"] == "Telecaller Person" and event["strip"]["call_id"] == call_id
    assert event["strip"]["step"] == "Current approach"  # the step the answers reached
    assert event["strip"]["criteria"] == []  # nothing scored yet: the strip shows none
