"""PUT /me/state: a telecaller chooses available, paused or offline; calls set the rest."""

from __future__ import annotations

import pytest
from sqlmodel import select

from console.models import AgentStateEvent, User
from console.services import accounts
from tests.handoffs import Spy


@pytest.mark.parametrize("state", ["on_call", "wrap_up"])
def test_a_telecaller_cannot_put_themselves_on_a_call_or_in_wrap_up(
    client, session, users, tokens, state
):
    refused = client.put("/api/v1/me/state", json={"state": state}, headers=tokens["telecaller"])
    assert refused.status_code == 422
    error = refused.json["error"]
    assert error["code"] == "invalid" and "follows your calls" in error["message"]
    assert "choose available, paused (with a reason) or offline" in error["fields"]["state"]
    session.expire_all()
    assert session.get(User, users["telecaller"].id).state == "available"  # as it was
    assert (
        session.exec(select(AgentStateEvent).where(AgentStateEvent.state == state)).first() is None
    )


@pytest.mark.parametrize(
    ("body", "state"),
    [
        ({"state": "available"}, "available"),
        ({"state": "paused", "reason": "lunch"}, "paused"),
        ({"state": "offline"}, "offline"),
    ],
)
def test_available_paused_and_offline_are_the_telecallers_to_choose(client, tokens, body, state):
    chosen = client.put("/api/v1/me/state", json=body, headers=tokens["telecaller"])
    assert chosen.status_code == 200 and chosen.json["state"] == state


def test_the_calls_still_move_a_telecaller_on_call_and_into_wrap_up(session, users):
    agent, spy = users["telecaller"], Spy()
    for state in ("on_call", "wrap_up"):
        accounts.set_agent_state(session=session, user=agent, state=state, publish=spy)
        assert agent.state == state
    assert spy.rooms("agent.state") == {f"user:{agent.id}", "floor"}


@pytest.mark.parametrize(
    ("body", "field"),
    [({"state": "paused", "reason": "nap"}, "reason"), ({"state": "away"}, "state"),
     ({"state": "available", "mood": "fine"}, "mood")],
)  # fmt: skip
def test_a_choice_that_is_not_one_names_the_field(client, tokens, body, field):
    refused = client.put("/api/v1/me/state", json=body, headers=tokens["telecaller"])
    assert refused.status_code == 422 and field in refused.json["error"]["fields"]


def test_an_offline_telecaller_takes_no_lead_and_is_told_how_to_go_on(client, tokens):
    client.put("/api/v1/me/state", json={"state": "offline"}, headers=tokens["telecaller"])
    refused = client.post("/api/v1/queue/next", json={}, headers=tokens["telecaller"])
    assert refused.status_code == 409
    error = refused.json["error"]
    assert error["code"] == "offline" and "choose Available" in error["message"]
    client.put("/api/v1/me/state", json={"state": "available"}, headers=tokens["telecaller"])
    assert (
        client.post("/api/v1/queue/next", json={}, headers=tokens["telecaller"]).status_code == 200
    )
