"""In Chromium, by keyboard alone: a call session of three leads (a meeting booked on a free slot,
an answering machine left the campaign's message with one key, a nurture). The preview counts down
and dials by itself; after each outcome the next preview follows. Prints the keys pressed per lead
and the app-clock seconds from one call's end to the next dial."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from console import clock
from console.models import Call, CallSession, Lead, Meeting, Outcome
from console.services import voicemail
from console.simulator.media import wav_tone
from tests.browser.pages import live, snap
from tests.browser.test_handoff_loop import WALK
from tests.conftest import PASSWORD, WORKING_ZONE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("working_hours")]

# Phones by how the simulator plays them (its number table): 00-49 talk, 70-79 an answering
# machine picks up after 20 s of ringing.
PLANS = {"+12125550111": "meeting", "+12125550172": "voicemail", "+12125550122": "nurture"}


class Keys:
    """The keyboard, counting every key press (a typed character is one press)."""

    def __init__(self, page: Page) -> None:
        self.page, self.count, self.typed = page, 0, 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.count += len(text)
        self.typed += len(text)


@pytest.fixture
def three_leads(session, campaign, users) -> list[Lead]:
    users["telecaller"].phone = "+14155550100"  # ends 00: the telecaller's phone picks up
    voicemail.upload_message(  # the campaign's recorded message, as an admin uploads it
        session=session,
        campaign=campaign,
        filename="hello.wav",
        declared_type="audio/wav",
        audio=wav_tone(3),
        actor=users["admin"],
    )
    made = []
    for index, (phone, plan) in enumerate(PLANS.items()):
        lead = Lead(
            campaign_id=campaign.id,
            first_name=plan.title().replace("-", ""),
            last_name=f"Lead{index}",
            title="VP Engineering",
            company=f"Company {index}",
            phone=phone,
            email=f"lead{index}@example.test",
            timezone=WORKING_ZONE,
            country="US",
            region="NY",
            source="website",
            form="demo",
            intent="need",
        )
        session.add(lead)
        made.append(lead)
    session.commit()
    return made


def answer_script(keys: Keys, page: Page) -> None:
    """The demo script to a meeting with the decision maker, each choice by its digit."""
    for answer in WALK:
        if answer.endswith("."):
            expect(page.locator("#answer-text")).to_be_focused()
            keys.type(answer)
            keys.press("Enter")
        else:
            choice = page.locator("#step .choice", has_text=answer)
            keys.press(choice.get_attribute("data-key"))
        expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")


def hang_up_if_live(keys: Keys, page: Page, ended_at: list) -> None:
    if page.locator("#hangup-button").is_visible():
        keys.press("h")
    expect(page.locator("#wrap-up-form")).to_be_visible()
    ended_at.append(clock.now())


def test_a_session_of_three_leads_by_keyboard_alone(
    page_for,
    users,
    session,
    three_leads,
    simulator,
):
    page = page_for(users["telecaller"], PASSWORD)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/session")
    live(page)
    keys = Keys(page)
    keys.press("Enter")  # Start session
    per_lead: dict[str, str] = {}
    ended_at: list = []  # the app clock when each call's end showed on the page
    for _ in range(3):
        expect(page.locator("#countdown")).to_be_visible()
        before, typed_before = keys.count, keys.typed
        name = page.locator("#lead-name").inner_text()
        plan = next(p for p in PLANS.values() if p.title().replace("-", "") in name)
        expect(page).to_have_url(re.compile(r"/calls/\d+$"), timeout=20_000)  # dialled by itself
        live(page)
        expect(page.locator("#wrap-up")).to_be_hidden()
        if plan == "meeting":
            expect(page.locator("#dial-phase")).to_have_attribute("data-phase", "connected")
            answer_script(keys, page)
            hang_up_if_live(keys, page, ended_at)
            expect(page.locator("#wu-disposition")).to_have_value("qualified")
            first_slot = page.locator("#wu-slots button.slot").first
            expect(first_slot).to_be_visible()
            keys.press("Control+Enter")  # refused: the meeting needs its time; focus: free times
            expect(page.locator("#wu-errors")).to_contain_text("Choose a time")
            expect(first_slot).to_be_focused()
            keys.press("Enter")  # books the first free time
            expect(first_slot).to_have_attribute("aria-pressed", "true")
            expect(page.locator("#wu-decision-word")).to_have_text("handoff")
            slot = (first_slot.get_attribute("data-date"), first_slot.get_attribute("data-time"))
            snap(page, "session-wrap-up")
            keys.press("Control+Enter")
        elif plan == "voicemail":
            notice = page.locator("#voicemail-drop")
            expect(notice).to_have_attribute("data-offered", "true", timeout=20_000)
            expect(notice).to_contain_text("An answering machine picked up: press L")
            snap(page, "session-voicemail")
            keys.press("l")  # the message is left by Twilio; the telecaller goes on
            ended_at.append(clock.now())
        else:
            expect(page.locator("#dial-phase")).to_have_attribute("data-phase", "connected")
            hang_up_if_live(keys, page, ended_at)
            keys.press("u")
            expect(page.locator("#wu-disposition")).to_have_value("nurture")
            keys.press("Control+Enter")
        typed = keys.typed - typed_before
        per_lead[plan] = f"{keys.count - before} ({typed} of them typed characters)"
        expect(page).to_have_url(re.compile(r"/session$"))
    expect(page.locator("#session-step")).to_be_visible()
    live(page)  # the page's keys are listening
    keys.press("e")
    expect(page.locator("#start-session")).to_be_visible()
    snap(page, "session-summary")

    session.expire_all()
    made = session.exec(select(Call).order_by(Call.started_at)).all()
    outcomes = {o.call_id: o.disposition for o in session.exec(select(Outcome)).all()}
    assert sorted(outcomes.values()) == ["nurture", "qualified", "voicemail"]
    machine = next(call for call in made if outcomes[call.id] == "voicemail")
    assert machine.answered_by == "machine_start" and machine.voicemail_left_at is not None
    (lead_leg,) = simulator.calls.children(machine.twilio_sid)
    assert [played["status_code"] for played in lead_leg.played] == [200]  # the message played
    (meeting,) = session.exec(select(Meeting)).all()
    booked = meeting.starts_at.astimezone(ZoneInfo(WORKING_ZONE))
    assert (booked.date().isoformat(), booked.strftime("%H:%M")) == slot  # the slot pressed
    gaps = [(made[i + 1].started_at - ended_at[i]).total_seconds() for i in range(len(made) - 1)]
    row = session.exec(select(CallSession)).one()
    assert row.ended_at is not None
    expect(page.locator(f"#past-{row.id} [data-figure=calls]")).to_have_text("3")
    expect(page.locator(f"#past-{row.id} [data-figure=meetings_booked]")).to_have_text("1")
    print(f"\nkeys: start 1, per lead {per_lead}, end 1, total {keys.count}")
    print("seconds from a call's end to the next dial (app clock):", [round(g, 1) for g in gaps])
