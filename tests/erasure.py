"""Helpers for the erasure tests: a lead with a whole history, and a search of every table."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from console import clock
from console.contract.reviews import ReviewInput
from console.models import AuditEntry, Callback, CallEvent, Campaign, Lead, LeadTouch, Meeting, User
from console.services import outcomes, reminders, reviews
from console.wiring import script_library
from tests.handoffs import QUALIFIED_ANSWERS, Spy, add_lead, ended_call, next_weekday, outcome

PERSON = {
    "first_name": "Zelda",
    "last_name": "Quimby",
    "company": "Quimby Widgets",
    "title": "Head of Revenue Operations",
    "email": "zelda.quimby@widgets.test",
    "notes": "Zelda prefers calls before noon",
    "external_id": "crm-zq-77",
}
RECORDING_SID = "RE" + "ab" * 16


def needles(lead: Lead) -> list[str]:
    """What must not be found anywhere once the lead is erased."""
    return [lead.phone, lead.phone.lstrip("+"), *PERSON.values()]


def lived_lead(
    session: Session, campaign: Campaign, agent: User, rep: User, **fields: object
) -> tuple[Lead, Meeting]:
    """A lead with a touch, a recorded call handed off as a meeting with notes and typed answers,
    a rejection with a note, Twilio's callbacks, a callback promised and an audit entry."""
    lead = add_lead(session, campaign, **{**PERSON, **fields})
    session.add(
        LeadTouch(
            lead_id=lead.id,
            source="web",
            form="demo",
            payload={"phone": lead.phone, "email": lead.email, "message": "Zelda here, call me"},
        )
    )
    answers = {**QUALIFIED_ANSWERS, "reason": {"text": "Zelda Quimby loses demo requests"}}
    recording = f"https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/{RECORDING_SID}"
    call = ended_call(
        session, lead, agent, answers=answers, recording_sid=RECORDING_SID, recording_url=recording
    )
    call.draft = {"answers": answers, "notes": "Zelda Quimby, mobile " + lead.phone}
    session.add(
        CallEvent(
            call_id=call.id,
            call_sid=f"CA{call.id:032x}",
            kind="status",
            dedupe_key="completed",
            status="completed",
            payload={"To": lead.phone, "CallStatus": "completed", "RecordingUrl": recording},
        )
    )
    session.commit()
    body = {
        "disposition": "qualified",
        "answers": answers,
        "meeting": {
            "starts_at": next_weekday(),
            "attendees": "Zelda Quimby <zelda.quimby@widgets.test>",
        },
        "notes": "Zelda Quimby of Quimby Widgets, call on " + lead.phone,
    }
    meeting = outcomes.record_outcome(
        session=session,
        call_id=call.id,
        agent=agent,
        outcome=outcome(body),
        publish=Spy(),
        library=script_library(),
    ).meeting
    reviews.act(
        session=session,
        meeting_id=meeting.id,
        viewer=rep,
        action="reject",
        review=ReviewInput(reason="clerical", note="Zelda Quimby is not the buyer"),
        publish=Spy(),
    )
    callback = Callback(
        lead_id=lead.id,
        owner_id=agent.id,
        due_at=clock.now() + timedelta(days=2),
        note="Zelda asked for Thursday",
    )
    session.add(callback)
    session.commit()
    # Its reminder names the person.
    reminders.remind_callbacks(
        session=session, publish=Spy(), now=callback.due_at - timedelta(minutes=3)
    )
    session.add(
        AuditEntry(
            actor_id=agent.id,
            action="lead.note",
            entity="lead",
            entity_id=str(lead.id),
            after={"said": "Zelda Quimby moved to Quimby Widgets"},
        )
    )
    session.commit()
    return lead, meeting


def holding(session: Session, words: list[str], *, skip: tuple[str, ...] = ()) -> list[str]:
    """Every table.column (of every table, every text and JSON column) holding one of the words."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name in skip:
            continue
        for row in session.execute(sa.select(table)):
            for column, value in row._mapping.items():
                text = value if isinstance(value, str) else json.dumps(value, default=str)
                found += [
                    f"{table.name}.{column}: {word}"
                    for word in words
                    if word.lower() in text.lower()
                ]
    return found
