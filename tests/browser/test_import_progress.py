"""In Chromium: the import page follows an import, its progress bar moving on without a reload
until the report names the campaign."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from console.services import campaigns, import_jobs, import_run
from tests.conftest import PASSWORD
from tests.imports import LATER, T0, Crash, crash_at, leads_file


def test_the_progress_bar_moves_on_to_the_report_without_a_reload(
    page_for, users, session, monkeypatch
):
    spring = campaigns.create_campaign(
        session=session, slug="spring", name="Spring webinar", script_id="inbound-demo-requests"
    )
    job, _ = import_jobs.begin(
        session=session,
        campaign=spring,
        content=leads_file(1000),
        file_name="spring.csv",
        strict=False,
        user=users["lead"],
        now=T0,
    )
    crash_at(monkeypatch, 250, Crash())  # its first runner dies in the second chunk
    with pytest.raises(Crash):
        import_run.run(session=session, job_id=job.id, publish=lambda *a, **k: None, now=lambda: T0)
    session.rollback()
    monkeypatch.undo()

    page = page_for(users["lead"], PASSWORD)
    page.goto(f"/leads/import/{job.id}")
    expect(page.locator("#campaign")).to_have_value("spring")
    expect(page.locator("#import-report .progress-bar")).to_have_text("20%")
    page.evaluate("window.__loaded = true")

    import_run.run(session=session, job_id=job.id, publish=lambda *a, **k: None, now=lambda: LATER)
    expect(page.locator("#import-summary")).to_contain_text("Imported into Spring webinar: ")
    expect(page.locator("#import-report .progress-bar")).to_have_count(0)
    assert page.evaluate("window.__loaded") is True  # the same document: no reload happened
