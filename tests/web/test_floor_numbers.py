"""The floor shows each caller ID's connect rate, and flags one answered far less than the rest."""

from __future__ import annotations

from datetime import timedelta

from console import clock
from console.models import Call
from tests.handoffs import add_lead


def calls(session, campaign, agent, number, dials, connects):
    lead = add_lead(session, campaign)
    for n in range(dials):
        answered = clock.now() - timedelta(hours=1) if n < connects else None
        session.add(
            Call(
                lead_id=lead.id,
                agent_id=agent.id,
                campaign_id=campaign.id,
                status="completed",
                caller_id=number,
                answered_at=answered,
                answered_by="human" if answered else None,
                started_at=clock.now() - timedelta(hours=2),
            )
        )
    session.commit()


def test_a_number_answered_far_less_than_the_others_is_flagged(signed_in, session, campaign, users):
    calls(session, campaign, users["telecaller"], "+12125550100", dials=40, connects=14)
    calls(session, campaign, users["telecaller"], "+14155550100", dials=30, connects=1)
    html = signed_in("lead").get("/floor").get_data(as_text=True)
    assert '35% <span class="text-body-secondary">(14 of 40)</span>' in html

    def row(number: str) -> str:
        return html.split(f'data-number="{number}"')[1].split("</tr>")[0]

    assert 'class="table-warning"' in row("+14155550100")
    assert "may be labelled spam" in row("+14155550100")
    assert "may be labelled spam" not in row("+12125550100")
