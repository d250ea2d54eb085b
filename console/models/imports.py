"""CSV imports as recorded jobs: the file kept until done, how far it got, and what it did."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, LargeBinary
from sqlmodel import Field, SQLModel

from console import clock
from console.domain.imports import ImportState
from console.models.types import JSONType, UTCDateTime


class ImportJob(SQLModel, table=True):
    """One upload of a CSV file into a campaign. Rows are written in chunks, each in one
    transaction with `rows_done`, so the record always says how far the file got."""

    __tablename__ = "import_job"

    # A rerun of the same file into the same campaign finds its earlier import.
    __table_args__ = (Index("ix_import_job_campaign_sha256", "campaign_id", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    user_id: int | None = Field(default=None, foreign_key="app_user.id")  # None: the CLI
    file_name: str = Field(default="", max_length=255)
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_type=LargeBinary)  # kept until done, so the import can resume
    strict: bool = Field(default=False)
    state: str = Field(default=ImportState.queued, max_length=16, index=True)
    runner: str = Field(default="", max_length=32)  # the runner that holds it; chunks check it
    total_rows: int = Field(default=0)
    rows_done: int = Field(default=0)
    created: int = Field(default=0)
    updated: int = Field(default=0)  # repeats that filled in a lead's blanks or raised it to need
    touched: int = Field(default=0)  # repeats of a lead already known, counted as touches
    skipped: int = Field(default=0)  # good rows a strict import left out for the bad ones
    failed: int = Field(default=0)
    rejected: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONType)  # capped
    ignored_columns: list[str] = Field(default_factory=list, sa_type=JSONType)
    error: str = Field(default="", max_length=500)
    dropped: str = Field(default="", max_length=300)  # why its file was deleted unfinished
    heartbeat_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=clock.now, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
