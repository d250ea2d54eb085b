"""Two telecallers book one sales rep for one time at once, on PostgreSQL: one gets the slot, the
other is offered the next rep or the rep's next free time; the invite reaches a real SMTP server."""

from __future__ import annotations

import email
import socket
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlmodel import Session, select

from console.db import engine
from console.mailer import MailCapture, captured
from console.models import MailMessage, Meeting
from console.services import accounts, campaign_people, campaigns
from console.services.jobs import send_mail
from tests.conftest import PASSWORD, at_work
from tests.handoffs import QUALIFIED_ANSWERS, add_lead, ended_call
from tests.live import ThreadServer
from tests.pg.test_races_pg import at_once

pytestmark = pytest.mark.pg


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Desk:
    """A live server, two telecallers with a qualified call each, the reps and a mail server."""

    def __init__(self, url, session, campaign, people, tokens, mail) -> None:
        self.url, self.session, self.campaign = url, session, campaign
        self.people, self.tokens, self.mail = people, tokens, mail

    def book(self, who: str, call_id: int, meeting: dict) -> requests.Response:
        body = {"disposition": "qualified", "answers": QUALIFIED_ANSWERS, "meeting": meeting}
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        url = f"{self.url}/api/v1/calls/{call_id}/outcome"
        return requests.post(url, json=body, headers=headers, timeout=60)

    def qualified_call(self, who: str, phone: str) -> int:
        lead = add_lead(
            self.session, self.campaign, phone=phone, email=f"cfo{phone[-4:]}@lead.test"
        )
        return ended_call(self.session, lead, self.people[who], answers=QUALIFIED_ANSWERS).id


@pytest.fixture
def desk(pg_app, clock, tmp_path):
    """Monday 11:00 in New York; Grace (New York) and Linus (Los Angeles) take the meetings."""
    clock.set(datetime(2026, 11, 23, 16, 0, tzinfo=UTC))
    with pg_app.app_context():
        session = Session(engine(), expire_on_commit=False)
        people = {}
        for key, name, role, zone in [
            ("ada", "Ada Caller", "telecaller", "America/New_York"),
            ("bob", "Bob Caller", "telecaller", "America/New_York"),
            ("grace", "Grace Hopper", "sales", "America/New_York"),
            ("linus", "Linus Torvalds", "sales", "America/Los_Angeles"),
        ]:
            people[key] = accounts.create_user(
                session=session, email=f"{key}@race.test", name=name, role=role, password=PASSWORD
            )
            people[key].timezone = zone
        session.commit()
        at_work(session, people["ada"], people["bob"])
        campaign = campaigns.create_campaign(
            session=session, slug="inbound", name="Inbound", script_id="inbound-demo-requests"
        )
        campaign_people.add_members(session=session, campaign=campaign, users=list(people.values()))
        tokens = {
            key: accounts.issue_token(session=session, kind="personal", name=key, user=user)
            for key, user in people.items()
        }
    port = free_port()
    pg_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TLS="none")
    with MailCapture(tmp_path / "mail", port=port) as mail, ThreadServer(pg_app) as server:
        yield Desk(server.url, session, campaign, people, tokens, mail)
    session.close()


TUESDAY_TEN = "2026-11-24T10:00:00-05:00"  # 15:00 UTC, inside both reps' working hours


def test_two_telecallers_booking_one_rep_at_one_time_one_gets_it_the_other_is_offered_another(desk):
    calls = {
        "ada": desk.qualified_call("ada", "+12125550101"),
        "bob": desk.qualified_call("bob", "+12125550102"),
    }
    who = ["ada", "bob"]

    answers = at_once(
        2,
        lambda i: desk.book(
            who[i], calls[who[i]], {"starts_at": TUESDAY_TEN, "sales_rep": "grace@race.test"}
        ),
    )

    codes = sorted(r.status_code for r in answers)
    assert codes == [200, 409], [r.text for r in answers]
    refused = next(r for r in answers if r.status_code == 409).json()["error"]
    assert refused["code"] == "slot_taken"
    sentence = refused["fields"]["meeting.starts_at"]
    assert sentence.startswith("Grace Hopper already has a meeting at Tue 24 Nov 10:00 EST (lead)")
    assert "Linus Torvalds is free then" in sentence
    assert "Grace Hopper's next free time is Tue 24 Nov 10:30 EST (lead)" in sentence
    desk.session.expire_all()
    booked = desk.session.exec(select(Meeting)).all()
    assert [(m.sales_rep_id, m.starts_at) for m in booked] == [
        (desk.people["grace"].id, datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    ]


def test_round_robin_at_one_time_gives_each_booking_its_own_rep_then_says_nobody_is_free(desk):
    phones = ["+12125550111", "+12125550112", "+12125550113"]
    calls = [
        desk.qualified_call(who, phone)
        for who, phone in zip(["ada", "bob", "ada"], phones, strict=True)
    ]
    who = ["ada", "bob"]

    answers = at_once(2, lambda i: desk.book(who[i], calls[i], {"starts_at": TUESDAY_TEN}))

    assert [r.status_code for r in answers] == [200, 200], [r.text for r in answers]
    desk.session.expire_all()
    reps = {m.sales_rep_id for m in desk.session.exec(select(Meeting))}
    assert reps == {desk.people["grace"].id, desk.people["linus"].id}
    third = desk.book("ada", calls[2], {"starts_at": TUESDAY_TEN})
    assert third.status_code == 409
    assert third.json()["error"]["message"] == (
        "No sales rep of this campaign is free at Tue 24 Nov 10:00 EST (lead). "
        "The next free time is Tue 24 Nov 10:30 EST (lead) · 10:30 EST (rep), with Grace Hopper."
    )


def test_the_invite_reaches_the_mail_server_with_a_calendar_event(desk):
    call = desk.qualified_call("ada", "+12125550121")
    answer = desk.book(
        "ada",
        call,
        {
            "starts_at": TUESDAY_TEN,
            "sales_rep": "linus@race.test",
            "attendees": "the CFO, cfo2@lead.test",
        },
    )
    assert answer.status_code == 200, answer.text

    [kept] = captured(desk.mail.folder)
    message = email.message_from_bytes(kept.read_bytes())
    assert set(message["To"].split(", ")) == {
        "linus@race.test",
        "cfo0121@lead.test",
        "cfo2@lead.test",
    }
    assert "Tue 24 Nov 07:00 PST" in message["Subject"]
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    ics = part.get_payload(decode=True).decode()
    lines = ics.replace("\r\n ", "").split("\r\n")  # unfolded (RFC 5545 3.1)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    meeting_id = answer.json()["meeting_id"]
    assert f"UID:meeting-{meeting_id}@handoff" in lines
    assert "DTSTART:20261124T150000Z" in lines and "DTEND:20261124T153000Z" in lines
    assert (
        "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:cfo2@lead.test"
        in lines
    )
    desk.session.expire_all()
    [stored] = desk.session.exec(select(MailMessage)).all()
    assert stored.sent_at is not None and stored.attempts == 1


def test_an_invite_the_mail_server_refused_waits_and_goes_out_with_the_scheduler(
    desk, pg_app, clock
):
    pg_app.config["SMTP_PORT"] = free_port()  # nothing listens there: the mail server is down
    call = desk.qualified_call("bob", "+12125550131")
    answer = desk.book("bob", call, {"starts_at": TUESDAY_TEN})
    assert answer.status_code == 200, answer.text  # the booking stands
    desk.session.expire_all()
    [waiting] = desk.session.exec(select(MailMessage)).all()
    assert waiting.sent_at is None and waiting.attempts == 1
    assert "refused" in waiting.last_error.lower(), waiting.last_error

    settings = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": desk.mail.port, "SMTP_TLS": "none"}
    said = send_mail(
        session=desk.session, now=clock.now() + timedelta(minutes=1), settings=settings
    )
    assert said.startswith("1 messages sent"), said
    assert len(captured(desk.mail.folder)) == 1
