"""Races on PostgreSQL: parallel HTTP requests against a threaded server; exactly one wins each."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from sqlmodel import Session, func, select

from console.db import engine
from console.models import AuditEntry, Call, DncEntry, Lead, LeadTouch, Meeting
from console.services import accounts, campaign_people, campaigns
from tests.conftest import PASSWORD, at_work
from tests.handoffs import QUALIFIED_ANSWERS, add_lead, ended_call, meeting_body
from tests.live import ThreadServer

pytestmark = pytest.mark.pg


def at_once(count: int, send) -> list[requests.Response]:
    """`send(i)` from `count` threads released together; the responses in order."""
    start = threading.Barrier(count)

    def fire(index: int) -> requests.Response:
        start.wait()
        return send(index)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(fire, range(count)))


@pytest.fixture
def floor(pg_app, clock):
    """A live server on PostgreSQL, a campaign callable now, its people and their tokens."""
    clock.working_hours()
    with pg_app.app_context():
        session = Session(engine(), expire_on_commit=False)
        people = {
            role: accounts.create_user(
                session=session,
                email=f"{role}@race.test",
                name=f"{role.title()} Race",
                role=role,
                password=PASSWORD,
            )
            for role in ("telecaller", "sales", "lead", "admin")
        }
        at_work(session, people["telecaller"])
        campaign = campaigns.create_campaign(
            session=session, slug="inbound", name="Inbound", script_id="inbound-demo-requests"
        )
        campaign.calling_window = {"start": "08:00", "end": "21:00", "days": list(range(7))}
        session.commit()
        campaign_people.add_members(
            session=session, campaign=campaign, users=[people["telecaller"], people["sales"]]
        )
        tokens = {
            role: accounts.issue_token(session=session, kind="personal", name=role, user=user)
            for role, user in people.items()
        }
        tokens["intake"] = accounts.issue_token(session=session, kind="intake", name="site")
    with ThreadServer(pg_app) as server:
        yield Floor(server.url, session, campaign, people, tokens)
    session.close()


class Floor:
    """The server's URL, a session of the test's own, and who is on the floor."""

    def __init__(self, url, session, campaign, people, tokens) -> None:
        self.url, self.session, self.campaign = url, session, campaign
        self.people, self.tokens = people, tokens

    def api(self, who: str, method: str, path: str, **kwargs) -> requests.Response:
        """One API request as `who` (a role, or "intake")."""
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        return requests.request(
            method, f"{self.url}/api/v1{path}", headers=headers, timeout=60, **kwargs
        )

    def count(self, model, *where) -> int:
        """Rows of a table as committed now."""
        self.session.expire_all()
        return self.session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_five_dials_of_one_held_lead_place_one_call(floor):
    lead = add_lead(floor.session, floor.campaign)
    assert floor.api("telecaller", "POST", "/queue/next", json={}).json()["lead"]["id"] == lead.id

    answers = at_once(5, lambda _: floor.api(
        "telecaller", "POST", "/calls", json={"lead_id": lead.id, "mode": "browser"}
    ))  # fmt: skip

    assert sorted(r.status_code for r in answers) == [201, 409, 409, 409, 409]
    refused = {r.json()["error"]["code"] for r in answers if r.status_code == 409}
    assert refused == {"already_on_call"}
    assert floor.count(Call, Call.lead_id == lead.id) == 1


def test_a_burst_of_dials_cannot_pass_floridas_three_calls_in_a_day(floor, clock):
    lead = add_lead(floor.session, floor.campaign, region="FL")
    for n, hours_ago in enumerate((5, 3)):  # two calls today already, each over
        at = clock.now() - timedelta(hours=hours_ago)
        ended_call(floor.session, lead, floor.people["telecaller"], started_at=at,
                   lead_call_sid=f"CA{n:032d}", ended_at=at + timedelta(minutes=4))  # fmt: skip

    answers = at_once(5, lambda _: floor.api(
        "telecaller", "POST", "/calls", json={"lead_id": lead.id, "mode": "browser"}
    ))  # fmt: skip

    assert sorted(r.status_code for r in answers) == [201, 409, 409, 409, 409]
    refused = {r.json()["error"]["code"] for r in answers if r.status_code == 409}
    assert refused <= {"already_on_call", "florida_limit"}
    assert floor.count(Call, Call.lead_id == lead.id) == 3


def booked_meeting(floor: Floor, phone: str) -> int:
    """A lead qualified on a call and handed off: its meeting's id."""
    lead = add_lead(floor.session, floor.campaign, phone=phone)
    call = ended_call(floor.session, lead, floor.people["telecaller"], answers=QUALIFIED_ANSWERS)
    outcome = floor.api("telecaller", "POST", f"/calls/{call.id}/outcome", json=meeting_body())
    assert outcome.status_code == 200 and outcome.json()["decision"] == "handoff", outcome.text
    return outcome.json()["meeting_id"]


def test_an_accept_and_a_reject_of_one_meeting_never_both_win(floor):
    reject = {"reason": "definitional", "overturned": ["authority"], "note": "Gathers quotes."}
    for n in range(6):
        meeting_id = booked_meeting(floor, f"+1212555{7000 + n}")
        steps = [("sales", "accept", {}), ("lead", "reject", reject)]

        answers = at_once(2, lambda i, steps=steps, meeting_id=meeting_id: floor.api(
            steps[i][0], "POST", f"/meetings/{meeting_id}/{steps[i][1]}", json=steps[i][2]
        ))  # fmt: skip

        assert sorted(r.status_code for r in answers) == [200, 409], [r.text for r in answers]
        floor.session.expire_all()
        meeting = floor.session.get(Meeting, meeting_id)
        lead = floor.session.get(Lead, meeting.lead_id)
        assert (meeting.status, lead.status) in {("accepted", "meeting"), ("rejected", "nurture")}


def test_twenty_identical_arrivals_make_one_lead_and_nineteen_touches(floor):
    body = {"campaign": "inbound", "first_name": "Ada", "last_name": "Race",
            "phone": "+12125550177", "country": "US", "region": "NY", "form": "demo"}  # fmt: skip

    answers = at_once(20, lambda _: floor.api("intake", "POST", "/leads", json=body))

    assert Counter(r.status_code for r in answers) == {201: 1, 200: 19}
    assert all(r.json()["duplicate"] for r in answers if r.status_code == 200)
    assert floor.count(Lead, Lead.phone == "+12125550177") == 1
    lead = floor.session.exec(select(Lead).where(Lead.phone == "+12125550177")).one()
    assert floor.count(LeadTouch, LeadTouch.lead_id == lead.id) == 20 == lead.touches


def test_ten_people_blocking_one_number_add_one_entry(floor):
    answers = at_once(10, lambda i: floor.api(
        "lead" if i % 2 else "admin", "POST", "/dnc", json={"phone": "+12125550188"}
    ))  # fmt: skip

    assert Counter(r.status_code for r in answers) == {201: 1, 200: 9}
    assert floor.count(DncEntry, DncEntry.phone == "+12125550188") == 1
    assert floor.count(AuditEntry, AuditEntry.action == "dnc.add") == 1


def test_twenty_claims_by_one_telecaller_hold_one_lead(floor):
    for n in range(25):
        add_lead(floor.session, floor.campaign, phone=f"+1212555{8000 + n}")

    answers = at_once(20, lambda _: floor.api("telecaller", "POST", "/queue/next", json={}))

    assert {r.status_code for r in answers} == {200}
    assert len({r.json()["lead"]["id"] for r in answers}) == 1
    held = Lead.lease_owner_id == floor.people["telecaller"].id
    assert floor.count(Lead, held) == 1
