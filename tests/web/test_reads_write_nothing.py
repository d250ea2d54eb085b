"""A GET never changes state: every page and API read, as every role it admits, writes no row."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from console.db import engine
from console.domain.roles import Role
from console.models import Outcome
from console.services import import_jobs, queue
from tests.conftest import sign_in
from tests.handoffs import Spy, add_lead, book_meeting

NOT_READS = ("static", "assets.vendor")  # files
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def floor(clock, session, campaign, users) -> dict[str, object]:
    """A lead the telecaller holds with no call yet, and a handed-off meeting with its call."""
    clock.set(clock.working_hours(), frozen=True)
    meeting = book_meeting(session, add_lead(session, campaign), users["telecaller"])
    held = add_lead(session, campaign)
    assert queue.claim_next(session=session, agent=users["telecaller"], publish=Spy()).lead == held
    imported = import_jobs.import_now(
        session=session,
        campaign=campaign,
        content=b"first_name,phone\nAda,+12125550123\n",
        file_name="leads.csv",
        strict=False,
        user=users["lead"],
        publish=Spy(),
    )
    return {
        "job_id": imported.id,
        "lead_id": held.id,
        "call_id": session.get(Outcome, meeting.outcome_id).call_id,
        "meeting_id": meeting.id,
        "slug": campaign.slug,
        "script_id": "inbound-demo-requests",
        "version": 1,
        "phone": held.phone,
        "table": "leaderboard",
        "user_id": users["telecaller"].id,
    }


@pytest.fixture
def writes(app) -> Iterator[list[str]]:
    """Every statement that writes, as it is sent to the database."""
    sent: list[str] = []

    def watch(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in WRITES:
            sent.append(statement)

    event.listen(engine(), "before_cursor_execute", watch)
    yield sent
    event.remove(engine(), "before_cursor_execute", watch)


def reads(app) -> list[tuple[str, object, tuple[Role, ...]]]:
    """(endpoint, rule, roles it admits) for every GET a person can send."""
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_READS:
            continue
        if rule.endpoint.startswith("twilio."):
            continue  # Twilio's signed callbacks (asked for as POST), not a person's reads
        view = app.view_functions[rule.endpoint]
        contract = getattr(view, "contract", None)
        roles = getattr(view, "allowed_roles", None) or (contract.roles if contract else ())
        found.append((rule.endpoint, rule, tuple(roles)))
    return found


def test_no_read_writes_a_row_whoever_sends_it(app, users, floor, writes):
    # Sent with the browser's session: a bearer token stamps when it was last used, by design.
    clients = {role: app.test_client() for role in ("telecaller", "lead", "sales", "admin")}
    for role, client in clients.items():
        with app.app_context():  # one context per request, as when served: nothing shared on g
            assert sign_in(client, users[role].email).status_code == 302
    anonymous = app.test_client()
    checked = []
    for endpoint, rule, roles in reads(app):
        path = rule.build({name: floor[name] for name in rule.arguments})[1]
        senders = [clients[role.value] for role in roles] or [anonymous]
        for client in senders:
            writes.clear()
            with app.app_context():
                status = client.get(path).status_code
            assert not writes, f"GET {path} ({status}) wrote: {writes}"
            checked.append(endpoint)
    assert {"calls.lead_screen", "calls.screen", "meetings.packet", "api.get_meeting"} <= set(
        checked
    )
