"""On PostgreSQL: the outcomes' kept facts (JSONB) replay the recorded decisions exactly."""

from __future__ import annotations

from console.db import get_session
from console.domain.handoff import HandoffRule
from console.services import accounts, calibration, calibration_lab
from console.wiring import script_library

AGREED = {
    "threshold": 8,
    "minimums": {"need": 2, "authority": 2},
    "requires": {"meeting": True, "decision_maker_present": True},
}


def test_the_rule_in_force_replays_to_the_decisions_recorded(pg_app):
    session = get_session()
    weights = calibration_lab.parse_truth("need=1,authority=1")
    calibration_lab.run(
        session=session, library=script_library(), weights=weights, leads=80, rule=AGREED
    )
    lead = accounts.user_by_email(session=session, email="lab.lead@demo.test")
    span = calibration.span(None, None, lead)
    same = calibration.what_if(
        session=session, slug=calibration_lab.SLUG, rule=HandoffRule.from_dict(AGREED), span=span
    )
    assert same["outcomes"] == 80 and 0 < same["recorded_handoffs"] < 80
    assert (same["changed"], same["gained"], same["lost"]) == (0, [], [])
    assert same["handoffs"] == same["recorded_handoffs"]
