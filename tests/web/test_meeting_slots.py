"""The wrap-up's free times: the rep's working hours less their meetings, in both zones."""

from datetime import UTC, datetime

from console.models import Meeting
from tests.handoffs import QUALIFIED_ANSWERS, add_lead, ended_call

MONDAY_NOON = datetime(2026, 11, 23, 16, 55, tzinfo=UTC)  # 11:55 in New York


def test_the_wrap_up_offers_the_reps_free_times_in_the_leads_and_the_reps_zones(
    signed_in, session, campaign, users, clock
):
    clock.set(MONDAY_NOON)
    rep = users["sales"]
    rep.timezone, rep.working_hours = (
        "America/Los_Angeles",
        {"days": [0], "start": "09:00", "end": "12:00"},
    )
    lead = add_lead(session, campaign)
    call = ended_call(session, lead, users["telecaller"], answers=QUALIFIED_ANSWERS)
    taken = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # 10:00 Pacific
    booker = users["telecaller"].id
    session.add(Meeting(lead_id=lead.id, campaign_id=campaign.id, booked_by_id=booker,
                        sales_rep_id=rep.id, starts_at=taken))  # fmt: skip
    session.commit()

    answer = signed_in("telecaller").get(f"/wrap-up/{call.id}/slots?rep={rep.id}&length=30").json

    # 09:00-12:00 Pacific is 12:00-15:00 in New York; 10:00 Pacific is taken; it is 11:55 now.
    assert [s["short"] for s in answer["slots"]] == [
        "12:00 EST (lead) · 09:00 PST (rep)",
        "12:30 EST (lead) · 09:30 PST (rep)",
        "13:30 EST (lead) · 10:30 PST (rep)",
        "14:00 EST (lead) · 11:00 PST (rep)",
        "14:30 EST (lead) · 11:30 PST (rep)",
    ]
    first = answer["slots"][0]
    assert (first["day"], first["date"], first["time"]) == ("Mon 23 Nov", "2026-11-23", "12:00")
    assert first["label"] == "Mon 23 Nov 12:00 EST (lead) · 09:00 PST (rep)"
    assert first["rep"]["name"] == rep.name


def test_free_times_are_for_the_calls_own_telecaller(signed_in, session, campaign, users, clock):
    clock.set(MONDAY_NOON)
    lead = add_lead(session, campaign)
    call = ended_call(session, lead, users["telecaller"], answers=QUALIFIED_ANSWERS)
    assert signed_in("sales").get(f"/wrap-up/{call.id}/slots").status_code == 403
