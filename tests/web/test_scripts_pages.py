"""Script pages: team leads and admins read every script, each version shown for a sample lead."""

from __future__ import annotations

import re
import shutil

import pytest

from console.script_files import PACKAGED_LIBRARY, load_library

INBOUND = "inbound-demo-requests"


@pytest.mark.parametrize("role", ["lead", "admin"])
def test_team_leads_and_admins_see_every_script_with_its_campaigns(signed_in, campaign, role):
    page = signed_in(role).get("/scripts")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'href="/scripts">Scripts</a>' in html  # in the navigation
    row = re.search(rf'<tr data-script="{INBOUND}">(.*?)</tr>', html, re.S).group(1)
    assert "Inbound demo and pricing requests" in row and campaign.name in row
    assert f"/scripts/{INBOUND}/1" in row and "valid" in row
    assert '<tr data-script="webinar-followup">' in html


@pytest.mark.parametrize("role", ["telecaller", "sales"])
def test_other_roles_are_refused_the_script_pages(signed_in, role):
    client = signed_in(role)
    assert client.get("/scripts").status_code == 403
    assert client.get(f"/scripts/{INBOUND}/1").status_code == 403


def test_a_version_page_renders_every_step_for_a_sample_lead(signed_in, campaign):
    html = signed_in("lead").get(f"/scripts/{INBOUND}/1").get_data(as_text=True)
    script = load_library()[(INBOUND, 1)]
    for step in script.steps:
        assert f'id="step-{step.id}"' in html
    assert "Hi Jordan, it&#39;s Lead from Brightline." in html  # sample lead, reader as the agent
    assert 'href="#step-gatekeeper"' in html and 'href="#step-booked"' in html  # branches
    assert 'data-role="objection:no-time"' in html and "authority 3" in html
    assert "{{" not in html


def test_an_unknown_version_is_not_found(signed_in):
    assert signed_in("admin").get(f"/scripts/{INBOUND}/99").status_code == 404


def test_a_broken_file_is_listed_with_its_file_and_line(app, signed_in, tmp_path):
    library = tmp_path / "library"
    shutil.copytree(PACKAGED_LIBRARY, library)
    source = (library / "webinar-followup.yaml").read_text()
    (library / "webinar-followup.yaml").write_text(
        source.replace("next: permission", "next: nowhere", 1)
    )
    app.config["SCRIPTS_DIR"] = str(library)
    html = signed_in("lead").get("/scripts").get_data(as_text=True)
    row = re.search(r'<tr data-script="webinar-followup">(.*?)</tr>', html, re.S).group(1)
    assert "broken" in row and re.search(r"webinar-followup\.yaml:\d+: branches to", row)
    assert 'id="library-problems"' in html
    assert f'<tr data-script="{INBOUND}">' in html
