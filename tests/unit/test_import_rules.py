"""How an import says what it did, and when one has lost its runner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.domain.imports import STALL_AFTER, ImportState, Progress, is_stalled, may_run, summary

NOW = datetime(2027, 3, 14, 6, 30, tzinfo=UTC)


def done(**counts: int | tuple[int, ...]) -> Progress:
    return Progress(state="done", strict=False, total=1244, done=1244, **counts)


def test_a_finished_import_names_its_campaign_and_counts_in_words():
    said = summary(done(created=1204, touched=37, failed=3, failed_rows=(12, 40, 77)), "Spring")
    assert said == (
        "Imported into Spring: 1,204 new leads, 37 repeats counted as touches, "
        "3 rows need fixing: rows 12, 40 and 77."
    )


def test_one_of_each_is_said_in_the_singular():
    said = summary(done(created=1, touched=1, failed=1, failed_rows=(9,)), "Spring")
    assert said == "Imported into Spring: 1 new lead, 1 repeat counted as a touch, " + (
        "1 row needs fixing: row 9."
    )


def test_repeats_that_filled_in_details_are_said_and_long_lists_are_cut():
    rows = tuple(range(2, 12))
    said = summary(done(touched=4, updated=2, failed=10, failed_rows=rows), "Spring")
    assert "4 repeats counted as touches (2 of them updated their lead)" in said
    assert "rows 2, 3, 4, 5 and 6 and more." in said


def test_a_strict_import_with_a_bad_row_says_nothing_was_imported():
    refused = Progress(state="done", strict=True, total=5, done=5, skipped=4, failed=1)
    assert refused.refused
    assert summary(refused, "Spring").startswith("Nothing was imported into Spring: 1 row needs")


def test_a_running_import_says_how_far_it_got():
    running = Progress(state="running", strict=False, total=1000, done=400)
    assert running.percent == 40 and not running.finished
    assert summary(running, "Spring") == "Importing into Spring: 400 of 1,000 rows (40%)."


def test_a_stopped_import_says_how_to_carry_on():
    stopped = Progress(state="failed", strict=False, total=1000, done=400)
    assert "upload the same file again to carry on" in summary(stopped, "Spring")


def test_an_empty_file_is_all_done():
    assert Progress(state="done", strict=False, total=0, done=0).percent == 100


def test_a_running_import_stalls_once_its_heartbeat_is_older_than_the_limit():
    fresh, old = NOW - STALL_AFTER, NOW - STALL_AFTER - timedelta(seconds=1)
    assert not is_stalled(ImportState.running, fresh, NOW)
    assert is_stalled(ImportState.running, old, NOW) and is_stalled(ImportState.queued, old, NOW)
    assert not is_stalled(ImportState.done, old, NOW)


def test_a_runner_may_take_a_waiting_stopped_or_stalled_import_only():
    fresh, old = NOW, NOW - STALL_AFTER - timedelta(seconds=1)
    assert may_run(ImportState.queued, fresh, NOW) and may_run(ImportState.failed, fresh, NOW)
    assert may_run(ImportState.running, old, NOW)
    assert not may_run(ImportState.running, fresh, NOW)
    assert not may_run(ImportState.done, old, NOW)
