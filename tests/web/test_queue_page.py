"""The telecaller's queue page: next lead preview, why it is next, release, counts, escaping."""

from __future__ import annotations

import pytest

from console.models import Lead
from tests import handoffs
from tests.conftest import WORKING_ZONE, csrf_token

pytestmark = pytest.mark.usefixtures("working_hours")  # calls are placed: in calling hours


def add_lead(session, campaign, **fields) -> Lead:
    """The shared test lead, callable now, from a demo form on the website."""
    values = {
        "timezone": WORKING_ZONE,
        "country": None,
        "region": None,
        "form": "demo",
        "source": "website",
        **fields,
    }
    return handoffs.add_lead(session, campaign, **values)


def test_next_lead_shows_a_preview_with_why_it_is_next(signed_in, session, campaign):
    add_lead(session, campaign, notes="Wants pricing for 40 seats")
    client = signed_in("telecaller")
    token = csrf_token(client, "/queue")
    html = client.post("/queue/next", headers={"X-CSRFToken": token}).get_data(as_text=True)
    assert "Ada Byron" in html and "COO" in html and "Engines" in html
    assert "Fresh need lead" in html and "Wants pricing for 40 seats" in html
    assert "None yet: this is the first call." in html


def test_the_page_shows_the_lead_already_held_after_a_reload(signed_in, session, campaign):
    add_lead(session, campaign)
    client = signed_in("telecaller")
    client.post("/queue/next", headers={"X-CSRFToken": csrf_token(client, "/queue")})
    assert "Ada Byron" in client.get("/queue").get_data(as_text=True)


def test_an_empty_queue_explains_itself(signed_in, session, campaign):
    client = signed_in("telecaller")
    html = client.post(
        "/queue/next", headers={"X-CSRFToken": csrf_token(client, "/queue")}
    ).get_data(as_text=True)
    assert "The queue is empty" in html


def test_lead_typed_text_is_escaped_on_the_queue_page(signed_in, session, campaign):
    add_lead(session, campaign, notes="<script>alert(1)</script> {{ config }}")
    client = signed_in("telecaller")
    html = client.post(
        "/queue/next", headers={"X-CSRFToken": csrf_token(client, "/queue")}
    ).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ config }}" in html


def test_release_clears_the_preview_and_counts_show_buckets(signed_in, session, campaign):
    lead = add_lead(session, campaign)
    client = signed_in("telecaller")
    token = csrf_token(client, "/queue")
    client.post("/queue/next", headers={"X-CSRFToken": token})
    html = client.post(f"/queue/release/{lead.id}", headers={"X-CSRFToken": token}).get_data(
        as_text=True
    )
    assert "Released" in html
    counts = client.get("/queue/counts").get_data(as_text=True)
    assert 'data-bucket="fresh_need"' in counts and ">1<" in counts


def test_the_queue_actions_need_csrf(signed_in, session, campaign):
    client = signed_in("telecaller")
    assert client.post("/queue/next").status_code == 400
