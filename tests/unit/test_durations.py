import json
import shutil
import subprocess
from pathlib import Path

import pytest

from console.domain.durations import spoken

TABLE = {
    0: "0 s",
    -5: "0 s",
    2.5: "3 s",
    45: "45 s",
    59.6: "1 m 00 s",
    247: "4 m 07 s",
    3599: "59 m 59 s",
    3840: "1 h 04 m",
    47 * 3600 + 59 * 60: "47 h 59 m",
    48 * 3600: "2 days",
    60 * 3600: "3 days",
    10 * 86400: "10 days",
}


@pytest.mark.parametrize(("seconds", "words"), TABLE.items())
def test_a_length_of_time_reads_one_way(seconds, words):
    assert spoken(seconds) == words


def test_the_pages_write_durations_exactly_as_the_server_does():
    node = shutil.which("node")
    assert node, "Node.js is needed for the front-end assets and this test"
    live = Path(__file__).parents[2] / "static" / "js" / "live.js"
    source = live.read_text()
    start = source.index("function duration(")
    end = source.index("\n  }\n", start) + 4
    asked = json.dumps(list(TABLE))
    program = f"{source[start:end]}\nconsole.log(JSON.stringify({asked}.map(duration)));"
    printed = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True)
    assert json.loads(printed.stdout) == list(TABLE.values())
