"""The admin's campaign pages: settings and people saved together, audited, field by field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from console.models import AuditEntry, Campaign
from console.services import campaign_people, queue, wrap_up
from tests import handoffs
from tests.conftest import csrf_token

SATURDAY_NOON_NY = datetime(2026, 11, 21, 17, 0, tzinfo=UTC)


def form(token: str, **changes: object) -> dict:
    """The settings form as an admin would send it, with some fields changed."""
    values = {
        "csrf_token": token,
        "name": "Inbound demo requests",
        "script_id": "inbound-demo-requests",
        "default_country": "US",
        "window_start": "09:00",
        "window_end": "18:00",
        "window_days": ["0", "1", "2", "3", "4"],
        "speed_to_lead_minutes": "30",
        "callback_grace_minutes": "15",
        "cadence": "5m, 2h, 1d, 1w",
        "recording": "on",
        "consent_states_recording": "disclose",
        "need_forms": "contact-sales, demo, pricing, quote, trial",
        "interest_forms": "ebook, event, newsletter, webinar, whitepaper",
        "other_forms": "interest",
        "members": [],
    }
    return {**values, **changes}


def test_an_admin_sets_the_window_cadence_and_people_and_the_change_is_audited(
    signed_in, session, campaign, users
):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/campaigns/inbound")
    response = client.post(
        "/setup/campaigns/inbound",
        data=form(token, members=[str(users["telecaller"].id)]),
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Saved (" in html and "calling window" in html
    session.refresh(campaign)
    assert campaign.calling_window == {"start": "09:00", "end": "18:00", "days": [0, 1, 2, 3, 4]}
    assert campaign.cadence == "5m,2h,1d,7d" and campaign.speed_to_lead_minutes == 30
    assert campaign_people.members_of(session=session, campaign=campaign) == {
        users["telecaller"].id
    }
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "campaign.update")).one()
    assert entry.actor_id == users["admin"].id
    assert entry.before["members"] == sorted([users["telecaller"].id, users["sales"].id])
    assert entry.after["calling_window"]["end"] == "18:00"
    assert "08:00-21:00 Mon-Sun &rarr; 09:00-18:00 Mon-Fri" in html
    assert "Telecaller Person, Sales Person &rarr; Telecaller Person" in html


def test_the_next_claim_obeys_a_narrowed_window_at_once(signed_in, session, campaign, users):
    handoffs.add_lead(session, campaign)  # in New York
    client = signed_in("admin")
    weekdays = form(
        csrf_token(client, "/setup/campaigns/inbound"), members=[str(users["telecaller"].id)]
    )
    assert client.post("/setup/campaigns/inbound", data=weekdays).status_code == 302
    claim = queue.claim_next(
        session=session,
        agent=users["telecaller"],
        publish=lambda *a, **k: None,
        now=SATURDAY_NOON_NY,
    )
    assert claim.lead is None and claim.why == {"outside_calling_hours": 1}


def test_every_bad_field_is_named_and_nothing_is_saved(signed_in, session, campaign):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/campaigns/inbound")
    bad = form(
        token,
        name="",
        window_start="07:30",
        window_end="21:30",
        window_days=[],
        cadence="soon",
        speed_to_lead_minutes="0",
        default_country="XX",
        script_id="nope",
        members=["99999"],
    )
    response = client.post("/setup/campaigns/inbound", data=bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in (
        "give the campaign a name",
        "calls may not start before 08:00 local",
        "calls may not go on after 21:00 local",
        "tick at least one day",
        "&#34;soon&#34; is not a delay",
        "whole number of minutes from 1 to 1440",
        "two-letter country code",
        "choose a script from the library",
        "no telecaller or sales rep with id 99999",
    ):
        assert message in html, message
    session.refresh(campaign)
    assert campaign.name == "Inbound demo requests" and campaign.cadence == "10m,1h,1d,2d,4d,7d"
    assert (
        session.exec(select(AuditEntry).where(AuditEntry.action == "campaign.update")).all() == []
    )


def test_an_end_before_the_start_is_refused(signed_in, campaign):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/campaigns/inbound")
    bad = form(token, window_start="17:00", window_end="10:00")
    html = client.post("/setup/campaigns/inbound", data=bad).get_data(as_text=True)
    assert "start 17:00 must be before end" in html


def test_saving_without_the_csrf_token_is_refused(signed_in, session, campaign):
    client = signed_in("admin")
    response = client.post("/setup/campaigns/inbound", data=form("", name="Hijacked"))
    assert response.status_code == 400
    session.refresh(campaign)
    assert campaign.name == "Inbound demo requests"


@pytest.mark.parametrize("role", ["telecaller", "lead", "sales"])
def test_only_admins_reach_the_campaign_pages(signed_in, session, campaign, role):
    client = signed_in(role)
    home = {"telecaller": "/queue", "lead": "/floor", "sales": "/meetings"}[role]
    token = csrf_token(client, home)
    assert client.get("/setup/campaigns").status_code == 403
    assert client.get("/setup/campaigns/inbound").status_code == 403
    writes = {
        "/setup/campaigns": {"name": "X", "slug": "x-x", "script_id": "inbound-demo-requests"},
        "/setup/campaigns/inbound": form(token, name="Hijacked"),
        "/setup/campaigns/inbound/dispositions": {"code": "x", "label": "X"},
        "/setup/campaigns/inbound/dispositions/busy/remove": {},
    }
    for path, data in writes.items():
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 403, path
    session.refresh(campaign)
    assert campaign.name == "Inbound demo requests"


def test_an_admin_starts_a_campaign_and_a_bad_slug_is_named(signed_in, session):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/campaigns")
    bad = {"csrf_token": token, "name": "Spring", "slug": "Spring Sale!", "script_id": "x"}
    html = client.post("/setup/campaigns", data=bad).get_data(as_text=True)
    assert "use 2 to 63 lowercase letters" in html and "choose a script from the library" in html
    good = {**bad, "slug": "spring-sale", "script_id": "inbound-demo-requests"}
    response = client.post("/setup/campaigns", data=good)
    assert response.status_code == 302 and response.location.endswith(
        "/setup/campaigns/spring-sale"
    )
    made = session.exec(select(Campaign).where(Campaign.slug == "spring-sale")).one()
    assert made.calling_window["start"] == "09:00" and made.cadence == "10m,1h,1d,2d,4d,7d"


def test_a_campaign_name_is_escaped_where_it_is_shown(signed_in, session, campaign):
    campaign.name = "<img src=x onerror=alert(1)>"
    session.commit()
    html = signed_in("admin").get("/setup/campaigns/inbound").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_an_admin_makes_webinar_sign_ups_need_and_intake_follows(
    signed_in, session, campaign, tokens
):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/campaigns/inbound")
    moved = form(
        token,
        need_forms="contact-sales, demo, pricing, quote, trial, Webinar",
        interest_forms="ebook, event, newsletter, whitepaper",
    )
    html = client.post("/setup/campaigns/inbound", data=moved, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Saved (" in html and "intent map" in html
    assert "need: contact-sales, demo, pricing, quote, trial, webinar;" in html
    body = {"campaign": "inbound", "first_name": "Lin", "phone": "+12125550177", "form": "webinar"}
    created = client.post("/api/v1/leads", json=body, headers=tokens["intake"]).json
    assert created["intent"] == "need" and created["status"] == "queued"


def test_a_form_in_both_lists_is_named(signed_in, campaign):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/campaigns/inbound")
    both = form(token, need_forms="demo, webinar", interest_forms="webinar, <ebook>")
    response = client.post("/setup/campaigns/inbound", data=both)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "&#34;webinar&#34; is listed as both need and interest" in html
    assert "&#34;&lt;ebook&gt;&#34; is not a form name" not in html  # one message per field


def test_an_admin_adds_a_disposition_and_telecallers_can_end_a_call_with_it(
    signed_in, session, campaign
):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/campaigns/inbound")
    added = {
        "csrf_token": token,
        "code": "left-company",
        "label": "Left the company",
        "flags": ["human_answered", "contacted", "unworkable"],
        "final": "on",
    }
    html = client.post(
        "/setup/campaigns/inbound/dispositions", data=added, follow_redirects=True
    ).get_data(as_text=True)
    assert "Telecallers can now end a call as Left the company." in html
    session.refresh(campaign)
    codes = [d.code for d in wrap_up.dispositions_of(campaign)]
    assert codes[-1] == "left-company" and "no-answer" in codes
    assert "<strong>dispositions</strong>: added left-company" in html  # the history


def test_an_incoherent_disposition_is_named_and_not_added(signed_in, session, campaign):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/campaigns/inbound")
    bad = {"csrf_token": token, "code": "Odd Code", "label": "", "flags": ["qualified"]}
    html = client.post(
        "/setup/campaigns/inbound/dispositions", data=bad, follow_redirects=True
    ).get_data(as_text=True)
    assert "The way to end a call was not added: use lowercase letters, digits and dashes" in html
    assert "give the label the telecaller sees" in html
    session.refresh(campaign)
    assert [d.code for d in wrap_up.dispositions_of(campaign)][-1] == "dnc"


def test_a_campaigns_own_disposition_can_go_but_the_shared_ones_stay(signed_in, session, campaign):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/campaigns/inbound")
    added = {"csrf_token": token, "code": "moved", "label": "Moved on", "flags": []}
    client.post("/setup/campaigns/inbound/dispositions", data=added)
    html = client.post(
        "/setup/campaigns/inbound/dispositions/no-answer/remove",
        data={"csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "no-answer is one every campaign keeps" in html
    client.post("/setup/campaigns/inbound/dispositions/moved/remove", data={"csrf_token": token})
    session.refresh(campaign)
    assert "moved" not in [d.code for d in wrap_up.dispositions_of(campaign)]
    assert "no-answer" in [d.code for d in wrap_up.dispositions_of(campaign)]


def test_an_admin_sets_the_caller_id_pool_the_currency_and_the_acceptance_target(
    signed_in, session, campaign
):
    client = signed_in("admin")
    token = csrf_token(client, "/setup/campaigns/inbound")
    wrong = client.post(
        "/setup/campaigns/inbound", data=form(token, caller_ids="+12125550100\n555-0100")
    )
    assert wrong.status_code == 422
    assert "E.164 form, one per line" in wrong.get_data(as_text=True)
    pool = "+12125550100\n +1 415 555 0100 \n+12125550100"  # spaces go; a repeat counts once
    saved = client.post(
        "/setup/campaigns/inbound",
        data=form(token, caller_ids=pool, currency="EUR", acceptance_target="85"),
    )
    assert saved.status_code == 302
    session.refresh(campaign)
    assert campaign.caller_ids == ["+12125550100", "+14155550100"] and campaign.currency == "EUR"
    assert campaign.acceptance_target == 85
    page = client.get("/setup/campaigns/inbound").get_data(as_text=True)
    assert "+12125550100\n+14155550100</textarea>" in page
