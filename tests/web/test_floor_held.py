"""The floor's leads being worked: a team lead hands a held lead on, or back to the queue."""

from __future__ import annotations

import pytest

from console.models import Lead
from console.services import accounts, campaign_people, queue
from tests import handoffs
from tests.conftest import WORKING_ZONE, at_work, csrf_token

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours


@pytest.fixture
def held(session, campaign, users) -> Lead:
    """A lead the telecaller took from the queue; its name is something a lead typed."""
    lead = handoffs.add_lead(
        session, campaign, first_name="<b>Ada</b>", last_name="Byrne", timezone=WORKING_ZONE
    )
    assert queue.claim_next(session=session, agent=users["telecaller"], publish=handoffs.noop).lead
    return lead


@pytest.fixture
def second(session, campaign):
    caller = accounts.create_user(
        session=session, email="grace@example.test", name="Grace Hopper", role="telecaller",
        password="correct horse battery",
    )  # fmt: skip
    campaign_people.add_members(session=session, campaign=campaign, users=[caller])
    at_work(session, caller)
    return caller


def test_the_floor_lists_held_leads_escaped_with_their_holder(signed_in, held, second):
    html = signed_in("lead").get("/floor").get_data(as_text=True)
    assert "&lt;b&gt;Ada&lt;/b&gt; Byrne" in html and "<b>Ada</b>" not in html
    assert "Telecaller Person" in html
    assert f'<option value="{second.id}">Grace Hopper</option>' in html


def test_a_team_lead_hands_a_held_lead_to_another_telecaller(signed_in, session, held, second):
    client = signed_in("lead")
    token = csrf_token(client, "/floor")
    response = client.post(
        f"/floor/held/{held.id}/reassign",
        data={"csrf_token": token, "to": str(second.id)},
        follow_redirects=True,
    )
    assert "Byrne is now with Grace Hopper." in response.get_data(as_text=True)
    session.refresh(held)
    assert held.lease_owner_id == second.id


def test_a_refused_hand_over_says_why(signed_in, session, held, users):
    client = signed_in("lead")
    token = csrf_token(client, "/floor")
    html = client.post(
        f"/floor/held/{held.id}/reassign",
        data={"csrf_token": token, "to": str(users["sales"].id)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "choose an active telecaller who works this lead&#39;s campaign" in html
    session.refresh(held)
    assert held.lease_owner_id == users["telecaller"].id


def test_a_team_lead_puts_a_held_lead_back_in_the_queue(signed_in, session, held):
    client = signed_in("lead")
    token = csrf_token(client, "/floor")
    client.post(f"/floor/held/{held.id}/release", data={"csrf_token": token})
    session.refresh(held)
    assert held.lease_owner_id is None
    assert "Nobody holds a lead right now." in client.get("/floor/held").get_data(as_text=True)


def test_without_the_csrf_token_nothing_moves(signed_in, session, held, second):
    response = signed_in("lead").post(f"/floor/held/{held.id}/reassign", data={"to": second.id})
    assert response.status_code == 400
    session.refresh(held)
    assert held.lease_owner_id != second.id


@pytest.mark.parametrize("role", ["telecaller", "sales"])
def test_only_team_leads_and_admins_hand_leads_over(signed_in, session, held, second, role):
    client = signed_in(role)
    token = csrf_token(client, {"telecaller": "/queue", "sales": "/meetings"}[role])
    assert client.get("/floor/held").status_code == 403
    moves = {"reassign": {"to": str(second.id)}, "release": {}}
    for move, data in moves.items():
        response = client.post(f"/floor/held/{held.id}/{move}", data={"csrf_token": token, **data})
        assert response.status_code == 403
    session.refresh(held)
    assert held.lease_owner_id not in (None, second.id)


def test_hand_over_offers_only_telecallers_who_are_on(signed_in, session, held, second):
    accounts.set_agent_state(session=session, user=second, state="offline", publish=handoffs.noop)
    client = signed_in("lead")
    assert "Grace Hopper" not in client.get("/floor/held").get_data(as_text=True)
    token = csrf_token(client, "/floor")
    html = client.post(
        f"/floor/held/{held.id}/reassign",
        data={"csrf_token": token, "to": str(second.id)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Grace Hopper is offline, so the lead was not handed over" in html
    session.refresh(held)
    assert held.lease_owner_id != second.id
