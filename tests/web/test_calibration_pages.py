"""The calibration pages: team leads and admins read a campaign's calibration; others may not."""

from __future__ import annotations

import json
import re

from console.services import calibration_lab
from console.wiring import script_library


def make_lab(session) -> None:
    weights = calibration_lab.parse_truth("need=2,authority=2")
    calibration_lab.run(session=session, library=script_library(), weights=weights, leads=30)


def test_a_team_lead_reads_the_tables_and_the_curve_data(session, signed_in):
    make_lab(session)
    client = signed_in("lead")
    assert b"/calibration/calibration-lab" in client.get("/calibration").data
    page = client.get("/calibration/calibration-lab").get_data(as_text=True)
    assert 'id="score-rates"' in page and 'id="answer-rates"' in page
    assert "Need / fit 3" in page and "impact: costly" in page
    assert "Only 30 handoffs were reviewed by sales" in page
    curve = json.loads(re.search(r'id="curve-data">(.*?)</script>', page, re.S).group(1))
    assert curve["current"]["handoffs"] == 30 and curve["target"] == 90


def test_telecallers_and_sales_reps_cannot_open_calibration(session, signed_in):
    assert signed_in("telecaller").get("/calibration").status_code == 403
