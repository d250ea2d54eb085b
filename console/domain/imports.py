"""CSV imports as recorded jobs: how they move through their states, when one has stalled, and
the sentence that tells a team lead what an import did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

CHUNK_ROWS = 200  # rows written per transaction, with the job's position
STALL_AFTER = timedelta(minutes=2)  # a running job whose heartbeat is older has lost its runner
REPORT_CAP = 500  # rows listed in the report; the counts cover every row
ROWS_NAMED = 5  # rows named in the summary sentence
FILE_KEPT = timedelta(days=7)  # an unfinished import's file (people's data) waits this long

# Why an unfinished import's file was deleted, as the end of its summary sentence.
FILE_EXPIRED = (
    f"its file was deleted after {FILE_KEPT.days} days without a rerun, because it holds "
    "people's data. Upload the same file again to carry on from there."
)
FILE_ERASED = (
    "its file was deleted because a person in it had their data erased. Take them out of the "
    "file and upload it again: rows already imported count as repeats."
)


class ImportState(StrEnum):
    """Where an import is: waiting for a runner, running, finished, or stopped by an error."""

    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


def is_stalled(state: str, heartbeat_at: datetime, now: datetime) -> bool:
    """Whether a queued or running import has gone without a runner for too long."""
    waiting = state in (ImportState.queued, ImportState.running)
    return waiting and now - heartbeat_at > STALL_AFTER


def file_expired(state: str, heartbeat_at: datetime, now: datetime) -> bool:
    """Whether an unfinished import has waited so long for a runner or a rerun that its file,
    people's data, must go (an import that finished has dropped it already)."""
    return state != ImportState.done and now - heartbeat_at > FILE_KEPT


def may_run(state: str, heartbeat_at: datetime, now: datetime) -> bool:
    """Whether a runner may take the import now: waiting, stopped by an error, or stalled."""
    return state in (ImportState.queued, ImportState.failed) or is_stalled(state, heartbeat_at, now)


@dataclass(frozen=True)
class Progress:
    """What an import has done so far, as its record holds it."""

    state: str
    strict: bool
    total: int
    done: int
    created: int = 0
    updated: int = 0
    touched: int = 0
    skipped: int = 0
    failed: int = 0
    failed_rows: tuple[int, ...] = ()  # the first rows that need fixing, by line in the file
    dropped: str = ""  # why its file was deleted before it finished (FILE_EXPIRED, FILE_ERASED)

    @property
    def percent(self) -> int:
        """How far through the file, 0-100 (an empty file is all done)."""
        if self.state == ImportState.done or not self.total:
            return 100
        return min(100, self.done * 100 // self.total)

    @property
    def finished(self) -> bool:
        return self.state == ImportState.done

    @property
    def refused(self) -> bool:
        """A strict import with a bad row writes nothing."""
        return self.strict and self.failed > 0


def summary(progress: Progress, campaign: str) -> str:
    """One sentence for the page, the API and the command line, naming the campaign."""
    if progress.state == ImportState.queued:
        return f"Waiting to import {_count(progress.total, 'row')} into {campaign}."
    if progress.state == ImportState.failed:
        why = progress.dropped or "upload the same file again to carry on from there."
        return (
            f"The import into {campaign} stopped after {progress.done:,} of "
            f"{_count(progress.total, 'row')}: {why}"
        )
    if progress.state == ImportState.running:
        if progress.strict and not progress.done:
            return f"Checking all {_count(progress.total, 'row')} for {campaign} before importing."
        return (
            f"Importing into {campaign}: {progress.done:,} of {_count(progress.total, 'row')} "
            f"({progress.percent}%)."
        )
    if progress.refused:
        return (
            f"Nothing was imported into {campaign}: {_fixes(progress)}. A strict import takes "
            "every row or none: fix those rows and upload the file again."
        )
    parts = [_count(progress.created, "new lead"), _repeats(progress)]
    if progress.failed:
        parts.append(_fixes(progress))
    return f"Imported into {campaign}: {', '.join(parts)}."


def _repeats(progress: Progress) -> str:
    touches = "a touch" if progress.touched == 1 else "touches"
    said = f"{_count(progress.touched, 'repeat')} counted as {touches}"
    if progress.updated:
        said += f" ({progress.updated:,} of them updated their lead)"
    return said


def _fixes(progress: Progress) -> str:
    noun = "row needs" if progress.failed == 1 else "rows need"
    said = f"{progress.failed:,} {noun} fixing"
    rows = progress.failed_rows[:ROWS_NAMED]
    if not rows:
        return said
    named = ", ".join(str(row) for row in rows[:-1])
    named = f"{named} and {rows[-1]}" if named else str(rows[0])
    more = " and more" if progress.failed > len(rows) else ""
    return f"{said}: {'row' if len(rows) == 1 else 'rows'} {named}{more}"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
