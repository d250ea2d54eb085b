"""Opening the call screen: reading it writes nothing; the queue's button POSTs to open the call."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from console.models import Call, Lead
from console.services import queue
from tests.conftest import csrf_token
from tests.handoffs import Spy, add_lead


@pytest.fixture
def held(clock, session, campaign, users) -> Lead:
    """A lead the telecaller took from the queue on a weekday morning in New York (time stands
    still until a test moves it)."""
    clock.set(clock.working_hours(), frozen=True)
    lead = add_lead(session, campaign)
    assert queue.claim_next(session=session, agent=users["telecaller"], publish=Spy()).lead
    return lead


def calls_on(session, lead: Lead) -> list[Call]:
    return list(session.exec(select(Call).where(Call.lead_id == lead.id)))


def test_reading_a_held_leads_screen_prepares_no_call_and_keeps_the_lease(
    signed_in, held, session, clock
):
    client = signed_in("telecaller")
    leased_until = held.lease_expires_at
    clock.advance(timedelta(minutes=3))
    page = client.get(f"/calls/lead/{held.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'action="/calls/lead/{held.id}"' in html and 'id="open-call"' in html
    assert 'id="lead-name"' in html
    session.expire_all()
    assert calls_on(session, held) == []
    assert session.get(Lead, held.id).lease_expires_at == leased_until


def test_the_open_button_posts_prepares_the_call_and_renews_the_lease(
    signed_in, held, session, clock
):
    client = signed_in("telecaller")
    clock.advance(timedelta(minutes=3))
    opened = client.post(
        f"/calls/lead/{held.id}", data={"csrf_token": csrf_token(client, "/queue")}
    )
    assert opened.status_code == 303
    session.expire_all()
    (call,) = calls_on(session, held)
    assert opened.headers["Location"].endswith(f"/calls/{call.id}")
    assert call.status == "preparing" and call.script_id == "inbound-demo-requests"
    assert session.get(Lead, held.id).lease_expires_at == clock.now() + queue.LEASE
    again = client.get(f"/calls/lead/{held.id}")  # once prepared, reading lands on the call
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/calls/{call.id}")


def test_opening_without_the_pages_token_is_refused_and_prepares_nothing(signed_in, held, session):
    client = signed_in("telecaller")
    refused = client.post(f"/calls/lead/{held.id}")
    assert refused.status_code == 400 and b"Reload the page" in refused.data
    assert calls_on(session, held) == []


def test_the_queue_card_opens_the_call_with_a_form_post(signed_in, held):
    client = signed_in("telecaller")
    html = client.get("/queue").get_data(as_text=True)
    form = html[html.index(f'<form method="post" action="/calls/lead/{held.id}">') :]
    assert form.index('name="csrf_token"') < form.index('id="open-call"') < form.index("</form>")


@pytest.mark.parametrize(("mode", "offered"), [("browser", True), ("bridge", False)])
def test_mute_is_offered_only_where_twilio_can_mute_the_telecaller(
    signed_in, held, session, users, mode, offered
):
    users["telecaller"].call_mode, users["telecaller"].phone = mode, "+14155550100"
    session.commit()
    client = signed_in("telecaller")
    opened = client.post(
        f"/calls/lead/{held.id}", data={"csrf_token": csrf_token(client, "/queue")}
    )
    html = client.get(opened.headers["Location"]).get_data(as_text=True)
    assert ('id="mute-button"' in html) is offered
    assert ('"action": "mute"' in html) is offered  # and M in the keys only then
    assert ("mute on your phone" in html) is not offered
