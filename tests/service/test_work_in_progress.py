"""Work in progress keeps its lead: a lease that lapses on the call or in wrap-up still holds, an
outcome moves its lead only while nobody else holds it, and lapsed leases with no work on them
go back to the queue. On SQLite and on PostgreSQL (the claim statement differs between them).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from console.domain.roles import AgentState
from console.errors import Conflict
from console.models import Call, Lead, Outcome
from console.services import handovers, outcomes, queue
from console.wiring import script_library
from tests.handoffs import Spy, noop, outcome

NOW = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # a Wednesday: 11:00 in New York
LAPSED = NOW + queue.LEASE + timedelta(minutes=5)  # the first claim's lease ran out by then
SIDS = itertools.count(1)


@pytest.fixture
def app(app_on_both):
    """The app on each database the queue runs on."""
    return app_on_both


@pytest.fixture
def lead(session, campaign) -> Lead:
    made = Lead(
        campaign_id=campaign.id,
        phone="+12125550142",
        first_name="Ada",
        timezone="America/New_York",
        country="US",
        region="NY",
        intent="need",
        arrived_at=NOW - timedelta(minutes=5),
    )
    session.add(made)
    session.commit()
    return made


def claim(session, agent, now):
    return queue.claim_next(session=session, agent=agent, publish=noop, now=now)


def on_the_call(session, lead, agent, at=NOW) -> Call:
    """The agent's dialled call on the lead, talking, as its callbacks leave it."""
    n = next(SIDS)
    call = Call(
        lead_id=lead.id,
        agent_id=agent.id,
        campaign_id=lead.campaign_id,
        mode="bridge",
        status="in-progress",
        twilio_sid=f"CA{n:032x}",
        lead_call_sid=f"CA{n + 1000:032x}",
        started_at=at,
        answered_at=at + timedelta(seconds=8),
        script_id="inbound-demo-requests",
        script_version=1,
        draft={"answers": {}, "notes": ""},
    )
    session.add(call)
    lead.attempts += 1  # the dial counted it
    session.commit()
    return call


def hang_up(session, call, at) -> None:
    """The call ends: it now awaits its outcome."""
    call.status, call.ended_at, call.duration_seconds = "completed", at, 300
    session.commit()


def record(session, call, agent, disposition, now):
    return outcomes.record_outcome(
        session=session,
        call_id=call.id,
        agent=agent,
        outcome=outcome({"disposition": disposition}),
        publish=Spy(),
        library=script_library(),
        now=now,
    )


def test_a_lease_that_lapses_on_the_call_and_in_wrap_up_keeps_the_lead(session, lead, callers):
    first, second = callers
    assert claim(session, first, NOW).lead.id == lead.id
    call = on_the_call(session, lead, first, NOW + timedelta(minutes=1))
    on_call = claim(session, second, LAPSED)
    assert on_call.lead is None and on_call.why == {"claimed": 1}
    hang_up(session, call, LAPSED)
    wrapping = claim(session, second, LAPSED + timedelta(minutes=30))
    assert wrapping.lead is None and wrapping.why == {"claimed": 1}
    assert queue.release_lapsed_leases(session=session, publish=noop, now=LAPSED) == 0

    recorded = record(session, call, first, "nurture", LAPSED + timedelta(minutes=31))
    assert recorded.to_dict()["lead_moved"] and recorded.notice is None
    session.refresh(lead)
    assert (lead.status, lead.lease_owner_id) == ("nurture", None)


def test_an_outcome_leaves_a_lead_another_telecaller_holds_now(session, lead, callers, users):
    first, second = callers
    claim(session, first, NOW)
    call = on_the_call(session, lead, first)
    hang_up(session, call, NOW + timedelta(minutes=5))
    handovers.reassign(  # the team lead hands it on while the first is in wrap-up
        session=session,
        lead_id=lead.id,
        to_user_id=second.id,
        by=users["lead"],
        publish=noop,
        now=LAPSED,
    )
    on_the_call(session, lead, second, LAPSED + timedelta(minutes=1))
    first.state = AgentState.WRAP_UP
    session.commit()

    recorded = record(session, call, first, "nurture", LAPSED + timedelta(minutes=2))
    answer = recorded.to_dict()
    assert not answer["lead_moved"] and answer["lead"]["status"] == "queued"
    assert answer["notice"] == (
        "Your outcome is saved for this call, but the lead was not moved: another telecaller "
        "holds it now. Tell your team lead if it should change."
    )
    session.refresh(lead)
    assert (lead.status, lead.lease_owner_id, lead.follow_up_at) == ("queued", second.id, None)
    saved = session.exec(select(Outcome).where(Outcome.call_id == call.id)).one()
    assert saved.decision == "nurture", "the outcome is kept for the call"
    assert first.state == AgentState.AVAILABLE, "the first telecaller is free for the next lead"


def test_an_outcome_leaves_a_lead_a_later_call_has_moved_on(session, lead, callers, users):
    first, second = callers
    claim(session, first, NOW)
    early = on_the_call(session, lead, first)
    hang_up(session, early, NOW + timedelta(minutes=5))
    handovers.reassign(
        session=session,
        lead_id=lead.id,
        to_user_id=second.id,
        by=users["lead"],
        publish=noop,
        now=LAPSED,
    )
    later = on_the_call(session, lead, second, LAPSED)
    hang_up(session, later, LAPSED + timedelta(minutes=3))
    record(session, later, second, "no-answer", LAPSED + timedelta(minutes=4))  # a retry

    kept = record(session, early, first, "nurture", LAPSED + timedelta(minutes=5))
    assert "another call's outcome has moved it since your call began" in kept.notice
    session.refresh(lead)
    assert lead.status == "queued" and lead.next_attempt_at is not None, "the retry stands"


def test_a_do_not_call_request_is_honoured_whoever_holds_the_lead(session, lead, callers, users):
    first, second = callers
    claim(session, first, NOW)
    call = on_the_call(session, lead, first)
    hang_up(session, call, NOW + timedelta(minutes=5))
    handovers.reassign(
        session=session,
        lead_id=lead.id,
        to_user_id=second.id,
        by=users["lead"],
        publish=noop,
        now=LAPSED,
    )
    recorded = record(session, call, first, "dnc", LAPSED + timedelta(minutes=1))
    assert recorded.notice is None
    session.refresh(lead)
    assert lead.dnc and lead.status == "dnc"


def test_lapsed_leases_with_no_work_in_progress_go_back_to_the_queue(
    session, campaign, lead, callers
):
    first, second = callers
    claim(session, first, NOW)
    prepared = Call(
        lead_id=lead.id,
        agent_id=first.id,
        campaign_id=campaign.id,
        status="preparing",
        started_at=NOW,
        draft={"notes": "Asked for Tuesday mornings."},
    )
    session.add(prepared)
    wrapping = Lead(**{**lead.model_dump(exclude={"id"}), "phone": "+12125550143"})
    live = Lead(**{**lead.model_dump(exclude={"id"}), "phone": "+12125550144"})
    fresh = Lead(**{**lead.model_dump(exclude={"id"}), "phone": "+12125550145"})
    session.add_all([wrapping, live, fresh])
    session.commit()
    wrapping.lease_owner_id = live.lease_owner_id = second.id
    wrapping.lease_expires_at = live.lease_expires_at = NOW
    fresh.lease_owner_id, fresh.lease_expires_at = second.id, LAPSED + queue.LEASE
    session.commit()
    hang_up(session, on_the_call(session, wrapping, second), NOW)
    on_the_call(session, live, second)

    spy = Spy()
    assert queue.release_lapsed_leases(session=session, publish=spy, now=LAPSED) == 1
    session.refresh(lead)
    assert (lead.lease_owner_id, lead.lease_expires_at) == (None, None)
    assert session.get(Call, prepared.id) is None, "the call that was never dialled went"
    assert "(not dialled): Asked for Tuesday mornings." in lead.notes
    for held in (wrapping, live, fresh):
        session.refresh(held)
        assert held.lease_owner_id == second.id
    assert spy.rooms("queue.changed") == {f"campaign:{campaign.id}"}
    assert claim(session, first, LAPSED).lead.id == lead.id, "the others are held still"


@pytest.mark.parametrize("disposition", ["not-interested", "dnc"])
def test_an_outcome_leaves_a_lead_erased_during_the_wrap_up_closed(
    session, lead, callers, disposition
):
    first, _second = callers
    claim(session, first, NOW)
    call = on_the_call(session, lead, first)
    hang_up(session, call, NOW + timedelta(minutes=5))
    # Retention erased the lead while the wrap-up waited (it does not wait for abandoned ones).
    lead.erased_at, lead.status, lead.phone = (
        NOW + timedelta(minutes=6),
        "closed",
        f"erased-{lead.id}",
    )
    session.commit()
    recorded = record(session, call, first, disposition, NOW + timedelta(minutes=7))
    assert "erased" in recorded.notice
    session.refresh(lead)
    assert (lead.status, lead.dnc) == ("closed", False)


def test_a_lead_with_a_call_live_or_awaiting_its_outcome_cannot_be_released(
    session, lead, callers, users
):
    # A dial whose answer was lost (the app died) must not let the client give the lead back
    # while the call goes on: the next telecaller would dial the same person.
    first, second = callers
    claim(session, first, NOW)
    call = on_the_call(session, lead, first)
    for releaser in (first, users["lead"]):
        with pytest.raises(Conflict, match="live or waiting for its outcome") as refused:
            handovers.release(session=session, lead_id=lead.id, user=releaser, publish=noop)
        assert refused.value.code == "work_in_progress"
    assert claim(session, second, NOW + timedelta(minutes=1)).lead is None
    hang_up(session, call, NOW + timedelta(minutes=5))
    with pytest.raises(Conflict):
        handovers.release(session=session, lead_id=lead.id, user=first, publish=noop)
    record(session, call, first, "no-answer", NOW + timedelta(minutes=6))
    session.refresh(lead)
    assert lead.lease_owner_id is None
