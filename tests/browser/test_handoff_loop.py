"""In Chromium, three people signed in at once: a telecaller hands a lead off through the wrap-up,
sales accepts it on the evidence packet, and the team lead's floor shows both without a reload."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from console import clock
from console.models import Lead
from console.wiring import script_library
from tests.browser.pages import live, snap, take_lead
from tests.conftest import PASSWORD, WORKING_ZONE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("working_hours")]

# The inbound-demo-requests script, answer by answer, to a demo booked with the decision maker.
WALK = (
    "Yes, it's them",
    "Yes, go ahead",
    "We answer web demo requests a day late and lose them to competitors.",
    "By hand, spreadsheets",
    "It costs real money",
    "They decide and sign off themselves",
    "Within 3 months",
    "20 or more",
    "Budget is set aside",
    "Demo booked, decision maker attending",
)


@pytest.fixture
def lead(session, campaign) -> Lead:
    """A fresh demo request, callable now."""
    made = Lead(
        campaign_id=campaign.id,
        first_name="Grace",
        last_name="Hopper",
        title="VP Engineering",
        company="Compilers Inc",
        phone="+12125550142",  # ends 42: the simulator's lead answers and talks
        email="grace@compilers.example",
        timezone=WORKING_ZONE,
        source="website",
        form="demo",
        intent="need",
    )
    session.add(made)
    session.commit()
    return made


def walk_the_script(page: Page) -> None:
    """Take the lead from the queue, dial, answer every step while the lead talks, then hang up
    if they have not yet: the wrap-up shows once the call is over."""
    take_lead(page)
    page.get_by_role("button", name="Call Grace Hopper").click()
    expect(page.locator("#dial-phase")).to_have_attribute("data-phase", "connected")
    for answer in WALK:
        if answer.endswith("."):
            page.locator("#answer-text").fill(answer)
            page.locator("#answer-text").press("Enter")
        else:
            page.locator("#step .choice", has_text=answer).click()
    expect(page.locator("#suggestion")).to_be_visible()
    if page.get_by_role("button", name="Hang up").is_visible():
        page.get_by_role("button", name="Hang up").click()
    expect(page.locator("#wrap-up")).to_be_visible()


def book_the_meeting(page: Page, zone: str) -> None:
    """Fill the wrap-up's meeting and save; the decision shows live before saving."""
    form = page.locator("#wrap-up-form")
    expect(form.locator("#wu-disposition")).to_have_value("qualified")
    expect(form.locator("#wu-next-meeting")).to_be_checked()
    day = (clock.now().astimezone(ZoneInfo(zone)) + timedelta(days=3)).date()
    form.locator("#wu-meeting-date").fill(day.isoformat())
    form.locator("#wu-meeting-time").fill("10:30")
    form.locator("#wu-attendees").fill("Grace Hopper (VP Engineering)")
    expect(page.locator("#wu-decision-word")).to_have_text("handoff")
    expect(page.locator("#wu-reasons")).to_contain_text("total 12 meets the agreed 8")
    expect(page.locator("#wu-meeting-times")).to_contain_text("With Sales Person")
    snap(page, "wrap-up")
    page.locator("#wu-disposition").press("Control+Enter")
    expect(page.locator("#wu-result")).to_contain_text("Outcome saved")


@pytest.fixture
def on_the_phone(session, users, simulator):
    """Calls go through the simulator, and the telecaller's own phone picks up (it ends 00)."""
    users["telecaller"].phone = "+14155550100"
    session.commit()


@pytest.mark.usefixtures("on_the_phone")
def test_a_handoff_is_booked_accepted_and_seen_live_on_the_floor(page_for, users, lead):
    floor = page_for(users["lead"], PASSWORD)
    sales = page_for(users["sales"], PASSWORD)
    caller = page_for(users["telecaller"], PASSWORD)
    for page in (floor, sales):
        live(page)
        page.evaluate("window.__loaded = true")
    expect(floor.locator('.tile[data-kind="meetings_booked"] .tile-value')).to_have_text("0")

    walk_the_script(caller)
    book_the_meeting(caller, lead.timezone)

    expect(floor.locator('.tile[data-kind="meetings_booked"] .tile-value')).to_have_text("1")
    expect(floor.locator("#recent-list")).to_contain_text("meeting booked for Sales Person")
    row = sales.locator("#meetings tr.meeting-row").first
    expect(row).to_contain_text("Grace Hopper")
    expect(row).to_contain_text("Awaiting review")
    assert sales.evaluate("window.__loaded") is True  # the list updated without a reload
    snap(sales, "meetings")

    row.locator("a").click()
    expect(sales.locator("#packet-lead")).to_have_text("Grace Hopper")
    expect(sales.locator('#criteria tr[data-criterion="authority"]')).to_contain_text(
        "decision maker"
    )
    expect(sales.locator("#pain")).to_contain_text("a day late")
    snap(sales, "packet")
    sales.get_by_role("button", name="Accept").click()
    expect(sales.locator("#meeting-status")).to_have_text("Accepted")
    expect(sales.locator("#attendance-opens")).to_contain_text("once the meeting begins")
    expect(sales.get_by_role("button", name="Held")).to_have_count(0)  # not before it starts

    expect(floor.locator('.tile[data-kind="accepted"] .tile-value')).to_have_text("1")
    expect(floor.locator('.tile[data-kind="acceptance_rate"] .tile-value')).to_have_text("100%")
    expect(floor.locator("#recent-list")).to_contain_text("accepted")
    assert floor.evaluate("window.__loaded") is True  # the floor updated without a reload
    snap(floor, "floor")

    caller.goto("/my/handoffs")
    expect(caller.locator("#handoffs")).to_contain_text("Accepted by Sales Person")
    snap(caller, "handoffs")


def test_a_definitional_rejection_reaches_the_telecaller_live(page_for, users, lead, session):
    from console.services import call_screen, outcomes, queue
    from tests.handoffs import QUALIFIED_ANSWERS, Spy, meeting_body, outcome

    agent = users["telecaller"]
    queue.claim_next(session=session, agent=agent, publish=Spy())
    call = call_screen.open_call(
        session=session, lead_id=lead.id, agent=agent, library=script_library()
    )
    body = meeting_body()
    body["answers"] = QUALIFIED_ANSWERS
    meeting = outcomes.record_outcome(
        session=session,
        call_id=call.id,
        agent=agent,
        outcome=outcome(body),
        publish=Spy(),
        library=script_library(),
    ).meeting
    caller = page_for(agent, PASSWORD)
    caller.goto("/my/handoffs")
    live(caller)
    sales = page_for(users["sales"], PASSWORD)
    sales.goto(f"/meetings/{meeting.id}")
    live(sales)
    sales.get_by_role("button", name="Reject…").click()
    sales.get_by_label("Definitional").check()
    sales.get_by_label("Buying authority").check()
    sales.locator("#reject-note").fill("Gathers quotes for the CTO.")
    asked = []
    sales.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    sales.get_by_role("button", name="Reject the handoff").click()
    expect(sales.locator("#meeting-status")).to_have_text("Rejected")
    assert asked == ["Reject this handoff? The lead goes back to nurture with its score reset."]
    snap(sales, "rejected")
    feedback = caller.locator(f'#handoffs tr[data-meeting="{meeting.id}"] .feedback')
    expect(feedback).to_contain_text("Rejected as definitional")
    expect(feedback).to_contain_text("Overturned: authority")
