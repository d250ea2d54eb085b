"""CSV imports as recorded jobs: what starting one takes, and the import as the API and the page
show it while it runs and once it is done."""

from __future__ import annotations

from pydantic import Field

from console.contract.common import Answer, Moment, text
from console.contract.leads import ImportQuery, RejectedRow
from console.domain.imports import REPORT_CAP, ImportState


class ImportStart(ImportQuery):
    """POST /campaigns/{slug}/imports: `strict`, and the file's name for the record."""

    file_name: text(255) = Field(default="", description="the file's name, shown in the report")


class ImportCard(Answer):
    """An import: how far it got, what it did, and the sentence that says so."""

    id: int
    campaign: str = Field(description="the campaign's slug")
    campaign_name: str
    file_name: str
    sha256: str = Field(description="the file's SHA-256: the same file again is this import")
    strict: bool
    by: str | None = Field(description="who started it; null from the command line")
    state: ImportState
    total_rows: int = Field(description="rows in the file that hold something")
    rows_done: int
    percent: int = Field(ge=0, le=100)
    created: int = Field(description="new leads")
    updated: int = Field(description="repeats that filled in a lead's blanks or raised it to need")
    touched: int = Field(description="repeats of a known lead, counted as touches")
    skipped: int = Field(description="good rows a strict import left out for the bad ones")
    failed: int = Field(description="rows that need fixing")
    rejected: list[RejectedRow] = Field(description=f"the first {REPORT_CAP} rows to fix")
    ignored_columns: list[str]
    summary: str = Field(description="what the import did, in one sentence")
    created_at: Moment
    started_at: Moment | None
    finished_at: Moment | None
    heartbeat_at: Moment = Field(description="when its runner last reported")
