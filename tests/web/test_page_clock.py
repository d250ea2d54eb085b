"""Pages tell time by the server's clock: each page carries it; no script reads the browser's."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "static" / "js"
# Reads of the browser's own clock; live.js's handoff.now() is the only "now" a script may use.
BROWSER_NOW = {
    "Date.now()": re.compile(r"\bDate\.now\b"),
    "new Date() without an instant": re.compile(r"\bnew\s+Date\b(?!\s*\(\s*[^\s)])"),
    "performance.now() outside live.js": re.compile(r"\bperformance\.now\b"),
}


@pytest.mark.parametrize("path", ["/floor", "/meetings"])
def test_every_page_carries_the_servers_time(signed_in, clock, path):
    clock.set(datetime(2027, 2, 28, 23, 59, 30, tzinfo=UTC), frozen=True)
    html = signed_in("lead").get(path).get_data(as_text=True)
    assert '<meta name="server-now" content="2027-02-28T23:59:30.000+00:00">' in html


def test_no_script_reads_the_browsers_clock():
    offenders = [
        f"{script.name}:{number}: {name}"
        for script in sorted(SCRIPTS.glob("*.js"))
        for number, line in enumerate(script.read_text().splitlines(), start=1)
        for name, pattern in BROWSER_NOW.items()
        if pattern.search(line) and not (script.name == "live.js" and "performance" in name)
    ]
    assert offenders == [], "use handoff.now() (static/js/live.js) for the server's time"
    assert any(SCRIPTS.glob("*.js"))
